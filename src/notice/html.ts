/**
 * The printable 公示 list: A4 portrait, one page per village / community (a long list runs on to the
 * next sheet with its table header repeated), the 公示 period and the complaint channel on every page.
 * Every value goes through the escaping template; nothing here reads a column that could hold an ID.
 */
import { formatYuan } from '../domain/index.ts';
import { html, raw, type Html } from '../report/index.ts';
import type { NoticeModel, NoticePage, SummaryRow } from './model.ts';

const STYLE = `
@page { size: A4 portrait; margin: 15mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; color: #000; margin: 0; }
.page { width: 186mm; margin: 0 auto; padding: 6mm 0; break-after: page; page-break-after: always; }
.page:last-child { break-after: auto; page-break-after: auto; }
h1 { font-size: 20pt; text-align: center; margin: 0 0 2mm; letter-spacing: 0.1em; }
.place { text-align: center; font-size: 12pt; margin: 0 0 4mm; }
.intro, .foot { font-size: 11pt; line-height: 1.7; text-indent: 2em; margin: 0 0 3mm; }
table { width: 100%; border-collapse: collapse; font-size: 11pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #000; padding: 1.5mm 2mm; text-align: center; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tfoot td { font-weight: bold; }
.sign { text-align: right; margin-top: 8mm; font-size: 11pt; line-height: 1.8; }
@media screen { body { background: #eee; } .page { background: #fff; margin: 8mm auto; padding: 15mm 12mm; width: 210mm; min-height: 297mm; box-shadow: 0 0 4px #999; } }
`;

export function monthText(period: string): string {
  const [y, m] = period.split('-');
  return `${y}年${Number(m)}月`;
}

function shell(title: string, body: Html): string {
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${raw(STYLE)}</style></head>
<body>${body}</body></html>
`.text;
}

function page(model: NoticeModel, p: NoticePage, postedOn: string): Html {
  const issuer = model.issuer ?? p.township;
  return html`<section class="page">
<h1>社会救助对象公示</h1>
<p class="place">${p.district} ${p.township} ${p.village}　（${monthText(model.period)}）</p>
<p class="intro">根据《重庆市社会救助资金监督检查工作方案》（渝民发〔2020〕5号）关于信息公开的要求，现将本村（社区）${monthText(model.period)}享受社会救助的对象予以公示，公示期 ${model.days} 天（自张贴之日起）。</p>
<table>
<thead><tr><th>序号</th><th>姓名</th><th>保障人数</th><th>救助类别</th><th>月救助金额（元）</th><th>村（社区）</th></tr></thead>
<tbody>${p.lines.map((l, i) => html`<tr><td>${i + 1}</td><td>${l.name}</td><td>${l.householdSize ?? ''}</td><td>${l.program}</td><td class="num">${formatYuan(l.monthlyFen)}</td><td>${p.village}</td></tr>`)}</tbody>
<tfoot><tr><td colspan="2">合计</td><td>${p.people}</td><td>${p.households} 户</td><td class="num">${formatYuan(p.totalFen)}</td><td></td></tr></tfoot>
</table>
<p class="foot">如对上述公示对象有异议，请在公示期内向${model.complaintChannel}反映。反映情况请实事求是，我们将依法为反映人保密。</p>
<p class="sign">${issuer}<br>${postedOn}</p>
</section>`;
}

/** The whole notice: one A4 page (section) per village. `postedOn` is the date printed under each list. */
export function renderNoticeHtml(model: NoticeModel, postedOn: string): string {
  const body = model.pages.length
    ? html`${model.pages.map((p) => page(model, p, postedOn))}`
    : html`<section class="page"><h1>社会救助对象公示</h1><p class="intro">${monthText(model.period)}没有符合条件的救助对象名单。</p></section>`;
  return shell(`社会救助对象公示 ${monthText(model.period)}`, body);
}

/** 五（四）: the public summary, counts and amounts only. */
export function renderSummaryHtml(rows: SummaryRow[], title: string, postedOn: string): string {
  const total = rows.reduce((a, r) => ({ households: a.households + r.households, people: a.people + r.people, fen: a.fen + r.totalFen }), { households: 0, people: 0, fen: 0 });
  return shell(title, html`<section class="page">
<h1>${title}</h1>
<p class="intro">按区县、救助类别、月份汇总的社会救助对象户数、人数和救助金额，不含任何个人信息。</p>
<table>
<thead><tr><th>月份</th><th>区县</th><th>救助类别</th><th>户数</th><th>人数</th><th>金额（元）</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td>${monthText(r.period)}</td><td>${r.district}</td><td>${r.program}</td><td class="num">${r.households}</td><td class="num">${r.people}</td><td class="num">${formatYuan(r.totalFen)}</td></tr>`)}</tbody>
<tfoot><tr><td colspan="3">合计</td><td class="num">${total.households}</td><td class="num">${total.people}</td><td class="num">${formatYuan(total.fen)}</td></tr></tfoot>
</table>
<p class="sign">${postedOn}</p>
</section>`);
}
