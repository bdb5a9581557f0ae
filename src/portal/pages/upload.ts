/** The upload form, and the receipt of one upload with its confirm / discard buttons. */
import { DISTRICTS, formatYuan, maskIdNumber, PROGRAMS, type Program } from '../../domain/index.ts';
import { kindZh } from '../../ingest/index.ts';
import { t } from '../../lang.ts';
import { msg } from '../../messages/index.ts';
import { html, maskAccount, maskNumbersInText, type Html } from '../../report/index.ts';
import type { PageContext } from '../types.ts';
import type { Upload } from '../uploads.ts';
import { csrfField, message, page, shownTime } from './layout.ts';

export interface UploadFormValues {
  period?: string;
  district?: string;
  program?: string;
}

export function uploadPage(ctx: PageContext, opts: { error?: string; values?: UploadFormValues; maxBytes: number }): string {
  const l = ctx.lang;
  const v = opts.values ?? {};
  const mb = Math.round(opts.maxBytes / 1024 / 1024);
  const programs = Object.entries(PROGRAMS) as [Program, (typeof PROGRAMS)[Program]][];
  return page(
    ctx,
    msg(l, 'pages.upload.uploadAFile'),
    html`<h1>${msg(l, 'pages.upload.uploadAPaymentResult')}</h1>
${opts.error ? message('error', opts.error) : ''}
<div class="card">
<p class="muted">${msg(l, 'pages.upload.csvTxtCommaPipe', { mb })}</p>
<form method="post" action="/upload" enctype="multipart/form-data">${csrfField(ctx)}
<p class="muted">${msg(l, 'pages.upload.batchFactsTheFile')}</p>
<div class="inline">
<div><label for="period">${msg(l, 'pages.upload.period')}</label><input type="month" id="period" name="period" value="${v.period ?? ''}" placeholder="2026-11"></div>
<div><label for="district">${msg(l, 'pages.upload.district')}</label><select id="district" name="district"><option value="">${msg(l, 'pages.upload.inTheFile')}</option>
${DISTRICTS.filter((d) => !d.retired).map((d) => html`<option value="${d.name}"${raw(v.district === d.name)}>${d.name}</option>`)}</select></div>
<div><label for="program">${msg(l, 'pages.upload.program')}</label><select id="program" name="program"><option value="">${msg(l, 'pages.upload.inTheFile2')}</option>
${programs.map(([code, p]) => html`<option value="${code}"${raw(v.program === code)}>${p.short}</option>`)}</select></div>
</div>
<label for="file">${msg(l, 'pages.upload.file')}</label><input type="file" id="file" name="file" accept=".csv,.txt,.xlsx,.xls" required>
<p><button type="submit" id="submit-upload">${msg(l, 'pages.upload.uploadAndCheck')}</button></p>
</form></div>`,
  );
}

function raw(selected: boolean): Html {
  return selected ? html` selected` : html``;
}

const STATUS_ZH: Record<string, string> = { staged: '待确认', confirmed: '已放入收件箱', refused: '拒收', discarded: '已放弃', expired: '未确认，已过期删除' };
const STATUS_EN: Record<string, string> = { staged: 'awaiting confirmation', confirmed: 'in the inbox', refused: 'refused', discarded: 'discarded', expired: 'not confirmed; expired' };

export function statusBadge(l: PageContext['lang'], status: string): Html {
  return html`<span class="badge ${status}">${t(l, STATUS_ZH[status] ?? status, STATUS_EN[status] ?? status)}</span>`;
}

const PERSONAL_FIELDS = new Set(['idNumber', 'accountNo', 'proxyIdNumber', 'recipientIdNumber']);

/** An ID or account cell: masked as the one it looks like, and anything else in it too. */
function maskPersonal(s: string): string {
  const compact = s.replace(/[\s-]/g, '');
  if (/^\d{17}[\dXx]$|^\d{15}$/.test(compact)) return maskIdNumber(compact);
  if (/^\d{8,}$/.test(compact)) return maskAccount(compact);
  return maskNumbersInText(s);
}

function programName(code: string | null): string {
  return code && code in PROGRAMS ? PROGRAMS[code as Program].short : (code ?? '');
}

