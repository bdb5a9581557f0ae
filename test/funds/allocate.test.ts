/**
 * 因素法分配: the arithmetic against examples worked by hand (written out in each case), sums exact to the fen,
 * and the refusals a finance bureau needs to see. The command is driven through main(), in process.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { UserError } from '../../src/errors.ts';
import { allocate, type FactorRow } from '../../src/funds/index.ts';
import { tempDir } from '../ingest/helpers.ts';

const W_DEFAULT = { recipients: '50', hardship: '20', effort: '15', performance: '15' };
const row = (district: string, recipients: string, hardship: string, effort: string, performance: string, rowNo = 2): FactorRow => ({ district, rowNo, values: { recipients, hardship, effort, performance } });
const amounts = (r: ReturnType<typeof allocate>) => r.lines.map((l) => [l.district, l.amountFen]);

describe('allocate: hand-worked examples', () => {
  it('two districts, default weights 50/20/15/15: 万州 19/30, 黔江 11/30 of 1,000,000.00 yuan', () => {
    // 人数 3000 : 1000 → 0.75 : 0.25;  困难 1.2 : 0.8 → 0.6 : 0.4;  努力 90 : 110 → 0.45 : 0.55;  绩效 85 : 95 → 85/180 : 95/180.
    // 万州 = 0.5×0.75 + 0.2×0.6 + 0.15×0.45 + 0.15×85/180 = 0.375 + 0.12 + 0.0675 + 0.0708333… = 152/240 = 19/30.
    // 100,000,000 fen × 19/30 = 63,333,333 ⅓ fen;  × 11/30 = 36,666,666 ⅔ fen.  Floors sum to 99,999,999: the one fen
    // left goes to the larger remainder (⅔, 黔江), so 黔江 gets 366,666.67 yuan and 万州 633,333.33 yuan.
    const r = allocate(100_000_000, [row('万州区', '3000', '1.2', '90', '85'), row('黔江区', '1000', '0.8', '110', '95', 3)], W_DEFAULT);
    expect(amounts(r)).toEqual([['万州区', 63_333_333], ['黔江区', 36_666_667]]);
    expect(r.lines.map((l) => [l.floorFen, l.plusOne])).toEqual([[63_333_333, false], [36_666_666, true]]);
    expect(r.lines[0]!.share.num * 30n).toBe(r.lines[0]!.share.den * 19n); // exactly 19/30
    expect(r.leftoverFen).toBe(1);
  });

  it('three equal districts share 100.00 yuan: 33.34 + 33.33 + 33.33 (tie → file order)', () => {
    // Each 1/3 of 10,000 fen = 3,333 ⅓; floors 9,999; one fen left; equal remainders and shares → the first row.
    const r = allocate(10_000, [row('渝中区', '1', '1', '1', '1'), row('大渡口区', '1', '1', '1', '1', 3), row('江北区', '1', '1', '1', '1', 4)], { recipients: '100', hardship: '0', effort: '0', performance: '0' });
    expect(amounts(r)).toEqual([['渝中区', 3334], ['大渡口区', 3333], ['江北区', 3333]]);
  });

  it('seven equal districts share 1.00 yuan: 15 + 15 + 14 × 5 fen', () => {
    // 100 / 7 = 14 2/7 each; floors 98; two fen left → the first two rows.
    const names = ['渝中区', '大渡口区', '江北区', '沙坪坝区', '九龙坡区', '南岸区', '北碚区'];
    const r = allocate(100, names.map((n, i) => row(n, '10', '1', '1', '1', i + 2)), W_DEFAULT);
    expect(r.lines.map((l) => l.amountFen)).toEqual([15, 15, 14, 14, 14, 14, 14]);
  });

  it('a factor with weight 0 does not count, even when it is 0 everywhere; decimals in weights are exact', () => {
    // Weights 62.5 / 37.5 / 0 / 0.  人数 1 : 3 → 0.25 : 0.75; 困难 3 : 1 → 0.75 : 0.25.
    // A = 0.625×0.25 + 0.375×0.75 = 0.15625 + 0.28125 = 0.4375 → 437.50 of 1,000.00 yuan, B = 562.50: no remainder.
    const r = allocate(100_000, [row('A区', '1', '3', '0', '0'), row('B区', '3', '1', '0', '0', 3)], { recipients: '62.5', hardship: '37.5', effort: '0', performance: '0' });
    expect(amounts(r)).toEqual([['A区', 43_750], ['B区', 56_250]]);
    expect(r.leftoverFen).toBe(0);
  });

  it('sums exactly to the total for awkward totals and many districts', () => {
    const rows = Array.from({ length: 38 }, (_, i) => row(`区${i}`, String(1000 + i * 37), `${1 + (i % 5) / 10}`, String(60 + (i % 40)), String(70 + (i % 29)), i + 2));
    for (const total of [1, 37, 99_999_999, 123_456_789_01]) {
      const r = allocate(total, rows, W_DEFAULT);
      expect(r.lines.reduce((s, l) => s + l.amountFen, 0)).toBe(total);
      expect(r.leftoverFen).toBeLessThan(38);
    }
  });
});

describe('allocate: refusals', () => {
  const ok = [row('万州区', '3000', '1.2', '90', '85'), row('黔江区', '1000', '0.8', '110', '95', 3)];
  it.each([
    ['weights not summing to 100 %', () => allocate(100, ok, { ...W_DEFAULT, performance: '14' }), '无法分配：各因素权重之和应为 100%（救助对象人数 50%、财政困难程度 20%、工作努力程度 15%、绩效评价 14%）'],
    ['a negative factor', () => allocate(100, [ok[0]!, row('黔江区', '1000', '-0.8', '110', '95', 3)], W_DEFAULT), '无法分配：黔江区（第 3 行）的「财政困难程度」为负数 "-0.8"'],
    ['a row without its district', () => allocate(100, [ok[0]!, row('', '1000', '0.8', '110', '95', 3)], W_DEFAULT), '无法分配：因素表第 3 行缺少区县'],
    ['a missing factor', () => allocate(100, [ok[0]!, row('黔江区', '1000', '', '110', '95', 3)], W_DEFAULT), '无法分配：黔江区（第 3 行）缺少「财政困难程度」'],
    ['a district twice', () => allocate(100, [ok[0]!, row('万州区', '1000', '0.8', '110', '95', 3)], W_DEFAULT), '无法分配：区县「万州区」在第 2 行和第 3 行重复出现'],
    ['a weighted factor that is 0 everywhere', () => allocate(100, [row('万州区', '0', '1', '1', '1'), row('黔江区', '0', '1', '1', '1', 3)], W_DEFAULT), '无法分配：「救助对象人数」在所有区县都为 0，无法按它分配（可把它的权重设为 0）'],
    ['text where a number belongs', () => allocate(100, [ok[0]!, row('黔江区', '一千', '0.8', '110', '95', 3)], W_DEFAULT), '无法分配：黔江区（第 3 行）的「救助对象人数」"一千" 不是数字'],
  ])('%s', (_name, run, message) => {
    let error: unknown;
    try {
      run();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).messageZh).toBe(message);
  });
});

describe('relief-recon allocate', () => {
  function io() {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), isTty: false }, out, err };
  }

  it('reads a GBK factors table with a title and a 合计 row, writes the working as Excel, sums to the fen', async () => {
    const dir = tempDir('allocate-');
    const factors = join(dir, '2027年因素表.csv');
    writeFileSync(factors, iconv.encode(['2027年困难群众救助补助资金分配因素表,,,,', '区县,救助对象人数,财政困难程度,工作努力程度,绩效评价', '万州区,3000,1.2,90,85', '黔江区,1000,0.8,110,95', '合计,4000,,,', ''].join('\r\n'), 'gbk'));
    const out = join(dir, 'result.xlsx');
    writeFileSync(join(dir, 'relief-recon.yaml'), 'database: x.db\n');
    const a = io();
    expect(await main(['allocate', '--config', join(dir, 'relief-recon.yaml'), '--total', '1,000,000.00', '--factors', factors, '--out', out], a.io)).toBe(0);
    expect(a.out.at(-1)).toBe(`合计 1,000,000.00 元（最大余数补 1 分）。已写入 ${out}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('分配结果')!;
    const last = ws.getRow(3).cellCount;
    expect([ws.getRow(4).getCell(1).value, ws.getRow(4).getCell(last).value, ws.getRow(5).getCell(1).value, ws.getRow(5).getCell(last).value]).toEqual(['万州区', 633_333.33, '黔江区', 366_666.67]);
    expect(ws.getRow(5).getCell(last - 1).value).toBe('是');
    expect(ws.getRow(6).getCell(last).value).toBe(1_000_000);
    expect(wb.getWorksheet('测算说明')!.getRow(6).getCell(1).value).toContain('最大余数法');
  });

  it('takes the weights from the config or --weights, and refuses bad ones with exit code 2 and the reason', async () => {
    const dir = tempDir('allocate-');
    const config = join(dir, 'relief-recon.yaml');
    writeFileSync(config, 'allocation:\n  weights: { recipients: 100, hardship: 0, effort: 0, performance: 0 }\n');
    const factors = join(dir, 'f.csv');
    writeFileSync(factors, '区县,救助对象人数,财政困难程度,工作努力程度,绩效评价\n万州区,1,1,1,1\n黔江区,3,1,1,1\n');
    const a = io();
    // 人数 1 : 3 with all the weight on it: 25.00 and 75.00 of 100.00 yuan.
    expect(await main(['allocate', '--config', config, '--total', '100', '--factors', factors, '--out', join(dir, 'o.xlsx')], a.io)).toBe(0);
    expect(a.out.slice(1, 3).map((l) => l.trim().split(/\s+/).at(-1))).toEqual(['25.00', '75.00']);
    const b = io();
    expect(await main(['allocate', '--config', config, '--total', '100', '--factors', factors, '--weights', 'recipients=60'], b.io)).toBe(2);
    expect(b.err[0]).toBe('错误：无法分配：各因素权重之和应为 100%（救助对象人数 60%、财政困难程度 0%、工作努力程度 0%、绩效评价 0%）');
    const c = io();
    expect(await main(['allocate', '--config', config, '--total=-5', '--factors', factors], c.io)).toBe(2);
    expect(c.err[0]).toContain('--total "-5" 应为正的金额');
  });
});
