/** The operator's page: the run in progress (and a button to start one), last runs, the inbox, accounts, the audit log. */
import { t } from '../../lang.ts';
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
  const state = html`<div class="card" id="runner"><h2>${t(l, '立即运行', 'Run now')}</h2>
<p>${t(l, '状态：', 'State: ')}<span class="badge ${r.state}" id="runner-state">${t(l, STATE_ZH[r.state], r.state)}</span>
${r.startedAt ? html` <span class="muted">${t(l, `由 ${r.by ?? ''} 于 ${shownTime(r.startedAt)} 启动`, `started by ${r.by ?? ''} at ${shownTime(r.startedAt)}`)}${r.finishedAt ? t(l, `，${shownTime(r.finishedAt)} 结束`, `, ended ${shownTime(r.finishedAt)}`) : ''}${r.runId ? t(l, `（第 ${r.runId} 次运行）`, ` (run ${r.runId})`) : ''}</span>` : ''}</p>
${r.message ? message('error', l === 'en' ? r.message.en : r.message.zh) : ''}
${d.lockHolder && r.state !== 'running' ? message('info', t(l, `另一次运行正在进行（进程 ${d.lockHolder.pid}，开始于 ${shownTime(d.lockHolder.startedAt)}）。`, `Another run is in progress (pid ${d.lockHolder.pid}, started ${shownTime(d.lockHolder.startedAt)}).`)) : ''}
<form method="post" action="/operator/run">${csrfField(ctx)}<button type="submit" id="run-now"${running ? html` disabled` : ''}>${t(l, '立即运行', 'Run now')}</button>
<span class="muted">${t(l, '处理收件箱中的全部文件、核对、运行规则、写报告（与夜间任务相同）。', 'Takes every inbox file, reconciles, runs the rules and writes the reports, as the nightly job does.')}</span></form></div>`;
  const files = (list: InboxEntry[], id: string) =>
    list.length
      ? html`<table id="${id}"><thead><tr><th>${t(l, '文件', 'File')}</th><th>${t(l, '大小', 'Size')}</th><th>${t(l, '修改时间', 'Modified')}</th><th>${t(l, '批次信息', 'Batch facts')}</th></tr></thead><tbody>
${list.map((f) => html`<tr><td>${f.name}</td><td class="num">${kb(f.sizeBytes)}</td><td>${shownTime(f.modifiedAt)}</td><td>${f.facts}</td></tr>`)}</tbody></table>`
      : html`<p class="muted" id="${id}">${t(l, '（空）', '(empty)')}</p>`;
  return page(
    ctx,
    t(l, '运行管理', 'Operations'),
    html`<h1>${t(l, '运行管理', 'Operations')}</h1>
${d.notice ? message('ok', d.notice) : ''}
${state}
<h2>${t(l, '最近的运行', 'Last runs')}</h2>${runsTable(ctx, d.runs, { links: true })}
<h2>${t(l, `收件箱（${d.inbox.length} 个文件待处理）`, `Inbox (${d.inbox.length} files waiting)`)}</h2>${files(d.inbox, 'inbox')}
<h2>${t(l, '被拒收的文件（rejected/）', 'Refused files (rejected/)')}</h2>${files(d.rejected, 'rejected')}
<h2>${t(l, '跨行批次冲突（已拒收）', 'Batch numbers of another bank (refused)')}</h2>
${d.batchConflicts.length
  ? html`<div class="table-wrap"><table id="batch-conflicts"><thead><tr><th>${t(l, '时间', 'When')}</th><th>${t(l, '来源', 'Via')}</th><th>${t(l, '文件', 'File')}</th><th>${t(l, '批次号', 'Batch')}</th><th>${t(l, '发送银行', 'Sent by')}</th><th>${t(l, '批次所属银行', 'Batch owned by')}</th></tr></thead><tbody>
${d.batchConflicts.map((c) => html`<tr><td>${shownTime(c.at)}</td><td>${c.userName ? t(l, `上传（${c.userName}）`, `upload (${c.userName})`) : t(l, '导入', 'ingest')}</td><td>${c.fileName ?? ''}</td><td>${c.batch ?? ''}</td><td>${c.bank ?? t(l, '（未指明）', '(none named)')}</td><td>${c.owner ?? (c.message ? c.message : t(l, '（未指明）', '(none named)'))}</td></tr>`)}</tbody></table></div>`
  : html`<p class="muted" id="batch-conflicts">${t(l, '（无）', '(none)')}</p>`}
<h2>${t(l, '账号', 'Accounts')}</h2><p class="muted">${t(l, '账号用命令行管理：user add / user list / user disable。', 'Accounts are managed from the command line: user add / user list / user disable.')}</p>
<table id="users"><thead><tr><th>${t(l, '用户名', 'Name')}</th><th>${t(l, '角色', 'Role')}</th><th>${t(l, '银行 / 区县', 'Bank / districts')}</th><th>${t(l, '创建', 'Created')}</th><th>${t(l, '状态', 'State')}</th></tr></thead><tbody>
${d.users.map((u) => html`<tr><td>${u.name}</td><td>${t(l, ROLE_ZH[u.role], u.role)}</td><td>${u.bank ?? u.districts?.join('、') ?? ''}</td><td>${shownTime(u.createdAt)}</td><td>${u.disabled ? t(l, '已停用', 'disabled') : t(l, '正常', 'active')}</td></tr>`)}</tbody></table>
<h2>${t(l, '审计记录（最近 50 条）', 'Audit log (last 50)')}</h2>
<div class="table-wrap"><table id="audit"><thead><tr><th>${t(l, '时间', 'When')}</th><th>${t(l, '用户', 'User')}</th><th>${t(l, '操作', 'Action')}</th><th>${t(l, '对象', 'Target')}</th><th>${t(l, '结果', 'Outcome')}</th><th>IP</th></tr></thead><tbody>
${d.audit.map((a) => html`<tr data-action="${a.action}"><td>${shownTime(a.at)}</td><td>${a.userName ?? ''}</td><td>${t(l, ACTION_ZH[a.action] ?? a.action, a.action)}</td><td>${a.target ?? auditCode(a.detailJson)}</td><td>${t(l, a.outcome === 'ok' ? '成功' : a.outcome === 'refused' ? '已拒绝' : a.outcome, a.outcome)}</td><td>${a.ip ?? ''}</td></tr>`)}</tbody></table></div>`,
    { refresh: running ? 3 : undefined },
  );
}
