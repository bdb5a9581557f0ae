/** A page that says what went wrong and what to do: forbidden, not found, a refused form, too large. */
import { msg } from '../../messages/index.ts';
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
    msg(l, 'pages.problem.forbidden'),
    msg(l, 'pages.problem.yourAccountMayNot'),
    { href: '/', label: msg(l, 'pages.problem.home') },
  );
}

export function notFoundPage(ctx: PageContext): string {
  const l = ctx.lang;
  return problemPage(ctx, msg(l, 'pages.problem.notFound'), msg(l, 'pages.problem.thereIsNoSuch'), { href: '/', label: msg(l, 'pages.problem.home2') });
}

export function csrfRefusedPage(ctx: PageContext): string {
  const l = ctx.lang;
  return problemPage(
    ctx,
    msg(l, 'pages.problem.formRefused'),
    msg(l, 'pages.problem.theFormLacksA'),
    { href: '/', label: msg(l, 'pages.problem.home3') },
  );
}
