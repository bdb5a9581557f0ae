import { resolve } from 'node:path';
import { generateDataset } from '../../demo/index.ts';
import { parsePeriod } from '../../domain/index.ts';
import { EXIT, UserError } from '../../errors.ts';
import { msg } from '../../messages/index.ts';
import { str, type Command } from '../args.ts';

function intOption(value: string | undefined, name: string, def: number): number {
  if (value === undefined) return def;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UserError('usage', `${name} 应为非负数`, `${name} must be a non-negative number`, EXIT.badInput);
  return n;
}

export const generateCommand: Command = {
  name: 'generate',
  summaryZh: '生成带预埋异常的重庆演示数据（含标准答案 ground-truth.json）',
  summaryEn: 'generate realistic Chongqing demo data with planted anomalies (and ground-truth.json)',
  usage: 'relief-recon generate --out DIR [--seed N] [--period YYYY-MM] [--districts N] [--rows N] [--rate 0.02] [--funds]',
  helpZh: '同一 seed 生成的文件逐字节相同。--rate 为预埋异常的比例（0 表示干净数据）。--funds 另生成资金下达明细和乡镇备用金台账（含资金滞留、超支、备用金未登记等预埋异常，标准答案见 funds-ground-truth.json）。',
  helpEn: 'The same seed gives byte-identical files. --rate is the share of roster rows given an anomaly (0 = clean). --funds adds an allocation file and a township petty-cash ledger with the money-trail anomalies (funds-ground-truth.json).',
  options: {
    out: { type: 'string', short: 'o' },
    seed: { type: 'string' },
    period: { type: 'string', short: 'p' },
    districts: { type: 'string' },
    rows: { type: 'string' },
    rate: { type: 'string' },
    funds: { type: 'boolean' },
  },
  async run(args, io) {
    const out = str(args, 'out');
    if (!out) throw new UserError('usage', '请用 --out 指定输出目录', 'Give --out DIR', EXIT.badInput);
    const period = parsePeriod(str(args, 'period') ?? '2026-11');
    if (!period) throw new UserError('usage', '--period 不是有效月份', '--period is not a month', EXIT.badInput);
    const result = await generateDataset({
      seed: intOption(str(args, 'seed'), '--seed', 20261128),
      outDir: resolve(out),
      period,
      districts: intOption(str(args, 'districts'), '--districts', 3),
      rosterRows: intOption(str(args, 'rows'), '--rows', 2000),
      anomalyRate: intOption(str(args, 'rate'), '--rate', 0.02),
      withFunds: args.values.funds === true,
    });
    if (args.values.quiet === true) return EXIT.ok;
    for (const f of result.files) io.out(`  ${f.kind.padEnd(9)} ${f.path}`);
    io.out(msg(args.lang, 'cli.generate.wroteFilesPlantedAnomalies', { length: result.files.length, length2: result.groundTruth.planted.length }));
    return EXIT.ok;
  },
};
