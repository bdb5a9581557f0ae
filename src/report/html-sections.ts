/** The page's other sections: heading and run facts, summary numbers, rules that did not run, charts, batches, files, rejected rows. */
import { formatYuan } from '../domain/index.ts';
import { amountOf, MONEY_KINDS, type MoneyKind } from '../findings/index.ts';
import { t } from '../lang.ts';
import type { Charts } from './html-charts.ts';
import { html, raw, type Html } from './html-escape.ts';
import { int, localTime } from './html-format.ts';
import { fileNoteText, moneyKindText, ruleTitleOf, fileStatusText, kindText, POLICY, programText, severityText, unknownText, words } from './labels.ts';
import type { ReportModel } from './model-types.ts';

export function heading(model: ReportModel): Html {
  const { lang, run } = model;
  const w = words(lang);
  const periods = run.periods.join(lang === 'en' ? ', ' : '、') || w.none;
  const outcome = run.outcome === 'done' ? w.outcomeDone : run.outcome === 'failed' ? w.outcomeFailed : run.outcome;
  return html`<header><h1>${w.title}</h1>
<p class="lead">${POLICY} · ${run.date} · ${w.runNo(run.id)}</p>
<p class="lead"><strong>${w.leadNote}</strong></p>
<p class="privacy${model.unmask ? ' whole' : ''}">${model.unmask ? w.privacyWhole : w.privacyMasked}</p>
<div class="facts"><span>${w.run}${w.colon}<b id="run-id">${run.id}</b></span><span>${w.startedAt}${w.colon}${localTime(run.startedAt)}</span><span>${w.finishedAt}${w.colon}${localTime(run.finishedAt)}</span>
<span>${w.outcome}${w.colon}${outcome}${run.error ? html`（${run.error}）` : ''}</span><span>${w.periods}${w.colon}${periods}</span><span>${w.previousRun}${w.colon}${run.previousRunId ?? w.none}</span>
<span>${w.payments}${w.colon}${int(run.payments)}</span><span>${w.generatedAt}${w.colon}${localTime(model.generatedAt)}</span></div></header>`;
}

function card(id: string, cls: string, n: number, label: string): Html {
  return html`<div class="card ${cls}"><span class="n" id="${id}">${int(n)}</span><span class="l">${label}</span></div>`;
}

export function summary(model: ReportModel): Html {
  const { lang, counts } = model;
  const w = words(lang);
  const rowsIn = model.files.reduce((s, f) => s + f.rowsAccepted, 0);
  const files = { ingested: 0, duplicate: 0, refused: 0, superseded: 0 };
  for (const f of model.files) files[f.status]++;
  return html`<section id="summary"><h2>${w.summaryCounts}</h2><div class="cards-row">
${card('sum-open', 'open', counts.open, w.open)}${card('sum-new', 'new', counts.byStatus.new, w.newSince)}${card('sum-persisting', '', counts.byStatus.persisting, w.persistingSince)}
${card('sum-resolved', '', counts.byStatus.resolved, w.resolvedSince)}${card('sum-high', 'high', counts.bySeverity.high, `${w.open}·${severityText(lang, 'high')}`)}
${card('sum-medium', 'medium', counts.bySeverity.medium, `${w.open}·${severityText(lang, 'medium')}`)}${card('sum-low', 'low', counts.bySeverity.low, `${w.open}·${severityText(lang, 'low')}`)}
${card('sum-false-positive', '', counts.falsePositive, w.falsePositive)}${card('sum-files', '', files.ingested, w.filesIngested)}
${card('sum-files-duplicate', '', files.duplicate, w.filesDuplicate)}${card('sum-files-refused', files.refused ? 'high' : '', files.refused, w.filesRefused)}
${card('sum-rows', '', rowsIn, w.rowsAccepted)}${card('sum-rejected', '', model.rejected.total, w.rowsRejected)}</div></section>`;
}

export function rulesNotRun(model: ReportModel): Html | '' {
  const { lang } = model;
  const w = words(lang);
  const notRun = model.rules.filter((r) => r.state === 'cannot-run' || r.state === 'failed');
  if (!notRun.length) return '';
  return html`<section class="warn" id="rules-not-run"><h2>${w.rulesNotRun}</h2><p>${w.rulesNotRunNote}</p><ul>
${notRun.map((r) => html`<li><b>${lang === 'en' ? r.titleEn : r.title}</b>（${r.rule}）：${r.state === 'failed' ? `${w.ruleFailed}：` : ''}${t(lang, r.reason?.zh ?? '', r.reason?.en ?? '')}</li>`)}
</ul></section>`;
}

