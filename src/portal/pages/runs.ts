/** The list of runs, and one run's report shown in the page (a sandboxed frame) with its Excel download. */
import { t } from '../../lang.ts';
import { msg } from '../../messages/index.ts';
import { html, type Html } from '../../report/index.ts';
import type { RunSummary } from '../runs.ts';
import type { PageContext } from '../types.ts';
import type { MoneyAtStake } from '../../findings/index.ts';
import { message, page, shownTime } from './layout.ts';
import { moneyCell } from './money.ts';

const OUTCOME_ZH: Record<string, string> = { done: '完成', running: '进行中', interrupted: '已中断', failed: '失败', abandoned: '已放弃' };

export function outcomeBadge(l: PageContext['lang'], outcome: string): Html {
  return html`<span class="badge ${outcome}">${t(l, OUTCOME_ZH[outcome] ?? outcome, outcome)}</span>`;
}

export function duration(ms: number | null): string {
  if (ms === null) return '—';
  const s = ms / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export function runsTable(ctx: PageContext, runs: RunSummary[], opts: { links: boolean; reportLinks?: boolean; money?: Map<number, MoneyAtStake> }): Html {
  const l = ctx.lang;
  if (runs.length === 0) return message('info', msg(l, 'pages.runs.noRunsYet'));
  return html`<div class="table-wrap"><table id="runs"><thead><tr><th>#</th><th>${msg(l, 'pages.runs.started')}</th><th>${msg(l, 'pages.runs.trigger')}</th><th>${msg(l, 'pages.runs.outcome')}</th><th>${msg(l, 'pages.runs.duration')}</th>
<th>${msg(l, 'pages.runs.filesStoredDuplicateRefused')}</th><th>${msg(l, 'pages.runs.openFindingsHighMedium')}</th><th>${msg(l, 'pages.runs.newResolved')}</th>${opts.money ? html`<th>${msg(l, 'pages.runs.atStakeYuan')}</th>` : ''}${opts.links ? html`<th>${msg(l, 'pages.runs.report')}</th>` : ''}</tr></thead><tbody>
${runs.map(
  (r) => html`<tr data-run="${r.id}"><td>${r.id}</td><td>${shownTime(r.startedAt)}</td><td>${r.trigger === 'schedule' ? msg(l, 'pages.runs.schedule') : msg(l, 'pages.runs.manual')}</td><td>${outcomeBadge(l, r.outcome)}${r.error ? html` <span class="muted">${r.error}</span>` : ''}</td>
<td class="num">${duration(r.durationMs)}</td><td class="num">${r.files.ingested} / ${r.files.duplicate} / ${r.files.refused}</td>
<td class="num">${r.bySeverity ? `${r.bySeverity.high} / ${r.bySeverity.medium} / ${r.bySeverity.low}` : '—'}</td><td class="num">${r.lifecycle ? `${r.lifecycle.new} / ${r.lifecycle.resolved}` : '—'}</td>${opts.money ? moneyCell(ctx, opts.money.get(r.id)) : ''}
${opts.links ? html`<td>${r.outcome === 'done' ? html`${opts.reportLinks === false ? '' : html`<a href="/runs/${r.id}">${msg(l, 'pages.runs.open')}</a> · `}<a href="/findings?run=${r.id}">${msg(l, 'pages.runs.findings')}</a>` : ''}</td>` : ''}</tr>`,
)}
</tbody></table></div>`;
}

export function runsPage(ctx: PageContext, runs: RunSummary[], opts: { wholeReport: boolean; money?: Map<number, MoneyAtStake> }): string {
  const l = ctx.lang;
  return page(
    ctx,
    msg(l, 'pages.runs.runsAndReports'),
    html`<h1>${msg(l, 'pages.runs.runsAndReports2')}</h1>
${opts.wholeReport ? '' : message('info', msg(l, 'pages.runs.yourAccountIsLimited'))}
${runsTable(ctx, runs, { links: true, reportLinks: opts.wholeReport, money: opts.money })}`,
  );
}

export function reportPage(ctx: PageContext, run: RunSummary): string {
  const l = ctx.lang;
  return page(
    ctx,
    msg(l, 'pages.runs.reportOfRun', { id: run.id }),
    html`<h1>${msg(l, 'pages.runs.exceptionReportOfRun', { id: run.id })}</h1>
<p class="inline"><a class="button" id="download-xlsx" href="/runs/${run.id}/report.xlsx">${msg(l, 'pages.runs.downloadTheExcelReport')}</a>
<a class="button secondary" href="/findings?run=${run.id}">${msg(l, 'pages.runs.findingsAndReview')}</a>
<span class="muted">${msg(l, 'pages.runs.startedTookIdAnd', { duration: duration(run.durationMs), time: shownTime(run.startedAt) })}</span></p>
<iframe class="report" id="report-frame" title="${msg(l, 'pages.runs.exceptionReport')}" src="/runs/${run.id}/report.html" sandbox="allow-scripts"></iframe>`,
  );
}
