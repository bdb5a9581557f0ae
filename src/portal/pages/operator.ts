/** The operator's page: the run in progress (and a button to start one), last runs, the inbox, accounts, the audit log. */
import { t } from '../../lang.ts';
import { msg } from '../../messages/index.ts';
import { html } from '../../report/index.ts';
import type { RunnerState } from '../runner.ts';
import type { RunSummary } from '../runs.ts';
import type { PageContext, User } from '../types.ts';
import { csrfField, message, page, ROLE_ZH, shownTime } from './layout.ts';
import { runsTable } from './runs.ts';

export interface InboxEntry {
  name: string;
  sizeBytes: number;
  modifiedAt: string;
  facts: string;
}

export interface OperatorData {
  runner: RunnerState;
  lockHolder: { pid: number; startedAt: string } | null;
  runs: RunSummary[];
  inbox: InboxEntry[];
  rejected: InboxEntry[];
  users: (User & { createdAt: string })[];
  audit: { at: string; userName: string | null; action: string; target: string | null; outcome: string; ip: string | null; detailJson: string | null }[];
  /** Bank files refused for reusing another bank's batch number: at upload, or in a night's ingest. */
  batchConflicts: BatchConflict[];
  notice?: string;
}

export interface BatchConflict {
  at: string;
  /** Who uploaded it (null: a file ingested from the inbox or the command line). */
  userName: string | null;
  fileName: string | null;
  batch: string | null;
  bank: string | null;
  owner: string | null;
  message: string | null;
}

const STATE_ZH: Record<RunnerState['state'], string> = { idle: '空闲', running: '运行中', done: '已完成', interrupted: '已中断', failed: '失败', locked: '未启动：另一次运行正在进行' };

/** Audit actions in words (the codes stay in the database and the English page). */
const ACTION_ZH: Record<string, string> = {
  login: '登录', 'login-failed': '登录失败', 'login-limited': '登录受限', logout: '退出', upload: '上传', 'upload-confirm': '确认上传',
  'upload-discard': '放弃上传', download: '下载', review: '审核标记', 'run-now': '立即运行', forbidden: '越权访问', 'csrf-refused': '表单校验失败',
  'batch-conflict': '跨行批次冲突',
};

/** A refusal's code (`duplicate`, `name-path`, …) when the entry has no target of its own. */
function auditCode(detailJson: string | null): string {
  try {
    const code = detailJson ? (JSON.parse(detailJson) as { code?: unknown }).code : null;
    return typeof code === 'string' ? code : '';
  } catch {
    return '';
  }
}

