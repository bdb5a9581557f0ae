/** The list of runs, and one run's report shown in the page (a sandboxed frame) with its Excel download. */
import { t } from '../../lang.ts';
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
  if (runs.length === 0) return message('info', t(l, '还没有运行记录。', 'No runs yet.'));
  return html`<div class="table-wrap"><table id="runs"><thead><tr><th>#</th><th>${t(l, '开始', 'Started')}</th><th>${t(l, '方式', 'Trigger')}</th><th>${t(l, '结果', 'Outcome')}</th><th>${t(l, '用时', 'Duration')}</th>
<th>${t(l, '文件（入库 / 重复 / 拒收）', 'Files (stored / duplicate / refused)')}</th><th>${t(l, '未结疑点（高 / 中 / 低）', 'Open findings (high / medium / low)')}</th><th>${t(l, '新增 / 消除', 'New / resolved')}</th>${opts.money ? html`<th>${t(l, '涉及金额（元）', 'At stake (yuan)')}</th>` : ''}${opts.links ? html`<th>${t(l, '报告', 'Report')}</th>` : ''}</tr></thead><tbody>
${runs.map(
  (r) => html`<tr data-run="${r.id}"><td>${r.id}</td><td>${shownTime(r.startedAt)}</td><td>${r.trigger === 'schedule' ? t(l, '定时', 'schedule') : t(l, '手动', 'manual')}</td><td>${outcomeBadge(l, r.outcome)}${r.error ? html` <span class="muted">${r.error}</span>` : ''}</td>
<td class="num">${duration(r.durationMs)}</td><td class="num">${r.files.ingested} / ${r.files.duplicate} / ${r.files.refused}</td>
<td class="num">${r.bySeverity ? `${r.bySeverity.high} / ${r.bySeverity.medium} / ${r.bySeverity.low}` : '—'}</td><td class="num">${r.lifecycle ? `${r.lifecycle.new} / ${r.lifecycle.resolved}` : '—'}</td>${opts.money ? moneyCell(ctx, opts.money.get(r.id)) : ''}
${opts.links ? html`<td>${r.outcome === 'done' ? html`${opts.reportLinks === false ? '' : html`<a href="/runs/${r.id}">${t(l, '查看', 'Open')}</a> · `}<a href="/findings?run=${r.id}">${t(l, '疑点', 'Findings')}</a>` : ''}</td>` : ''}</tr>`,
)}
</tbody></table></div>`;
}

export function runsPage(ctx: PageContext, runs: RunSummary[], opts: { wholeReport: boolean; money?: Map<number, MoneyAtStake> }): string {
  const l = ctx.lang;
  return page(
    ctx,
    t(l, '运行与报告', 'Runs and reports'),
    html`<h1>${t(l, '运行与报告', 'Runs and reports')}</h1>
${opts.wholeReport ? '' : message('info', t(l, '您的账号限于部分区县：完整报告包含其他区县，请在「疑点」页查看本区县的疑点。', 'Your account is limited to some districts: the whole report covers others too, so see your districts’ findings on the Findings page.'))}
${runsTable(ctx, runs, { links: true, reportLinks: opts.wholeReport, money: opts.money })}`,
  );
}

export function reportPage(ctx: PageContext, run: RunSummary): string {
  const l = ctx.lang;
  return page(
    ctx,
    t(l, `第 ${run.id} 次运行的报告`, `Report of run ${run.id}`),
    html`<h1>${t(l, `第 ${run.id} 次运行的异常预警报告`, `Exception report of run ${run.id}`)}</h1>
<p class="inline"><a class="button" id="download-xlsx" href="/runs/${run.id}/report.xlsx">${t(l, '下载 Excel 报告', 'Download the Excel report')}</a>
<a class="button secondary" href="/findings?run=${run.id}">${t(l, '疑点与审核', 'Findings and review')}</a>
<span class="muted">${t(l, `开始于 ${shownTime(run.startedAt)}，用时 ${duration(run.durationMs)}。报告中身份证号和账号已打码。`, `started ${shownTime(run.startedAt)}, took ${duration(run.durationMs)}. ID and account numbers are masked.`)}</span></p>
<iframe class="report" id="report-frame" title="${t(l, '异常预警报告', 'Exception report')}" src="/runs/${run.id}/report.html" sandbox="allow-scripts"></iframe>`,
  );
}
