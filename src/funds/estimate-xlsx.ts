/**
 * 资金测算 as a workbook: 测算汇总 (per district × program: history, latest recipients and average, the trend,
 * the standard, both estimates and their sum per program), 月度明细 (the monthly figures the trend is drawn
 * through) and 测算说明 (the method in words).
 */
import ExcelJS from 'exceljs';
import { fenToYuanNumber, PROGRAMS, type Program } from '../domain/index.ts';
import type { Estimate } from './estimate.ts';

const YUAN = '#,##0.00';
const programZh = (p: string) => PROGRAMS[p as Program]?.short ?? p;

export async function writeEstimateXlsx(est: Estimate, path: string, createdAt: Date): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'relief-recon';
  wb.created = createdAt;
  const ws = wb.addWorksheet('测算汇总', { views: [{ state: 'frozen', ySplit: 3 }] });
  ws.addRow([`${est.year} 年社会救助资金测算`]).font = { bold: true, size: 14 };
  ws.addRow([`依据：${est.firstPeriod ?? '—'} 至 ${est.lastPeriod ?? '—'} 的审批名册（每项最多取最近 12 个月）。按标准测算 = 最近一月人数 × 月标准 × 12；按趋势测算 = 月度总额的最小二乘直线延伸到 ${est.year} 年 1–12 月之和。`]);
  const header = ['区县', '救助类别', '历史月数', '最近月份', '最近人数', '最近人均（元）', '月度总额趋势（元/月）', '月标准（元）', '标准说明', '按标准测算（元）', '按趋势测算（元）'];
  ws.addRow(header).font = { bold: true };
  for (const l of est.lines) {
    ws.addRow([
      l.district, programZh(l.program), l.months.length, l.latest.period, l.latest.recipients, fenToYuanNumber(l.latest.averageFen),
      Math.round(l.slopeFen) / 100, l.standardFen === null ? null : fenToYuanNumber(l.standardFen), l.standardNote ?? '未导入保障标准表',
      l.byStandardFen === null ? null : fenToYuanNumber(l.byStandardFen), fenToYuanNumber(l.byTrendFen),
    ]);
  }
  const sum = (f: (l: Estimate['lines'][number]) => number | null) => fenToYuanNumber(est.lines.reduce((s, l) => s + (f(l) ?? 0), 0));
  ws.addRow(['合计', null, null, null, est.lines.reduce((s, l) => s + l.latest.recipients, 0), null, null, null, null, sum((l) => l.byStandardFen), sum((l) => l.byTrendFen)]).font = { bold: true };
  for (const c of [6, 7, 8, 10, 11]) ws.getColumn(c).numFmt = YUAN;
  ws.columns.forEach((c, i) => (c.width = i === 8 ? 30 : 14));

  const detail = wb.addWorksheet('月度明细', { views: [{ state: 'frozen', ySplit: 1 }] });
  detail.addRow(['区县', '救助类别', '月份', '人数', '总额（元）', '人均（元）', '趋势值（元）']).font = { bold: true };
  for (const l of est.lines) {
    l.months.forEach((m, i) => {
      const t = i === 0 ? 0 : (Number(m.period.slice(0, 4)) * 12 + Number(m.period.slice(5, 7))) - (Number(l.months[0]!.period.slice(0, 4)) * 12 + Number(l.months[0]!.period.slice(5, 7)));
      detail.addRow([l.district, programZh(l.program), m.period, m.recipients, fenToYuanNumber(m.totalFen), fenToYuanNumber(m.averageFen), Math.round(l.interceptFen + l.slopeFen * t) / 100]);
    });
  }
  for (const c of [5, 6, 7]) detail.getColumn(c).numFmt = YUAN;
  detail.columns.forEach((c) => (c.width = 14));

  const how = wb.addWorksheet('测算说明');
  how.getColumn(1).width = 110;
  for (const line of [
    '依据：渝民发〔2020〕5号 四（一）——各级民政部门要根据困难群众基本生活救助需求，做好社会救助资金测算。',
    '数据：有效的审批名册（被更正文件替代的不计），按月份 × 区县 × 救助类别统计人数（名册行数）与核定总额。',
    '按标准测算：最近一个月的人数 × 月保障标准 × 12。标准取该区县的，没有则取全市的；同时有城市、农村两个标准时取较高者（预算上限）。未导入保障标准表时不测算。',
    `按趋势测算：对最近最多 12 个月的月度总额作最小二乘直线 总额(t) = 截距 + 斜率 × t（t 为距第一个月的月数），把 ${est.year} 年 1–12 月（t = 起点 … 起点 + 11）的值相加（负值按 0 计），最后四舍五入到分。`,
    '两种结果供对照：标准测算反映政策上限，趋势测算反映实际发放走势；临时救助人数波动大，应结合备用金需求判断。',
  ]) how.addRow([line]);
  await wb.xlsx.writeFile(path);
}
