/** The upload form, and the receipt of one upload with its confirm / discard buttons. */
import { DISTRICTS, formatYuan, maskIdNumber, PROGRAMS, type Program } from '../../domain/index.ts';
import { kindZh } from '../../ingest/index.ts';
import { t } from '../../lang.ts';
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
    t(l, '上传文件', 'Upload a file'),
    html`<h1>${t(l, '上传代发结果文件', 'Upload a payment result file')}</h1>
${opts.error ? message('error', opts.error) : ''}
<div class="card">
<p class="muted">${t(l, `可上传 CSV、TXT（逗号、竖线、制表符分隔，UTF-8 或 GBK 编码）或 XLSX 文件，单个不超过 ${mb} MB。上传后立即校验并显示回执；确认后文件进入收件箱，当晚统一处理。`, `CSV, TXT (comma, pipe or tab separated; UTF-8 or GBK) or XLSX, up to ${mb} MB. The file is checked at once and a receipt shown; once you confirm, it goes to the inbox for tonight's run.`)}</p>
<form method="post" action="/upload" enctype="multipart/form-data">${csrfField(ctx)}
<p class="muted">${t(l, '文件中没有写明的批次信息请在此填写（文件中已有的以文件为准）：', 'Batch facts the file does not state (the file’s own columns win):')}</p>
<div class="inline">
<div><label for="period">${t(l, '发放月份', 'Period')}</label><input type="month" id="period" name="period" value="${v.period ?? ''}" placeholder="2026-11"></div>
<div><label for="district">${t(l, '区县', 'District')}</label><select id="district" name="district"><option value="">${t(l, '（文件中已有）', '(in the file)')}</option>
${DISTRICTS.filter((d) => !d.retired).map((d) => html`<option value="${d.name}"${raw(v.district === d.name)}>${d.name}</option>`)}</select></div>
<div><label for="program">${t(l, '救助类别', 'Program')}</label><select id="program" name="program"><option value="">${t(l, '（文件中已有）', '(in the file)')}</option>
${programs.map(([code, p]) => html`<option value="${code}"${raw(v.program === code)}>${p.short}</option>`)}</select></div>
</div>
<label for="file">${t(l, '文件', 'File')}</label><input type="file" id="file" name="file" accept=".csv,.txt,.xlsx,.xls" required>
<p><button type="submit" id="submit-upload">${t(l, '上传并校验', 'Upload and check')}</button></p>
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
<dt>${t(l, '文件', 'File')}</dt><dd id="r-file">${u.originalName}</dd>
<dt>${t(l, '上传', 'Uploaded')}</dt><dd>${shownTime(u.uploadedAt)} · ${u.userName}${u.bank ? ` · ${u.bank}` : ''}</dd>
<dt>${t(l, '状态', 'Status')}</dt><dd id="r-status">${statusBadge(l, u.status)}${u.status === 'confirmed' ? html` <span class="muted">${t(l, `收件箱文件名：${u.storedName}（${shownTime(u.confirmedAt)}）`, `inbox name: ${u.storedName} (${shownTime(u.confirmedAt)})`)}</span>` : ''}</dd>
<dt>SHA-256</dt><dd class="muted">${u.sha256}</dd>
<dt>${t(l, '批次信息', 'Batch facts')}</dt><dd>${t(l, '月份', 'period')} ${u.period ?? '—'} · ${t(l, '区县', 'district')} ${u.district ?? '—'} · ${t(l, '类别', 'program')} ${programName(u.program) || '—'}</dd>
</dl>`;
  let body: Html;
  if (r.refusal) {
    body = html`${message('error', html`<b>${t(l, '文件被拒收：', 'File refused: ')}</b><span id="r-refusal">${l === 'en' ? r.refusal.en : r.refusal.zh}</span>`)}`;
  } else {
    const d = r.defaults;
    body = html`<table id="receipt-summary"><tbody>
