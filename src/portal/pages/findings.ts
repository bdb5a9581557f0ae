/** Findings of a run with filters, and one finding: its facts, evidence rows, review history and form. */
import { formatYuan, PROGRAMS, type Program } from '../../domain/index.ts';
import { MARK_ZH, MARKS, sumMoney, type StoredFinding } from '../../findings/index.ts';
import { t } from '../../lang.ts';
import { msg } from '../../messages/index.ts';
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
<div><label for="f-run">${msg(l, 'pages.findings.run')}</label><select id="f-run" name="run">${options(data.runs.map(String), String(f.run ?? ''), (v) => `#${v}`)}</select></div>
<div><label for="f-status">${msg(l, 'pages.findings.status')}</label><select id="f-status" name="status"><option value="">${msg(l, 'pages.findings.all')}</option>${options(['new', 'persisting', 'resolved'], f.status, (v) => t(l, STATUS_ZH[v]!, v))}</select></div>
<div><label for="f-severity">${msg(l, 'pages.findings.severity')}</label><select id="f-severity" name="severity"><option value="">${msg(l, 'pages.findings.all2')}</option>${options(SEVERITIES, f.severity, sev)}</select></div>
<div><label for="f-rule">${msg(l, 'pages.findings.rule')}</label><select id="f-rule" name="rule"><option value="">${msg(l, 'pages.findings.all3')}</option>${data.rules.map((r) => html`<option value="${r.id}"${f.rule === r.id ? html` selected` : ''}>${r.title}</option>`)}</select></div>
<div><label for="f-district">${msg(l, 'pages.findings.district')}</label><select id="f-district" name="district"><option value="">${msg(l, 'pages.findings.all4')}</option>${options(data.districts, f.district, (v) => v)}</select></div>
<div><button type="submit" id="apply-filters">${msg(l, 'pages.findings.filter')}</button></div></form>`;
  const rows = data.findings.slice(0, MAX_LISTED);
  const table = rows.length
    ? html`<div class="table-wrap"><table id="findings"><thead><tr><th>${msg(l, 'pages.findings.severity2')}</th><th>${msg(l, 'pages.findings.status2')}</th><th>${msg(l, 'pages.findings.finding')}</th><th>${msg(l, 'pages.findings.period')}</th><th>${msg(l, 'pages.findings.district2')}</th>
<th>${msg(l, 'pages.findings.person')}</th><th>${msg(l, 'pages.findings.message')}</th><th>${msg(l, 'pages.findings.review')}</th></tr></thead><tbody>
${rows.map(
  (x) => html`<tr data-fingerprint="${x.fingerprint}" data-district="${x.district ?? ''}"><td class="sev-${x.severity}">${sev(x.severity)}</td><td>${t(l, STATUS_ZH[x.status] ?? x.status, x.status)}</td>
<td><a href="/findings/${x.fingerprint}?run=${x.runId}">${x.title}</a><br><span class="muted">#${x.fingerprint.slice(0, 10)}</span></td><td>${x.period ?? ''}</td><td>${x.district ?? ''}</td>
<td>${x.name ?? ''}<br><span class="muted">${[x.shownId, x.shownAccount].filter(Boolean).join(' · ')}</span></td><td>${x.shownMessage}</td>
<td>${x.review ? html`<span class="badge ${x.review.mark}">${markLabel(l, x.review.mark)}</span><br><span class="muted">${x.review.reviewer}</span>` : ''}</td></tr>`,
)}</tbody></table></div>
${data.findings.length > MAX_LISTED ? html`<p class="muted">${msg(l, 'pages.findings.findingsTheFirstAre', { MAX_LISTED, length: data.findings.length })}</p>` : ''}`
    : message('info', msg(l, 'pages.findings.noFindingsMatch'));
  return page(
    ctx,
    msg(l, 'pages.findings.findings'),
    html`<h1>${msg(l, 'pages.findings.findings2')}${f.run ? msg(l, 'pages.findings.run2', { run: f.run }) : ''}</h1>
