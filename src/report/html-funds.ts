/**
 * The page's 资金 section (issue 15): allocated against disbursed by district (chart), the ledger per district ×
 * fund with the balance carried, and the open leads of the money-trail rules (their findings are listed with
 * every other rule's below).
 */
import { formatYuan, FUND_EN, FUND_ZH, type Fund } from '../domain/index.ts';
import { t, type Lang } from '../lang.ts';
import { render } from './html-charts.ts';
import { html, raw, type Html } from './html-escape.ts';
import { int } from './html-format.ts';
import type { ReportModel } from './model-types.ts';

export const fundText = (lang: Lang, fund: string): string => (lang === 'en' ? FUND_EN : FUND_ZH)[fund as Fund] ?? fund;

/** Grouped bars in 万元: handed down against paid out, one pair per district, with the balance as a line. */
export function fundsChart(model: ReportModel): string {
  const funds = model.funds!;
  const { lang } = model;
  const wan = (fen: number) => Math.round(fen / 10_000) / 100; // fen → 万元, two decimals
  const districts = funds.byDistrict.map((d) => d.district);
  return render(
    {
      title: { text: t(lang, '各区县资金下达与支出（万元）', 'Allocated vs disbursed by district (10k yuan)'), left: 0, textStyle: { fontSize: 14 } },
      legend: { top: 0, right: 0 },
      grid: { left: 8, right: 24, top: 40, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      xAxis: { type: 'category', data: districts, axisLabel: { interval: 0, rotate: districts.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value' },
      series: [
        { name: t(lang, '下达', 'allocated'), type: 'bar', data: funds.byDistrict.map((d) => wan(d.allocatedFen)), itemStyle: { color: '#3a78b5' }, barMaxWidth: 28 },
        { name: t(lang, '支出', 'disbursed'), type: 'bar', data: funds.byDistrict.map((d) => wan(d.disbursedFen)), itemStyle: { color: '#e39b16' }, barMaxWidth: 28 },
        { name: t(lang, '结余', 'balance'), type: 'line', data: funds.byDistrict.map((d) => wan(d.balanceFen)), itemStyle: { color: '#c0392b' } },
      ],
    },
    300,
    900,
  );
}

export function fundsSection(model: ReportModel): Html | '' {
  const funds = model.funds;
  if (!funds) return '';
  const { lang } = model;
  const asOf = funds.asOf ?? '';
  return html`<section id="funds"><h2>${t(lang, '资金', 'Funds')}</h2>
<p class="note">${t(lang, `资金台账截至 ${asOf}（数据所及的最后日期）：下达 = 资金下达文件；支出 = 最新状态为成功的代发 + 临时救助备用金台账支出；结余 = 自第一笔下达起累计下达 − 累计支出（负数为透支）。`, `Ledger as of ${asOf} (the data's last date): allocated = allocation files; disbursed = paid bank rows + petty-cash spending; balance = allocated − disbursed since the first allocation (negative: overdrawn).`)}
${funds.unattributedFen ? t(lang, ` 另有 ${formatYuan(funds.unattributedFen)} 元代发无法确定区县，未计入。`, ` A further ${formatYuan(funds.unattributedFen)} yuan paid could not be attributed to a district and is not counted.`) : ''}</p>
<ul class="leads" id="funds-leads">${funds.leads.map((l) => html`<li>${l.title}（${l.rule}）：<b>${int(l.open)}</b></li>`)}</ul>
<figure class="chart" id="chart-funds">${raw(fundsChart(model))}</figure>
<div class="scroll"><table id="funds-table"><thead><tr><th>${t(lang, '区县', 'District')}</th><th>${t(lang, '资金', 'Fund')}</th><th>${t(lang, '台账起点', 'From')}</th><th class="num">${t(lang, '下达（元）', 'Allocated')}</th><th class="num">${t(lang, '代发（元）', 'Bank')}</th><th class="num">${t(lang, '备用金（元）', 'Petty cash')}</th><th class="num">${t(lang, '支出合计（元）', 'Disbursed')}</th><th class="num">${t(lang, '结余（元）', 'Balance')}</th></tr></thead><tbody>
${funds.lines.map((l) => html`<tr${raw(l.balanceFen < 0 ? ' class="bad"' : '')}><td>${l.district}</td><td>${fundText(lang, l.fund)}</td><td>${l.start}</td><td class="num">${formatYuan(l.allocatedFen)}</td><td class="num">${formatYuan(l.bankFen)}</td><td class="num">${formatYuan(l.pettyCashFen)}</td><td class="num">${formatYuan(l.disbursedFen)}</td><td class="num">${formatYuan(l.balanceFen)}</td></tr>\n`)}
</tbody></table></div></section>`;
}
