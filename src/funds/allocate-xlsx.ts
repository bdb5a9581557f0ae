/**
 * 因素法分配测算 as a workbook: sheet 分配结果 (every district: its factor values, its share of each factor,
 * the weighted share, the exact amount, the floor in fen, whether it took a left-over fen, the amount) with a
 * 合计 row that equals the total; sheet 测算说明 with the method, the weights and the check, in words.
 */
import ExcelJS from 'exceljs';
import { fenToYuanNumber, formatYuan } from '../domain/index.ts';
import { FACTOR_ZH, FACTORS, percent, type AllocationResult } from './allocate.ts';

const YUAN = '#,##0.00';

export async function writeAllocationXlsx(result: AllocationResult, path: string, createdAt: Date): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'relief-recon';
  wb.created = createdAt;
  const ws = wb.addWorksheet('分配结果', { views: [{ state: 'frozen', ySplit: 3 }] });
  ws.addRow([`社会救助补助资金因素法分配测算（总额 ${formatYuan(result.totalFen)} 元）`]).font = { bold: true, size: 14 };
  ws.addRow([`权重：${FACTORS.map((f) => `${FACTOR_ZH[f]} ${result.weights[f]}%`).join('，')}。金额按最大余数法精确到分，合计等于总额。`]);
  const header = ['区县', ...FACTORS.map((f) => FACTOR_ZH[f]), ...FACTORS.map((f) => `${FACTOR_ZH[f]}占比（%）`), '加权份额（%）', '精确金额（元）', '取整到分（元）', '余数补 1 分', '分配金额（元）'];
  ws.addRow(header).font = { bold: true };
  for (const l of result.lines) {
    // The exact amount in yuan, shown to 6 decimals as text (it is a fraction; the sheet must not round it silently).
    const exactYuan = percent(l.exactNum, l.share.den * 100n, 6);
    ws.addRow([
      l.district,
      ...FACTORS.map((f) => Number(l.values[f])),
      ...FACTORS.map((f) => Number(percent(l.factorShares[f].num, l.factorShares[f].den, 4))),
      Number(percent(l.share.num, l.share.den, 6)),
      exactYuan,
      fenToYuanNumber(l.floorFen),
      l.plusOne ? '是' : '',
      fenToYuanNumber(l.amountFen),
    ]);
  }
  const total = ws.addRow(['合计', ...FACTORS.map(() => null), ...FACTORS.map(() => 100), 100, formatYuan(result.totalFen), fenToYuanNumber(result.lines.reduce((s, l) => s + l.floorFen, 0)), `${result.leftoverFen} 分`, fenToYuanNumber(result.lines.reduce((s, l) => s + l.amountFen, 0))]);
  total.font = { bold: true };
  const n = header.length;
  for (const col of [n - 3, n]) ws.getColumn(col).numFmt = YUAN;
  ws.columns.forEach((c, i) => (c.width = i === 0 ? 14 : 16));

  const how = wb.addWorksheet('测算说明');
  how.getColumn(1).width = 110;
  for (const line of [
    '依据：渝民发〔2020〕5号 四（二）——市以上社会救助资金主要按因素法分配区县：综合考虑各区县救助对象人数、财政困难程度、工作努力程度以及工作绩效等因素。',
    '方法：',
    '1. 每个因素，各区县的值除以该因素全部区县之和，得到该区县在该因素上的占比。',
    '2. 各因素占比按权重加权求和，得到该区县的加权份额（各区县加权份额之和为 100%）。',
    '3. 总额 × 加权份额 = 精确金额（分数，全程整数运算，不经浮点）。',
    '4. 精确金额向下取整到分；剩余的分（少于区县数）按余数从大到小逐个补 1 分（余数相同时份额大者优先，再按表中顺序）——最大余数法，合计恰等于总额。',
    `权重：${FACTORS.map((f) => `${FACTOR_ZH[f]} ${result.weights[f]}%`).join('；')}（可在配置文件 allocation.weights 中调整，或用 --weights 指定）。`,
    `总额：${formatYuan(result.totalFen)} 元；取整后合计 ${formatYuan(result.lines.reduce((s, l) => s + l.floorFen, 0))} 元，余 ${result.leftoverFen} 分按最大余数分配；分配合计 ${formatYuan(result.lines.reduce((s, l) => s + l.amountFen, 0))} 元。`,
  ]) how.addRow([line]);
  await wb.xlsx.writeFile(path);
}
