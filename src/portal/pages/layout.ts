/** The page shell: header with the account's navigation, one stylesheet, no script anywhere. */
import { t } from '../../lang.ts';
import { msg } from '../../messages/index.ts';
import { html, type Html } from '../../report/index.ts';
import { CSRF_FIELD } from '../csrf.ts';
import type { PageContext, Role } from '../types.ts';

const NAV: { path: string; zh: string; en: string; roles: Role[] }[] = [
  { path: '/operator', zh: '运行管理', en: 'Operations', roles: ['operator'] },
  { path: '/upload', zh: '上传文件', en: 'Upload', roles: ['operator', 'bank'] },
  { path: '/uploads', zh: '上传记录', en: 'Uploads', roles: ['operator', 'bank'] },
  { path: '/runs', zh: '运行与报告', en: 'Runs & reports', roles: ['operator', 'supervisor'] },
  { path: '/findings', zh: '疑点', en: 'Findings', roles: ['operator', 'supervisor'] },
];

export const ROLE_ZH: Record<Role, string> = { operator: '操作员', bank: '银行联络员', supervisor: '监督人员' };

/** A hidden field with the form's CSRF token: every form has one. */
export function csrfField(ctx: PageContext): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrf}">`;
}

export interface PageOptions {
  /** Reload every N seconds (the operator page while a run is going). */
  refresh?: number;
}

export function page(ctx: PageContext, title: string, body: Html, opts: PageOptions = {}): string {
  const l = ctx.lang;
  const u = ctx.user;
  const nav = u
    ? NAV.filter((n) => n.roles.includes(u.role)).map(
        (n) => html`<a href="${n.path}" class="${ctx.path === n.path || ctx.path.startsWith(`${n.path}/`) ? 'current' : ''}">${t(l, n.zh, n.en)}</a> `,
      )
    : [];
  const who = u
    ? html`<span class="who">${u.name}（${t(l, ROLE_ZH[u.role], u.role)}${u.bank ? `，${u.bank}` : ''}${u.districts ? `，${u.districts.join('、')}` : ''}）
<form method="post" action="/logout">${csrfField(ctx)}<button type="submit">${msg(l, 'pages.layout.signOut')}</button></form></span>`
    : '';
  return html`<!doctype html>
<html lang="${l === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
${opts.refresh ? html`<meta http-equiv="refresh" content="${opts.refresh}">` : ''}
<title>${title} · ${msg(l, 'pages.layout.reliefRecon')}</title>
<link rel="stylesheet" href="/assets/portal.css"></head>
<body><header class="top"><span class="brand">${msg(l, 'pages.layout.socialAssistanceReconciliation')}</span><nav>${nav}</nav>${who}</header>
<main>${body}</main></body></html>
`.text;
}

/** `2026-11-28T02:15:07+08:00` as people read it: `2026-11-28 02:15:07` (the stored times are Beijing time). */
export function shownTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

export function message(kind: 'error' | 'ok' | 'info', text: string | Html): Html {
  return html`<div class="msg ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${text}</div>`;
}