<tr><th>${t(l, '文件类型', 'Kind')}</th><td id="r-kind">${r.kind ? (l === 'en' ? r.kind : kindZh(r.kind)) : ''}</td></tr>
<tr><th>${t(l, '格式与编码', 'Format')}</th><td id="r-format">${r.format ?? ''}${r.encoding ? ` (${r.encoding})` : ''}${r.sheetName ? ` · ${r.sheetName}` : ''}</td></tr>
<tr><th>${t(l, '月份 / 区县 / 类别', 'Period / district / program')}</th><td>${d?.period ?? t(l, '（按行）', '(per row)')} / ${d?.district ?? t(l, '（按行）', '(per row)')} / ${programName(d?.program ?? null) || t(l, '（按行）', '(per row)')}</td></tr>
<tr><th>${t(l, '读取行数', 'Rows read')}</th><td class="num" id="r-read">${r.rowsRead}</td></tr>
<tr><th>${t(l, '接收行数', 'Rows accepted')}</th><td class="num" id="r-accepted">${r.rowsAccepted}</td></tr>
<tr><th>${t(l, '拒收行数', 'Rows rejected')}</th><td class="num" id="r-rejected">${r.rowsRejected}</td></tr>
<tr><th>${t(l, '接收金额合计（元）', 'Accepted total (yuan)')}</th><td class="num" id="r-total">${formatYuan(r.totalFen)}</td></tr>
${r.control ? html`<tr><th>${t(l, '文件自带合计', 'The file’s own total')}</th><td id="r-control">${t(l, `第 ${r.control.rowNo} 行：${r.control.count ?? '—'} 笔，${r.control.totalFen === null ? '—' : formatYuan(r.control.totalFen)} 元`, `row ${r.control.rowNo}: ${r.control.count ?? '—'} rows, ${r.control.totalFen === null ? '—' : formatYuan(r.control.totalFen)} yuan`)}
${controlAgrees ? html` <span class="badge ok">${t(l, '与明细一致', 'agrees with the rows')}</span>` : html` <span class="badge failed">${t(l, '与明细不一致', 'differs from the rows')}</span>`}</td></tr>` : ''}
</tbody></table>
${r.periodMissing ? message('error', t(l, '无法确定发放月份：请在上传表单中填写「发放月份」后重新上传。', 'The period could not be determined: give the period in the upload form and upload again.')) : ''}
${r.rowsRejected
  ? html`<h2>${t(l, `被拒收的行（${r.rowsRejected} 行）`, `Rejected rows (${r.rowsRejected})`)}</h2>
<p class="muted">${t(l, '行号为用 Excel 打开文件时看到的行号。请按原因修改后重新导出上传；其余行不受影响。', 'Row numbers are as Excel shows them. Fix these rows and upload again; the other rows are not affected.')}</p>
<div class="table-wrap"><table id="rejections"><thead><tr><th>${t(l, '行号', 'Row')}</th><th>${t(l, '原因', 'Reasons')}</th><th>${t(l, '原始内容', 'Cells')}</th></tr></thead><tbody>
${r.rejections.map((x) => html`<tr><td class="num">${x.rowNo}</td><td>${x.reasons.map((y) => (l === 'en' ? y.en : y.zh)).join('；')}</td><td class="muted">${x.cells.map((c, i) => cell(c === null ? '' : String(c), i)).join(' | ')}</td></tr>`)}
</tbody></table></div>
${r.rejectionsCapped ? html`<p class="muted">${t(l, `只列出前 ${r.rejections.length} 行。`, `Only the first ${r.rejections.length} rows are listed.`)}</p>` : ''}`
  : message('ok', t(l, '所有数据行均已通过校验。', 'Every data row passed the checks.'))}`;
  }
  const actions =
    u.status === 'staged'
      ? html`<div class="card"><p>${t(l, '确认后，文件将放入收件箱，在今晚的核对中处理。', 'Once confirmed, the file goes to the inbox and is processed in tonight’s run.')}</p>
<div class="inline"><form method="post" action="/uploads/${u.id}/confirm">${csrfField(ctx)}<button type="submit" id="confirm">${t(l, '确认，放入收件箱', 'Confirm: place it in the inbox')}</button></form>
<form method="post" action="/uploads/${u.id}/discard">${csrfField(ctx)}<button type="submit" class="secondary" id="discard">${t(l, '放弃此文件', 'Discard')}</button></form></div></div>`
      : '';
  return page(
    ctx,
    t(l, '校验回执', 'Receipt'),
    html`<h1>${t(l, '校验回执', 'Validation receipt')}</h1>
${opts.notice ? message('ok', opts.notice) : ''}
<div class="card">${facts}</div>
<div class="card">${body}</div>
${actions}
<p><a href="/upload">${t(l, '上传另一个文件', 'Upload another file')}</a> · <a href="/uploads">${t(l, '上传记录', 'All uploads')}</a></p>`,
  );
}

export function uploadsPage(ctx: PageContext, uploads: Upload[]): string {
  const l = ctx.lang;
  return page(
    ctx,
    t(l, '上传记录', 'Uploads'),
    html`<h1>${t(l, '上传记录', 'Uploads')}</h1>
${uploads.length === 0 ? message('info', t(l, '还没有上传过文件。', 'Nothing uploaded yet.')) : html`<div class="table-wrap"><table id="uploads"><thead><tr>
<th>#</th><th>${t(l, '时间', 'Time')}</th><th>${t(l, '文件', 'File')}</th><th>${t(l, '银行', 'Bank')}</th><th>${t(l, '上传人', 'By')}</th><th>${t(l, '行数', 'Rows')}</th><th>${t(l, '拒收', 'Rejected')}</th><th>${t(l, '金额（元）', 'Total')}</th><th>${t(l, '状态', 'Status')}</th></tr></thead><tbody>
${uploads.map((u) => html`<tr><td>${u.id}</td><td>${shownTime(u.uploadedAt)}</td><td><a href="/uploads/${u.id}">${u.originalName}</a></td><td>${u.bank ?? ''}</td><td>${u.userName}</td>
<td class="num">${u.receipt.rowsRead}</td><td class="num">${u.receipt.rowsRejected}</td><td class="num">${formatYuan(u.receipt.totalFen)}</td><td>${statusBadge(l, u.status)}</td></tr>`)}
</tbody></table></div>`}`,
  );
}