export function chartsSection(model: ReportModel, charts: Charts): Html | '' {
  if (model.counts.total === 0 && model.trend.length <= 1) return '';
  const w = words(model.lang);
  return html`<section id="charts"><h2>${w.charts}</h2><div class="charts">
<figure class="chart" id="chart-district">${raw(charts.byDistrict)}</figure>
<figure class="chart" id="chart-rule">${raw(charts.byRule)}</figure>
<figure class="chart" id="chart-trend">${raw(charts.trend)}</figure></div></section>`;
}

const BATCH_CAP = 2000;

export function batchesSection(model: ReportModel): Html {
  const { lang } = model;
  const w = words(lang);
  const shown = model.batches.slice(0, BATCH_CAP);
  const bad = model.batches.filter((b) => !b.agrees).length;
  return html`<section id="batches"><h2>${w.batches}</h2>
<p class="note">${t(lang, `共 ${model.batches.length} 个批次，${bad} 个不符（实发只计最新状态为“成功”的付款）。`, `${model.batches.length} batches, ${bad} disagree (paid counts only payments whose latest status is paid).`)}
${shown.length < model.batches.length ? t(lang, `本页列出前 ${shown.length} 个，全部见 Excel。`, `The first ${shown.length} are listed; all are in the Excel report.`) : ''}</p>
<div class="scroll"><table><thead><tr><th>${w.period}</th><th>${w.district}</th><th>${w.program}</th><th class="num">${w.approvedCount}</th><th class="num">${w.approvedYuan}</th><th class="num">${w.paidCount}</th><th class="num">${w.paidYuan}</th><th class="num">${w.countDiff}</th><th class="num">${w.fenDiff}</th></tr></thead><tbody>
${shown.map((b) => html`<tr${raw(b.agrees ? '' : ' class="bad"')}><td>${b.period}</td><td>${b.district}</td><td>${programText(lang, b.program)}</td><td class="num">${int(b.approvedCount)}</td><td class="num">${formatYuan(b.approvedFen)}</td><td class="num">${int(b.paidCount)}</td><td class="num">${formatYuan(b.paidFen)}</td><td class="num">${int(b.countDiff)}</td><td class="num">${formatYuan(b.fenDiff)}</td></tr>\n`)}
</tbody></table></div></section>`;
}

export function filesSection(model: ReportModel): Html {
  const { lang } = model;
  const w = words(lang);
  return html`<section id="files"><h2>${w.filesIn}（${model.files.filter((f) => f.status !== 'superseded').length}）</h2>
<div class="scroll"><table><thead><tr><th>${w.fileName}</th><th>${w.kind}</th><th>${w.fileStatus}</th><th class="num">${w.rowsRead}</th><th class="num">${w.rowsAccepted}</th><th class="num">${w.rowsRejected}</th><th class="num">${w.totalYuan}</th><th>${w.refusal}</th></tr></thead><tbody>
${model.files.map((f) => html`<tr${raw(f.status === 'refused' || f.rowsRejected ? ' class="bad"' : '')}><td>${f.fileName}</td><td>${kindText(lang, f.kind)}</td><td>${fileStatusText(lang, f.status)}</td><td class="num">${int(f.rowsRead)}</td><td class="num">${int(f.rowsAccepted)}</td><td class="num">${int(f.rowsRejected)}</td><td class="num">${formatYuan(f.totalFen)}</td><td>${fileNoteText(lang, f)}</td></tr>\n`)}
</tbody></table></div></section>`;
}

export function rejectedSection(model: ReportModel): Html {
  const { lang, rejected } = model;
  const w = words(lang);
  if (rejected.total === 0) return html`<section id="rejected"><h2>${w.rejected}</h2><p class="note">${w.noRejected}</p></section>`;
  return html`<section id="rejected"><h2>${w.rejected}（${rejected.total}）</h2>
${rejected.sample.length < rejected.total ? html`<p class="note">${w.rejectedCapNote(rejected.sample.length, rejected.total)}</p>` : ''}
<div class="scroll"><table><thead><tr><th>${w.fileName}</th><th>${w.rowNo}</th><th>${w.reasons}</th><th>${w.cells}</th></tr></thead><tbody>
${rejected.sample.map((r) => html`<tr><td>${r.fileName}</td><td class="num">${r.rowNo}</td><td>${r.reasons.map((x) => t(lang, x.zh, x.en)).join(lang === 'en' ? '; ' : '；')}</td><td>${r.cells.join(' | ')}</td></tr>\n`)}
</tbody></table></div></section>`;
}

