/** Findings of a run with filters, and one finding: its facts, evidence rows, review history and form. */
import { formatYuan, PROGRAMS, type Program } from '../../domain/index.ts';
import { MARK_ZH, MARKS, sumMoney, type StoredFinding } from '../../findings/index.ts';
import { t } from '../../lang.ts';
import { html, valueText, type Html } from '../../report/index.ts';
import { SEVERITY_ZH, type Severity } from '../../rules/index.ts';
import { FIELD_ZH, sideBySide, type EvidenceRow } from '../evidence.ts';
import type { PageContext } from '../types.ts';
import { csrfField, message, page, shownTime } from './layout.ts';
import { moneyLine } from './money.ts';

export interface FindingView extends StoredFinding {
  /** ID, account and message as this viewer may see them. */
  shownId: string | null;
  shownAccount: string | null;
  shownMessage: string;
}

export interface FindingFilters {
  run: number | null;
  status: string;
  rule: string;
  district: string;
  severity: string;
}

const STATUS_ZH: Record<string, string> = { new: '新增', persisting: '持续', resolved: '已消除' };
const SEVERITIES: Severity[] = ['high', 'medium', 'low'];
export const MAX_LISTED = 500;

function options(values: string[], current: string, label: (v: string) => string): Html[] {
  return values.map((v) => html`<option value="${v}"${current === v ? html` selected` : ''}>${label(v)}</option>`);
}

export function markLabel(l: PageContext['lang'], mark: string): string {
  return t(l, MARK_ZH[mark as keyof typeof MARK_ZH] ?? mark, mark);
}

