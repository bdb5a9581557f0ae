/**
 * The page's charts, drawn by Apache ECharts on the server as SVG (its server-side renderer needs no
 * DOM or canvas) and inlined: findings by district, by rule, and open findings over recent runs.
 * ECharts escapes the text it draws.
 */
import { createRequire } from 'node:module';
import type * as Echarts from 'echarts';
import type { Lang } from '../lang.ts';
import { severityText, SEVERITIES, words } from './labels.ts';
import type { ReportModel } from './model-types.ts';

// The package's one CommonJS file (every chart, the SVG renderer included), not its ES module barrels: those load
// each chart and component as its own module, 1.1 s of CPU at every start of a run (measured: import of this
// module 1,115 ms CPU with the barrels, the CommonJS file 107 ms), for a report that draws three charts.
const echarts = createRequire(import.meta.url)('echarts') as typeof Echarts;

export const SEVERITY_COLOURS = { high: '#c0392b', medium: '#e39b16', low: '#3a78b5' } as const;
// Single-quoted names: ECharts writes the family into a double-quoted style attribute of the inline SVG.
const FONT = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif";
const WIDTH = 640;

export function render(option: Echarts.EChartsCoreOption, height: number, width = WIDTH): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...option });
    // Inline SVG needs no namespace declarations; dropping them keeps the page free of any URL.
    return chart.renderToSVGString().replace(/\s+xmlns(:\w+)?="[^"]*"/g, '');
  } finally {
    chart.dispose();
  }
}

/** Horizontal bars stacked by severity, one bar per category, largest on top. */
function stackedBars(lang: Lang, title: string, categories: string[], values: Record<string, number[]>): string {
  const height = Math.max(160, 70 + categories.length * 24);
  return render(
    {
      title: { text: title, left: 0, textStyle: { fontSize: 14 } },
      legend: { top: 0, right: 0, data: SEVERITIES.map((s) => severityText(lang, s)) },
      grid: { left: 8, right: 24, top: 36, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: [...categories].reverse(), axisLabel: { width: 150, overflow: 'truncate' } },
      series: SEVERITIES.map((s) => ({
        name: severityText(lang, s), type: 'bar', stack: 'open', itemStyle: { color: SEVERITY_COLOURS[s] }, data: [...(values[s] ?? [])].reverse(),
      })),
    },
    height,
  );
}

export interface Charts {
  byDistrict: string;
  byRule: string;
  trend: string;
}

export function renderCharts(model: ReportModel): Charts {
  const { lang, counts } = model;
  const w = words(lang);
  const districts = counts.byDistrict.filter((d) => d.open > 0);
  const rules = counts.byRule.filter((r) => r.open > 0);
  const ruleTitle = (rule: string, title: string) => (lang === 'en' ? (model.rules.find((r) => r.rule === rule)?.titleEn ?? title) : title);
  const byDistrict = stackedBars(lang, w.chartByDistrict, districts.map((d) => d.district), Object.fromEntries(SEVERITIES.map((s) => [s, districts.map((d) => d.bySeverity[s])])));
  const byRule = stackedBars(lang, w.chartByRule, rules.map((r) => ruleTitle(r.rule, r.title)), Object.fromEntries(SEVERITIES.map((s) => [s, rules.map((r) => r.bySeverity[s])])));
  const trend = render(
    {
      title: { text: w.chartTrend, left: 0, textStyle: { fontSize: 14 } },
      legend: { top: 0, right: 0, data: [w.open, w.newSince] },
      grid: { left: 8, right: 24, top: 40, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      xAxis: { type: 'category', data: model.trend.map((p) => `#${p.runId} ${p.startedAt.slice(5, 10)}`) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: w.open, type: 'line', data: model.trend.map((p) => p.open), itemStyle: { color: SEVERITY_COLOURS.high }, label: { show: model.trend.length <= 12, position: 'top' } },
        { name: w.newSince, type: 'bar', data: model.trend.map((p) => p.new), itemStyle: { color: '#7fb77e' }, barMaxWidth: 18 },
      ],
    },
    260,
    900,
  );
  return { byDistrict, byRule, trend };
}
