/** The sign-in page. */
import { msg } from '../../messages/index.ts';
import { html } from '../../report/index.ts';
import type { PageContext } from '../types.ts';
import { csrfField, message, page } from './layout.ts';

export function loginPage(ctx: PageContext, opts: { error?: string; name?: string; next?: string } = {}): string {
  const l = ctx.lang;
  return page(
    ctx,
    msg(l, 'pages.login.signIn'),
    html`<div class="login card"><h1>${msg(l, 'pages.login.signIn2')}</h1>
${opts.error ? message('error', opts.error) : ''}
<form method="post" action="/login">${csrfField(ctx)}
<input type="hidden" name="next" value="${opts.next ?? ''}">
<label for="name">${msg(l, 'pages.login.userName')}</label><input type="text" id="name" name="name" autocomplete="username" required value="${opts.name ?? ''}">
<label for="password">${msg(l, 'pages.login.password')}</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<p><button type="submit" id="login">${msg(l, 'pages.login.signIn3')}</button></p></form>
<p class="muted">${msg(l, 'pages.login.accountsAreOpenedBy')}</p></div>`,
  );
}