function kb(n: number): string {
  return n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`;
}

export function operatorPage(ctx: PageContext, d: OperatorData): string {
  const l = ctx.lang;
  const r = d.runner;
  const running = r.state === 'running' || d.lockHolder !== null;
  const state = html`<div class="card" id="runner"><h2>${msg(l, 'pages.operator.runNow')}</h2>
<p>${msg(l, 'pages.operator.state')}<span class="badge ${r.state}" id="runner-state">${t(l, STATE_ZH[r.state], r.state)}</span>
${r.startedAt ? html` <span class="muted">${msg(l, 'pages.operator.startedByAt', { by: r.by ?? '', time: shownTime(r.startedAt) })}${r.finishedAt ? msg(l, 'pages.operator.ended', { time: shownTime(r.finishedAt) }) : ''}${r.runId ? msg(l, 'pages.operator.run', { runId: r.runId }) : ''}</span>` : ''}</p>
${r.message ? message('error', l === 'en' ? r.message.en : r.message.zh) : ''}
${d.lockHolder && r.state !== 'running' ? message('info', msg(l, 'pages.operator.anotherRunIsIn', { pid: d.lockHolder.pid, time: shownTime(d.lockHolder.startedAt) })) : ''}
<form method="post" action="/operator/run">${csrfField(ctx)}<button type="submit" id="run-now"${running ? html` disabled` : ''}>${msg(l, 'pages.operator.runNow2')}</button>
<span class="muted">${msg(l, 'pages.operator.takesEveryInboxFile')}</span></form></div>`;
  const files = (list: InboxEntry[], id: string) =>
    list.length
      ? html`<table id="${id}"><thead><tr><th>${msg(l, 'pages.operator.file')}</th><th>${msg(l, 'pages.operator.size')}</th><th>${msg(l, 'pages.operator.modified')}</th><th>${msg(l, 'pages.operator.batchFacts')}</th></tr></thead><tbody>
${list.map((f) => html`<tr><td>${f.name}</td><td class="num">${kb(f.sizeBytes)}</td><td>${shownTime(f.modifiedAt)}</td><td>${f.facts}</td></tr>`)}</tbody></table>`
      : html`<p class="muted" id="${id}">${msg(l, 'pages.operator.empty')}</p>`;
  return page(
    ctx,
    msg(l, 'pages.operator.operations'),
    html`<h1>${msg(l, 'pages.operator.operations2')}</h1>
${d.notice ? message('ok', d.notice) : ''}
${state}
<h2>${msg(l, 'pages.operator.lastRuns')}</h2>${runsTable(ctx, d.runs, { links: true })}
<h2>${msg(l, 'pages.operator.inboxFilesWaiting', { length: d.inbox.length })}</h2>${files(d.inbox, 'inbox')}
<h2>${msg(l, 'pages.operator.refusedFilesRejected')}</h2>${files(d.rejected, 'rejected')}
<h2>${msg(l, 'pages.operator.batchNumbersOfAnother')}</h2>
${d.batchConflicts.length
  ? html`<div class="table-wrap"><table id="batch-conflicts"><thead><tr><th>${msg(l, 'pages.operator.when')}</th><th>${msg(l, 'pages.operator.via')}</th><th>${msg(l, 'pages.operator.file2')}</th><th>${msg(l, 'pages.operator.batch')}</th><th>${msg(l, 'pages.operator.sentBy')}</th><th>${msg(l, 'pages.operator.batchOwnedBy')}</th></tr></thead><tbody>
${d.batchConflicts.map((c) => html`<tr><td>${shownTime(c.at)}</td><td>${c.userName ? msg(l, 'pages.operator.upload', { userName: c.userName }) : msg(l, 'pages.operator.ingest')}</td><td>${c.fileName ?? ''}</td><td>${c.batch ?? ''}</td><td>${c.bank ?? msg(l, 'pages.operator.noneNamed')}</td><td>${c.owner ?? (c.message ? c.message : msg(l, 'pages.operator.noneNamed2'))}</td></tr>`)}</tbody></table></div>`
  : html`<p class="muted" id="batch-conflicts">${msg(l, 'pages.operator.none')}</p>`}
<h2>${msg(l, 'pages.operator.accounts')}</h2><p class="muted">${msg(l, 'pages.operator.accountsAreManagedFrom')}</p>
<table id="users"><thead><tr><th>${msg(l, 'pages.operator.name')}</th><th>${msg(l, 'pages.operator.role')}</th><th>${msg(l, 'pages.operator.bankDistricts')}</th><th>${msg(l, 'pages.operator.created')}</th><th>${msg(l, 'pages.operator.state2')}</th></tr></thead><tbody>
${d.users.map((u) => html`<tr><td>${u.name}</td><td>${t(l, ROLE_ZH[u.role], u.role)}</td><td>${u.bank ?? u.districts?.join('、') ?? ''}</td><td>${shownTime(u.createdAt)}</td><td>${u.disabled ? msg(l, 'pages.operator.disabled') : msg(l, 'pages.operator.active')}</td></tr>`)}</tbody></table>
<h2>${msg(l, 'pages.operator.auditLogLast50')}</h2>
<div class="table-wrap"><table id="audit"><thead><tr><th>${msg(l, 'pages.operator.when2')}</th><th>${msg(l, 'pages.operator.user')}</th><th>${msg(l, 'pages.operator.action')}</th><th>${msg(l, 'pages.operator.target')}</th><th>${msg(l, 'pages.operator.outcome')}</th><th>IP</th></tr></thead><tbody>
${d.audit.map((a) => html`<tr data-action="${a.action}"><td>${shownTime(a.at)}</td><td>${a.userName ?? ''}</td><td>${t(l, ACTION_ZH[a.action] ?? a.action, a.action)}</td><td>${a.target ?? auditCode(a.detailJson)}</td><td>${t(l, a.outcome === 'ok' ? '成功' : a.outcome === 'refused' ? '已拒绝' : a.outcome, a.outcome)}</td><td>${a.ip ?? ''}</td></tr>`)}</tbody></table></div>`,
    { refresh: running ? 3 : undefined },
  );
}