/** The receipt: what was read, what was accepted, every rejected row with its reasons. */
export function receiptPage(ctx: PageContext, u: Upload, opts: { whole: boolean; notice?: Html | string | null }): string {
  const l = ctx.lang;
  const r = u.receipt;
  // The bank's own batch and serial numbers are shown whole (they need them to find the row); only the
  // cells holding ID and account numbers are masked. A receipt stored without its columns masks by pattern.
  const personal = r.columns ? new Set(r.columns.filter(([f]) => PERSONAL_FIELDS.has(f)).map(([, i]) => i)) : null;
  const cell = (s: string, i: number) => (opts.whole ? s : personal === null ? maskNumbersInText(s) : personal.has(i) ? maskPersonal(s) : s);
  const controlAgrees = r.control ? (r.control.count === null || r.control.count === r.rowsRead) && (r.control.totalFen === null || r.control.totalFen === r.totalFen) : null;
  const facts = html`<dl class="facts">
<dt>${msg(l, 'pages.upload.file2')}</dt><dd id="r-file">${u.originalName}</dd>
<dt>${msg(l, 'pages.upload.uploaded')}</dt><dd>${shownTime(u.uploadedAt)} · ${u.userName}${u.bank ? ` · ${u.bank}` : ''}</dd>
<dt>${msg(l, 'pages.upload.status')}</dt><dd id="r-status">${statusBadge(l, u.status)}${u.status === 'confirmed' ? html` <span class="muted">${msg(l, 'pages.upload.inboxName', { time: shownTime(u.confirmedAt), storedName: u.storedName })}</span>` : ''}</dd>
<dt>SHA-256</dt><dd class="muted">${u.sha256}</dd>
<dt>${msg(l, 'pages.upload.batchFacts')}</dt><dd>${msg(l, 'pages.upload.period2')} ${u.period ?? '—'} · ${msg(l, 'pages.upload.district2')} ${u.district ?? '—'} · ${msg(l, 'pages.upload.program2')} ${programName(u.program) || '—'}</dd>
</dl>`;
  let body: Html;
  if (r.refusal) {
    body = html`${message('error', html`<b>${msg(l, 'pages.upload.fileRefused')}</b><span id="r-refusal">${l === 'en' ? r.refusal.en : r.refusal.zh}</span>`)}`;
  } else {
    const d = r.defaults;
    body = html`<table id="receipt-summary"><tbody>
<tr><th>${msg(l, 'pages.upload.kind')}</th><td id="r-kind">${r.kind ? (l === 'en' ? r.kind : kindZh(r.kind)) : ''}</td></tr>
<tr><th>${msg(l, 'pages.upload.format')}</th><td id="r-format">${r.format ?? ''}${r.encoding ? ` (${r.encoding})` : ''}${r.sheetName ? ` · ${r.sheetName}` : ''}</td></tr>
<tr><th>${msg(l, 'pages.upload.periodDistrictProgram')}</th><td>${d?.period ?? msg(l, 'pages.upload.perRow')} / ${d?.district ?? msg(l, 'pages.upload.perRow2')} / ${programName(d?.program ?? null) || msg(l, 'pages.upload.perRow3')}</td></tr>
<tr><th>${msg(l, 'pages.upload.rowsRead')}</th><td class="num" id="r-read">${r.rowsRead}</td></tr>
<tr><th>${msg(l, 'pages.upload.rowsAccepted')}</th><td class="num" id="r-accepted">${r.rowsAccepted}</td></tr>
<tr><th>${msg(l, 'pages.upload.rowsRejected')}</th><td class="num" id="r-rejected">${r.rowsRejected}</td></tr>
<tr><th>${msg(l, 'pages.upload.acceptedTotalYuan')}</th><td class="num" id="r-total">${formatYuan(r.totalFen)}</td></tr>
${r.control ? html`<tr><th>${msg(l, 'pages.upload.theFileSOwn')}</th><td id="r-control">${msg(l, 'pages.upload.rowRowsYuan', { count: r.control.count ?? '—', rowNo: r.control.rowNo, yuan: r.control.totalFen === null ? '—' : formatYuan(r.control.totalFen) })}
${controlAgrees ? html` <span class="badge ok">${msg(l, 'pages.upload.agreesWithTheRows')}</span>` : html` <span class="badge failed">${msg(l, 'pages.upload.differsFromTheRows')}</span>`}</td></tr>` : ''}
</tbody></table>
${r.periodMissing ? message('error', msg(l, 'pages.upload.thePeriodCouldNot')) : ''}
${r.rowsRejected
  ? html`<h2>${msg(l, 'pages.upload.rejectedRows', { rowsRejected: r.rowsRejected })}</h2>
<p class="muted">${msg(l, 'pages.upload.rowNumbersAreAs')}</p>
<div class="table-wrap"><table id="rejections"><thead><tr><th>${msg(l, 'pages.upload.row')}</th><th>${msg(l, 'pages.upload.reasons')}</th><th>${msg(l, 'pages.upload.cells')}</th></tr></thead><tbody>
${r.rejections.map((x) => html`<tr><td class="num">${x.rowNo}</td><td>${x.reasons.map((y) => (l === 'en' ? y.en : y.zh)).join('；')}</td><td class="muted">${x.cells.map((c, i) => cell(c === null ? '' : String(c), i)).join(' | ')}</td></tr>`)}
</tbody></table></div>
${r.rejectionsCapped ? html`<p class="muted">${msg(l, 'pages.upload.onlyTheFirstRows', { length: r.rejections.length })}</p>` : ''}`
  : message('ok', msg(l, 'pages.upload.everyDataRowPassed'))}`;
  }
  const actions =
    u.status === 'staged'
      ? html`<div class="card"><p>${msg(l, 'pages.upload.onceConfirmedTheFile')}</p>
<div class="inline"><form method="post" action="/uploads/${u.id}/confirm">${csrfField(ctx)}<button type="submit" id="confirm">${msg(l, 'pages.upload.confirmPlaceItIn')}</button></form>
<form method="post" action="/uploads/${u.id}/discard">${csrfField(ctx)}<button type="submit" class="secondary" id="discard">${msg(l, 'pages.upload.discard')}</button></form></div></div>`
      : '';
  return page(
    ctx,
    msg(l, 'pages.upload.receipt'),
    html`<h1>${msg(l, 'pages.upload.validationReceipt')}</h1>
${opts.notice ? message('ok', opts.notice) : ''}
<div class="card">${facts}</div>
<div class="card">${body}</div>
${actions}
<p><a href="/upload">${msg(l, 'pages.upload.uploadAnotherFile')}</a> · <a href="/uploads">${msg(l, 'pages.upload.allUploads')}</a></p>`,
  );
}