export function trendSection(model: ReportModel): Html | '' {
  if (model.trend.length === 0) return '';
  const w = words(model.lang);
  return html`<details class="noprint" id="trend"><summary>${w.trend}</summary><div class="scroll"><table><thead><tr><th>${w.run}</th><th>${w.startedAt}</th><th>${w.open}</th><th>${w.newSince}</th><th>${w.resolvedSince}</th></tr></thead><tbody>
${model.trend.map((p) => html`<tr><td>${p.runId}</td><td>${localTime(p.startedAt)}</td><td class="num">${int(p.open)}</td><td class="num">${int(p.new)}</td><td class="num">${int(p.resolved)}</td></tr>`)}
</tbody></table></div></details>`;
}

/** Money at stake: by kind, by rule and by district, each with its count of open findings. */
export function moneySection(model: ReportModel): Html {
  const { lang, money } = model;
  const w = words(lang);
  const kind = (k: MoneyKind) => moneyKindText(lang, k);
  const ruleTitle = (rule: string) => ruleTitleOf(model, rule);
  if (money.count === 0) return html`<section id="money"><h2>${w.money}</h2><p class="note">${w.noMoney}</p></section>`;
  const cell = (fen: number, count: number) => html`<td class="num">${formatYuan(fen)}</td><td class="num">${int(count)}</td>`;
  return html`<section id="money"><h2>${w.money}</h2><p class="note">${w.moneyNote}</p><div class="cards-row">
<div class="card high"><span class="n yuan" id="money-total">${formatYuan(money.fen)}</span><span class="l">${w.moneyTotal}（${int(money.count)} ${w.rows}）</span></div>
${MONEY_KINDS.map((k) => html`<div class="card"><span class="n yuan" id="money-${k}">${formatYuan(money.byKind[k].fen)}</span><span class="l">${kind(k)}（${int(money.byKind[k].count)} ${w.rows}）</span></div>`)}</div>
<div class="money-tables"><table id="money-by-rule"><thead><tr><th>${w.rule}</th><th>${w.moneyKind}</th><th class="num">${w.moneyYuan}</th><th class="num">${w.count}</th></tr></thead><tbody>
${money.byRule.map((r) => html`<tr data-rule="${r.rule}"><td>${ruleTitle(r.rule)}</td><td>${kind(r.kind)}</td>${cell(r.fen, r.count)}</tr>`)}</tbody></table>
<table id="money-by-district"><thead><tr><th>${w.district}</th><th class="num">${w.moneyYuan}</th><th class="num">${w.count}</th></tr></thead><tbody>
${money.byDistrict.map((d) => html`<tr data-district="${d.district ?? ''}"><td>${d.district ?? unknownText(lang)}</td>${cell(d.fen, d.count)}</tr>`)}</tbody></table></div></section>`;
}

/** The new high-severity findings about the most money, on the first screen. */
export function topNewSection(model: ReportModel, cap: number): Html {
  const { lang } = model;
  const w = words(lang);
  if (model.topNew.length === 0) return html`<section id="top-new"><h2>${w.topNew(cap)}</h2><p class="note">${w.noTopNew}</p></section>`;
  return html`<section id="top-new"><h2>${w.topNew(cap)}</h2><div class="scroll"><table><thead><tr><th>${w.rule}</th><th>${w.where}</th><th>${w.person}</th><th class="num">${w.amountYuan}</th><th>${w.message}</th></tr></thead><tbody>
${model.topNew.map((f) => html`<tr data-fingerprint="${f.fingerprint}"><td>${f.ruleTitle}</td><td>${f.period ?? ''} ${f.district ?? unknownText(lang)}</td><td>${f.name ?? ''}</td><td class="num">${formatYuan(amountOf(f))}</td><td>${f.message}</td></tr>
`)}
</tbody></table></div></section>`;
}
