/**
 * The page's stylesheet: plain on screen, cards instead of wide tables on a phone, A4 on paper.
 * `labels` are the findings table's column headers, shown beside each value in the phone layout.
 */
import { cssString } from './html-escape.ts';

/** Printed width (%) of each findings column, in findingColumns' order: the message gets the most room. */
const FINDING_PRINT_WIDTHS = [5, 4, 9, 9, 9, 6, 9, 21, 7, 9, 12];

export function stylesheet(labels: readonly string[]): string {
  const cardLabels = labels.map((l, i) => `table.cards td:nth-child(${i + 1})::before{content:${cssString(l)}}`).join('\n');
  return `
:root{--ink:#1d2733;--muted:#5d6b7a;--line:#dfe5ec;--bg:#f6f8fa;--high:#c0392b;--medium:#b9770e;--low:#2e6da4;--new:#1e7e34}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;color:var(--ink);background:#fff}
main{max-width:1200px;margin:0 auto;padding:16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}
.lead{color:var(--muted);margin:4px 0}.privacy{font-size:13px;color:var(--muted)}.privacy.whole{color:var(--high);font-weight:bold}
.facts{display:flex;flex-wrap:wrap;gap:4px 20px;font-size:13px;color:var(--muted);margin:8px 0}
.cards-row{display:grid;grid-template-columns:repeat(auto-fill,minmax(130px,1fr));gap:10px;margin:12px 0}
.card{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.card .n{font-size:26px;font-weight:700;display:block;font-variant-numeric:tabular-nums}.card .l{font-size:12px;color:var(--muted)}
.card.high .n{color:var(--high)}.card.medium .n{color:var(--medium)}.card.low .n{color:var(--low)}.card.new .n{color:var(--new)}
.warn{border:1px solid #f1b0b7;background:#fdecee;border-radius:8px;padding:8px 12px;margin:12px 0}.warn h2{border:0;margin:0 0 4px;color:var(--high);font-size:16px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,460px),1fr));gap:16px}
.chart{margin:0;border:1px solid var(--line);border-radius:8px;padding:8px;overflow:hidden}.chart svg{max-width:100%;height:auto;display:block;margin:0 auto}
#chart-trend{grid-column:1/-1}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:5px 6px;text-align:left;vertical-align:top}
th{background:var(--bg);position:sticky;top:0;white-space:nowrap}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.bad td{background:#fdecee}
.badge{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;white-space:nowrap}
.sev-high{background:var(--high);color:#fff}.sev-medium{background:#f6c453;color:#3d2b00}.sev-low{background:#d6e6f5;color:#163d63}
.st-new{background:var(--new);color:#fff;font-weight:bold}.st-persisting{background:#e8ecf0}.st-resolved{background:#fff;color:var(--muted);border:1px solid var(--line)}
tr.resolved td{color:var(--muted)}
#findings td:nth-child(3){min-width:7em}#findings td:nth-child(4),#findings td:nth-child(7),#findings td:nth-child(9){white-space:nowrap}
#findings td:nth-child(8){min-width:16em}#findings td:nth-child(11){min-width:9em}
.sub{display:block;font-size:12px;color:var(--muted);white-space:nowrap}
th.num{text-align:right}
.money-tables{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,360px),1fr));gap:16px}.card .n.yuan{font-size:22px}
.mark{font-size:12px;color:var(--muted)}.ev{font-size:11px;color:var(--muted);word-break:break-all}
.filters{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:end;background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:8px 12px;margin:8px 0;position:sticky;top:0;z-index:2}
.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted)}
.filters select,.filters input{font:inherit;padding:4px;min-width:8em;max-width:16em}
#f-count{font-size:13px;margin-left:auto}
.note{font-size:13px;color:var(--muted)}
footer{margin:32px 0 8px;font-size:12px;color:var(--muted)}
@media (max-width:700px){
  main{padding:10px}h1{font-size:19px}
  table.cards thead{display:none}
  table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:100%}
  table.cards tr{border:1px solid var(--line);border-radius:8px;margin:0 0 10px;padding:6px 8px}
  table.cards tr[hidden]{display:none}
  table.cards td{border:0;padding:2px 0 2px 7em;position:relative;text-align:left;min-width:0!important;white-space:normal!important}
  table.cards td::before{position:absolute;left:0;top:3px;width:6.5em;color:var(--muted);font-size:12px}
  table.cards td:empty{display:none}
  .filters{position:static}
${cardLabels}
}
@page{size:A4 landscape;margin:10mm 8mm}
@media print{
  body{font-size:9pt}main{max-width:none;padding:0}
  .filters,.noprint{display:none}
  th{position:static}table{font-size:7.5pt}thead{display:table-header-group}
  tr,.card,.chart{break-inside:avoid}h2{break-after:avoid}
  .charts{grid-template-columns:1fr 1fr}.chart svg{max-height:120mm}
  .scroll{overflow:visible}
  /* Every column on the page, 数据来源 included, so a printed copy can be traced to its file and row. */
  #findings{table-layout:fixed;width:100%}
  #findings th,#findings td{white-space:normal!important;min-width:0!important;overflow-wrap:anywhere;padding:3px 3px}
  #findings .sub,#findings .badge{white-space:normal}
${FINDING_PRINT_WIDTHS.map((w, i) => `  #findings th:nth-child(${i + 1}){width:${w}%}`).join('\n')}
  a{color:inherit;text-decoration:none}
}
`;
}