export function findingsPage(
  ctx: PageContext,
  data: { findings: FindingView[]; total: number; filters: FindingFilters; runs: number[]; rules: { id: string; title: string }[]; districts: string[]; limitedTo: string[] | null },
): string {
  const l = ctx.lang;
  const f = data.filters;
  const sev = (s: string) => t(l, SEVERITY_ZH[s as Severity] ?? s, s);
  const form = html`<form method="get" action="/findings" class="card inline" id="filters">
<div><label for="f-run">${t(l, '运行', 'Run')}</label><select id="f-run" name="run">${options(data.runs.map(String), String(f.run ?? ''), (v) => `#${v}`)}</select></div>
<div><label for="f-status">${t(l, '状态', 'Status')}</label><select id="f-status" name="status"><option value="">${t(l, '全部', 'all')}</option>${options(['new', 'persisting', 'resolved'], f.status, (v) => t(l, STATUS_ZH[v]!, v))}</select></div>
<div><label for="f-severity">${t(l, '级别', 'Severity')}</label><select id="f-severity" name="severity"><option value="">${t(l, '全部', 'all')}</option>${options(SEVERITIES, f.severity, sev)}</select></div>
<div><label for="f-rule">${t(l, '规则', 'Rule')}</label><select id="f-rule" name="rule"><option value="">${t(l, '全部', 'all')}</option>${data.rules.map((r) => html`<option value="${r.id}"${f.rule === r.id ? html` selected` : ''}>${r.title}</option>`)}</select></div>
<div><label for="f-district">${t(l, '区县', 'District')}</label><select id="f-district" name="district"><option value="">${t(l, '全部', 'all')}</option>${options(data.districts, f.district, (v) => v)}</select></div>
<div><button type="submit" id="apply-filters">${t(l, '筛选', 'Filter')}</button></div></form>`;
  const rows = data.findings.slice(0, MAX_LISTED);
  const table = rows.length
    ? html`<div class="table-wrap"><table id="findings"><thead><tr><th>${t(l, '级别', 'Severity')}</th><th>${t(l, '状态', 'Status')}</th><th>${t(l, '疑点', 'Finding')}</th><th>${t(l, '月份', 'Period')}</th><th>${t(l, '区县', 'District')}</th>
<th>${t(l, '对象', 'Person')}</th><th>${t(l, '说明', 'Message')}</th><th>${t(l, '审核', 'Review')}</th></tr></thead><tbody>
${rows.map(
  (x) => html`<tr data-fingerprint="${x.fingerprint}" data-district="${x.district ?? ''}"><td class="sev-${x.severity}">${sev(x.severity)}</td><td>${t(l, STATUS_ZH[x.status] ?? x.status, x.status)}</td>
<td><a href="/findings/${x.fingerprint}?run=${x.runId}">${x.title}</a><br><span class="muted">#${x.fingerprint.slice(0, 10)}</span></td><td>${x.period ?? ''}</td><td>${x.district ?? ''}</td>
<td>${x.name ?? ''}<br><span class="muted">${[x.shownId, x.shownAccount].filter(Boolean).join(' · ')}</span></td><td>${x.shownMessage}</td>
<td>${x.review ? html`<span class="badge ${x.review.mark}">${markLabel(l, x.review.mark)}</span><br><span class="muted">${x.review.reviewer}</span>` : ''}</td></tr>`,
)}</tbody></table></div>
${data.findings.length > MAX_LISTED ? html`<p class="muted">${t(l, `共 ${data.findings.length} 条，只列出前 ${MAX_LISTED} 条；请用筛选缩小范围，或下载 Excel 报告。`, `${data.findings.length} findings; the first ${MAX_LISTED} are listed. Narrow the filters or download the Excel report.`)}</p>` : ''}`
    : message('info', t(l, '没有符合条件的疑点。', 'No findings match.'));
  return page(
    ctx,
    t(l, '疑点', 'Findings'),
    html`<h1>${t(l, '疑点', 'Findings')}${f.run ? t(l, `（第 ${f.run} 次运行）`, ` (run ${f.run})`) : ''}</h1>
${data.limitedTo ? message('info', t(l, `您的账号只能查看：${data.limitedTo.join('、')}。`, `Your account sees only: ${data.limitedTo.join(', ')}.`)) : ''}
${form}
<p class="muted" id="count">${t(l, `共 ${data.findings.length} 条（疑点是待核实的线索，不是结论）`, `${data.findings.length} findings (leads to verify, not verdicts)`)}</p>
${moneyLine(ctx, sumMoney(data.findings), 'money')}
${table}`,
  );
}

export function findingPage(
  ctx: PageContext,
  data: { finding: FindingView; evidence: EvidenceRow[]; history: { mark: string; note: string | null; reviewer: string; markedAt: string }[]; whole: boolean; canReview: boolean; notice?: string },
): string {
  const l = ctx.lang;
  const x = data.finding;
  const program = x.program ? valueText(l, 'program', x.program) : '';
  const money = (v: number | null) => (v === null ? '—' : formatYuan(v));
  const evidence = data.evidence.length
    ? data.evidence.map(
        (e) => html`<div class="card evidence"><p><b>${e.file}</b>${e.rowNo !== null ? t(l, ` 第 ${e.rowNo} 行`, ` row ${e.rowNo}`) : t(l, '（整个文件）', ' (the whole file)')} <span class="muted">SHA-256 ${e.sha256.slice(0, 16)}…</span></p>
${e.fields ? html`<table class="evidence-row"><tbody>${e.fields.filter(([, v]) => v !== '').map(([k, v]) => html`<tr><th>${l === 'en' ? k : (FIELD_ZH[k] ?? k)}</th><td data-field="${k}">${v}</td></tr>`)}</tbody></table>` : ''}
${e.rejectedCells ? html`<p>${t(l, '该行被拒收，原始内容：', 'This row was rejected; its cells:')} ${e.rejectedCells.join(' | ')}</p>` : ''}
${!e.fields && !e.rejectedCells && e.rowNo !== null ? html`<p class="muted">${t(l, '数据库中找不到该行（文件可能未入库）。', 'The row is not in the database (the file may not be stored).')}</p>` : ''}</div>`,
      )
    : message('info', t(l, '此疑点没有指向具体的源数据行。', 'This finding points at no source row.'));
  const pair = sideBySide(data.evidence);
  const where = (e: EvidenceRow) => html`<span class="muted">${e.file}${e.rowNo !== null ? t(l, ` 第 ${e.rowNo} 行`, ` row ${e.rowNo}`) : ''}</span>`;
  const compared = pair
    ? html`<h2>${t(l, '审批与发放对照', 'Approval and payment side by side')}</h2>
<div class="table-wrap"><table id="side-by-side"><thead><tr><th></th><th>${t(l, '审批名册', 'Approval (roster)')}<br>${where(pair.approval)}</th><th>${t(l, '代发回盘', 'Payment (bank file)')}<br>${where(pair.payment)}</th></tr></thead><tbody>
${pair.rows.map((r) => html`<tr${r.differs ? html` class="differs"` : ''}><th>${t(l, r.zh, r.en)}${r.differs ? html` <span class="badge differs">${t(l, '不一致', 'differs')}</span>` : ''}</th><td class="approval">${r.approval}</td><td class="payment">${r.payment}</td></tr>`)}
</tbody></table></div>
<p class="muted">${t(l, '标为「不一致」的行，两边的值不同。', 'Rows marked "differs" hold different values on the two sides.')}</p>`
    : '';
  const form = data.canReview
    ? html`<div class="card" id="review"><h2>${t(l, '审核标记', 'Review')}</h2>
<form method="post" action="/findings/${x.fingerprint}/review" id="review-form">${csrfField(ctx)}<input type="hidden" name="run" value="${x.runId}">
<div class="inline">${MARKS.map((m) => html`<label><input type="radio" name="mark" value="${m}" required> ${markLabel(l, m)}</label>`)}</div>
<label for="note">${t(l, '说明', 'Note')}</label><textarea id="note" name="note" maxlength="2000"></textarea>
<p><button type="submit" id="submit-review">${t(l, '保存标记', 'Save the mark')}</button> <span class="muted">${t(l, `审核人：${ctx.user?.name ?? ''}。标记永久保存，后续报告都会显示；「误报」不再计入未结疑点。`, `Reviewer: ${ctx.user?.name ?? ''}. Marks are kept and shown in later reports; a false positive stops counting as open.`)}</span></p></form></div>`
    : '';
  return page(
    ctx,
    x.title,
    html`<h1>${x.title}</h1>
${data.notice ? message('ok', data.notice) : ''}
<div class="card"><dl class="facts">
<dt>${t(l, '编号', 'Fingerprint')}</dt><dd>${x.fingerprint}</dd>
<dt>${t(l, '规则', 'Rule')}</dt><dd>${x.rule}</dd>
<dt>${t(l, '级别 / 状态', 'Severity / status')}</dt><dd class="sev-${x.severity}">${t(l, SEVERITY_ZH[x.severity as Severity] ?? x.severity, x.severity)} / ${t(l, STATUS_ZH[x.status] ?? x.status, x.status)}</dd>
<dt>${t(l, '月份 / 区县 / 类别', 'Period / district / program')}</dt><dd>${x.period ?? '—'} / ${x.district ?? '—'} / ${program || '—'}</dd>
<dt>${t(l, '对象', 'Person')}</dt><dd>${x.name ?? '—'} ${x.shownId ?? ''} ${x.shownAccount ?? ''}</dd>
<dt>${t(l, '应发 / 实发（元）', 'Expected / actual (yuan)')}</dt><dd>${money(x.expectedFen)} / ${money(x.actualFen)}</dd>
<dt>${t(l, '说明', 'Message')}</dt><dd id="finding-message">${x.shownMessage}</dd>
<dt>${t(l, '首次发现', 'First seen')}</dt><dd>${shownTime(x.firstSeen)}</dd>
<dt>${t(l, '当前审核', 'Review')}</dt><dd id="current-review">${x.review ? `${markLabel(l, x.review.mark)} · ${x.review.reviewer} · ${shownTime(x.review.markedAt)}${x.review.note ? ` · ${x.review.note}` : ''}` : t(l, '未审核', 'not reviewed')}</dd>
</dl></div>
${form}
${compared}
<p class="muted">${data.whole ? t(l, '您的角色可查看完整号码，请注意个人信息保护。', 'Your role sees whole numbers; mind personal-data protection.') : t(l, '身份证号和账号已打码。', 'ID and account numbers are masked.')}</p>
${pair
  ? html`<details id="all-evidence"><summary>${t(l, `全部源数据行（${data.evidence.length} 行）`, `All source rows (${data.evidence.length})`)}</summary>${evidence}</details>`
  : html`<h2>${t(l, '源数据（证据）', 'Evidence: the source rows')}</h2>${evidence}`}
${data.history.length ? html`<h2>${t(l, '审核记录', 'Review history')}</h2><table id="review-history"><thead><tr><th>${t(l, '时间', 'When')}</th><th>${t(l, '标记', 'Mark')}</th><th>${t(l, '审核人', 'Reviewer')}</th><th>${t(l, '说明', 'Note')}</th></tr></thead><tbody>
${data.history.map((h) => html`<tr><td>${shownTime(h.markedAt)}</td><td>${markLabel(l, h.mark)}</td><td>${h.reviewer}</td><td>${h.note ?? ''}</td></tr>`)}</tbody></table>` : ''}
<p><a href="/findings?run=${x.runId}">${t(l, '返回疑点列表', 'Back to the findings')}</a></p>`,
  );
}
