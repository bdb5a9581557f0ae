/** A page that says what went wrong and what to do: forbidden, not found, a refused form, too large. */
import { t } from '../../lang.ts';
import { html } from '../../report/index.ts';
import type { PageContext } from '../types.ts';
import { message, page } from './layout.ts';

export function problemPage(ctx: PageContext, title: string, text: string, back?: { href: string; label: string }): string {
  return page(
    ctx,
    title,
    html`<h1>${title}</h1>${message('error', text)}${back ? html`<p><a class="button secondary" href="${back.href}">${back.label}</a></p>` : ''}`,
  );
}

export function forbiddenPage(ctx: PageContext): string {
  const l = ctx.lang;
  return problemPage(
    ctx,
    t(l, '无权访问', 'Forbidden'),
    t(l, '您的账号无权查看此页面或此数据。如需访问，请联系财政局操作员。', 'Your account may not see this page or this data. Ask the finance bureau operator if you need access.'),
    { href: '/', label: t(l, '返回首页', 'Home') },
  );
}

export function notFoundPage(ctx: PageContext): string {
  const l = ctx.lang;
  return problemPage(ctx, t(l, '找不到页面', 'Not found'), t(l, '没有这个页面或这条记录。', 'There is no such page or record.'), { href: '/', label: t(l, '返回首页', 'Home') });
}

export function csrfRefusedPage(ctx: PageContext): string {
  const l = ctx.lang;
  return problemPage(
    ctx,
    t(l, '表单已失效', 'Form refused'),
    t(l, '该表单缺少有效的安全令牌（可能页面已过期，或请求并非来自本系统的页面），已拒绝处理。请返回、刷新页面后重新提交。', 'The form lacks a valid security token (the page may have expired, or the request did not come from this portal); it was refused. Go back, reload the page and submit again.'),
    { href: '/', label: t(l, '返回首页', 'Home') },
  );
}
