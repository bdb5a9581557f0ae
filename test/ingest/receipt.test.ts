import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { formatReceipt, validateFile } from '../../src/ingest/index.ts';
import { FORMATS, ROWS } from './helpers.ts';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), isTty: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('the receipt a bank liaison reads', () => {
  it('states kind, encoding, rows, totals in yuan, the file total and the first rejection reasons', async () => {
    const r = await validateFile({ path: join(ROWS, 'bank-rows-with-every-kind-of-bad-value.csv'), period: '2026-11' });
    const zh = formatReceipt(r, 'zh');
    expect(zh).toContain('【校验完成（未入库）】bank-rows-with-every-kind-of-bad-value.csv');
    expect(zh).toContain('类型：银行代发明细　格式：csv（utf-8）');
    expect(zh).toContain('读取 9 行，接收 3 行，拒收 6 行；接收金额合计 2,774.50 元');
    expect(zh).toContain('第 2 行：金额 "12.345" 不是有效金额（最多两位小数）');
    expect(zh).toContain('第 4 行：缺少银行账号和身份证号码：无法确定收款人');
    const en = formatReceipt(r, 'en');
    expect(en).toContain('rows read 9, accepted 3, rejected 6; accepted total 2,774.50 yuan');
    expect(en).toContain('row 2: 金额 "12.345" is not a valid amount (at most two decimals)');
  });

  it('validate stores nothing, prints the receipt, and exits 2 when a file is refused', async () => {
    const good = await cli(['validate', join(ROWS, 'gbk-bank-file-with-summary-first-line.csv')]);
    expect(good.code).toBe(0);
    expect(good.out).toContain('格式：csv（gb18030）');
    expect(good.out).toContain('文件自带合计（第 1 行）：3 笔，2,401.00 元');
    const refused = await cli(['validate', join(FORMATS, 'legacy-biff.xls')]);
    expect(refused.code).toBe(2);
    expect(refused.out).toContain('【拒收】legacy-biff.xls');
    expect(refused.out).toContain('libreoffice --headless --convert-to xlsx');
  });

  it('answers bad usage in Chinese with exit code 2, and --help on each command', async () => {
    const bad = await cli(['ingest', '--period', '2026-13', join(ROWS, 'roster-period-found-nowhere.csv')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('错误：--period "2026-13" 不是有效月份（如 2026-11）');
    const help = await cli(['validate', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('relief-recon validate');
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('未知命令：frobnicate');
  });
});
