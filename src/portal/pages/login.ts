/** The sign-in page. */
import { t } from '../../lang.ts';
import { html } from '../../report/index.ts';
import type { PageContext } from '../types.ts';
import { csrfField, message, page } from './layout.ts';

export function loginPage(ctx: PageContext, opts: { error?: string; name?: string; next?: string } = {}): string {
  const l = ctx.lang;
  return page(
    ctx,
    t(l, '登录', 'Sign in'),
    html`<div class="login card"><h1>${t(l, '登录', 'Sign in')}</h1>
${opts.error ? message('error', opts.error) : ''}
<form method="post" action="/login">${csrfField(ctx)}
<input type="hidden" name="next" value="${opts.next ?? ''}">
<label for="name">${t(l, '用户名', 'User name')}</label><input type="text" id="name" name="name" autocomplete="username" required value="${opts.name ?? ''}">
<label for="password">${t(l, '密码', 'Password')}</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<p><button type="submit" id="login">${t(l, '登录', 'Sign in')}</button></p></form>
<p class="muted">${t(l, '账号由财政局操作员开设。忘记密码请联系操作员。', 'Accounts are opened by the finance bureau operator; ask them to reset a password.')}</p></div>`,
  );
}