export function uploadsPage(ctx: PageContext, uploads: Upload[]): string {
  const l = ctx.lang;
  return page(
    ctx,
    msg(l, 'pages.upload.uploads'),
    html`<h1>${msg(l, 'pages.upload.uploads2')}</h1>
${uploads.length === 0 ? message('info', msg(l, 'pages.upload.nothingUploadedYet')) : html`<div class="table-wrap"><table id="uploads"><thead><tr>
<th>#</th><th>${msg(l, 'pages.upload.time')}</th><th>${msg(l, 'pages.upload.file3')}</th><th>${msg(l, 'pages.upload.bank')}</th><th>${msg(l, 'pages.upload.by')}</th><th>${msg(l, 'pages.upload.rows')}</th><th>${msg(l, 'pages.upload.rejected')}</th><th>${msg(l, 'pages.upload.total')}</th><th>${msg(l, 'pages.upload.status2')}</th></tr></thead><tbody>
${uploads.map((u) => html`<tr><td>${u.id}</td><td>${shownTime(u.uploadedAt)}</td><td><a href="/uploads/${u.id}">${u.originalName}</a></td><td>${u.bank ?? ''}</td><td>${u.userName}</td>
<td class="num">${u.receipt.rowsRead}</td><td class="num">${u.receipt.rowsRejected}</td><td class="num">${formatYuan(u.receipt.totalFen)}</td><td>${statusBadge(l, u.status)}</td></tr>`)}
</tbody></table></div>`}`,
  );
}