${data.limitedTo ? message('info', t(l, `您的账号只能查看：${data.limitedTo.join('、')}。`, `Your account sees only: ${data.limitedTo.join(', ')}.`)) : ''}
${form}
<p class="muted" id="count">${msg(l, 'pages.findings.findingsLeadsToVerify', { length: data.findings.length })}</p>
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
        (e) => html`<div class="card evidence"><p><b>${e.file}</b>${e.rowNo !== null ? msg(l, 'pages.findings.row', { rowNo: e.rowNo }) : msg(l, 'pages.findings.theWholeFile')} <span class="muted">SHA-256 ${e.sha256.slice(0, 16)}…</span></p>
${e.fields ? html`<table class="evidence-row"><tbody>${e.fields.filter(([, v]) => v !== '').map(([k, v]) => html`<tr><th>${l === 'en' ? k : (FIELD_ZH[k] ?? k)}</th><td data-field="${k}">${v}</td></tr>`)}</tbody></table>` : ''}
${e.rejectedCells ? html`<p>${msg(l, 'pages.findings.thisRowWasRejected')} ${e.rejectedCells.join(' | ')}</p>` : ''}
${!e.fields && !e.rejectedCells && e.rowNo !== null ? html`<p class="muted">${msg(l, 'pages.findings.theRowIsNot')}</p>` : ''}</div>`,
      )
    : message('info', msg(l, 'pages.findings.thisFindingPointsAt'));
  const pair = sideBySide(data.evidence);
  const where = (e: EvidenceRow) => html`<span class="muted">${e.file}${e.rowNo !== null ? msg(l, 'pages.findings.row2', { rowNo: e.rowNo }) : ''}</span>`;
  const compared = pair
    ? html`<h2>${msg(l, 'pages.findings.approvalAndPaymentSide')}</h2>
<div class="table-wrap"><table id="side-by-side"><thead><tr><th></th><th>${msg(l, 'pages.findings.approvalRoster')}<br>${where(pair.approval)}</th><th>${msg(l, 'pages.findings.paymentBankFile')}<br>${where(pair.payment)}</th></tr></thead><tbody>
${pair.rows.map((r) => html`<tr${r.differs ? html` class="differs"` : ''}><th>${t(l, r.zh, r.en)}${r.differs ? html` <span class="badge differs">${msg(l, 'pages.findings.differs')}</span>` : ''}</th><td class="approval">${r.approval}</td><td class="payment">${r.payment}</td></tr>`)}
</tbody></table></div>
<p class="muted">${msg(l, 'pages.findings.rowsMarkedDiffersHold')}</p>`
    : '';
  const form = data.canReview
    ? html`<div class="card" id="review"><h2>${msg(l, 'pages.findings.review2')}</h2>
<form method="post" action="/findings/${x.fingerprint}/review" id="review-form">${csrfField(ctx)}<input type="hidden" name="run" value="${x.runId}">
<div class="inline">${MARKS.map((m) => html`<label><input type="radio" name="mark" value="${m}" required> ${markLabel(l, m)}</label>`)}</div>
<label for="note">${msg(l, 'pages.findings.note')}</label><textarea id="note" name="note" maxlength="2000"></textarea>
<p><button type="submit" id="submit-review">${msg(l, 'pages.findings.saveTheMark')}</button> <span class="muted">${msg(l, 'pages.findings.reviewerMarksAreKept', { reviewer: ctx.user?.name ?? '' })}</span></p></form></div>`
    : '';
  return page(
    ctx,
    x.title,
    html`<h1>${x.title}</h1>
${data.notice ? message('ok', data.notice) : ''}
<div class="card"><dl class="facts">
<dt>${msg(l, 'pages.findings.fingerprint')}</dt><dd>${x.fingerprint}</dd>
<dt>${msg(l, 'pages.findings.rule2')}</dt><dd>${x.rule}</dd>
<dt>${msg(l, 'pages.findings.severityStatus')}</dt><dd class="sev-${x.severity}">${t(l, SEVERITY_ZH[x.severity as Severity] ?? x.severity, x.severity)} / ${t(l, STATUS_ZH[x.status] ?? x.status, x.status)}</dd>
<dt>${msg(l, 'pages.findings.periodDistrictProgram')}</dt><dd>${x.period ?? '—'} / ${x.district ?? '—'} / ${program || '—'}</dd>
<dt>${msg(l, 'pages.findings.person2')}</dt><dd>${x.name ?? '—'} ${x.shownId ?? ''} ${x.shownAccount ?? ''}</dd>
<dt>${msg(l, 'pages.findings.expectedActualYuan')}</dt><dd>${money(x.expectedFen)} / ${money(x.actualFen)}</dd>
<dt>${msg(l, 'pages.findings.message2')}</dt><dd id="finding-message">${x.shownMessage}</dd>
<dt>${msg(l, 'pages.findings.firstSeen')}</dt><dd>${shownTime(x.firstSeen)}</dd>
<dt>${msg(l, 'pages.findings.review3')}</dt><dd id="current-review">${x.review ? `${markLabel(l, x.review.mark)} · ${x.review.reviewer} · ${shownTime(x.review.markedAt)}${x.review.note ? ` · ${x.review.note}` : ''}` : msg(l, 'pages.findings.notReviewed')}</dd>
</dl></div>
${form}
${compared}
<p class="muted">${data.whole ? msg(l, 'pages.findings.yourRoleSeesWhole') : msg(l, 'pages.findings.idAndAccountNumbers')}</p>
${pair
  ? html`<details id="all-evidence"><summary>${msg(l, 'pages.findings.allSourceRows', { length: data.evidence.length })}</summary>${evidence}</details>`
  : html`<h2>${msg(l, 'pages.findings.evidenceTheSourceRows')}</h2>${evidence}`}
${data.history.length ? html`<h2>${msg(l, 'pages.findings.reviewHistory')}</h2><table id="review-history"><thead><tr><th>${msg(l, 'pages.findings.when')}</th><th>${msg(l, 'pages.findings.mark')}</th><th>${msg(l, 'pages.findings.reviewer')}</th><th>${msg(l, 'pages.findings.note2')}</th></tr></thead><tbody>
${data.history.map((h) => html`<tr><td>${shownTime(h.markedAt)}</td><td>${markLabel(l, h.mark)}</td><td>${h.reviewer}</td><td>${h.note ?? ''}</td></tr>`)}</tbody></table>` : ''}
<p><a href="/findings?run=${x.runId}">${msg(l, 'pages.findings.backToTheFindings')}</a></p>`,
  );
}
