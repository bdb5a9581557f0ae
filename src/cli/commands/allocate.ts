import { resolve } from 'node:path';
import { loadConfig } from '../../config.ts';
import { formatYuan, parseFen } from '../../domain/index.ts';
import { EXIT, UserError } from '../../errors.ts';
import { allocate, FACTOR_ZH, FACTORS, percent, readFactors, writeAllocationXlsx, type Factor } from '../../funds/index.ts';
import { t } from '../../lang.ts';
import { msg } from '../../messages/index.ts';
import { str, type Command } from '../args.ts';

export const allocateCommand: Command = {
  name: 'allocate',
  summaryZh: '因素法分配测算（四（二））：按各区县因素和权重把总额分到分，写出 Excel',
  summaryEn: 'factor-method allocation (四（二）): split a total among districts to the fen, as Excel',
  usage: 'relief-recon allocate --total 元 --factors 因素表 [--weights recipients=50,hardship=20,effort=15,performance=15] [--out 文件.xlsx]',
  helpZh: `  --total 金额       要分配的总额（元，最多两位小数），如 100000000
  --factors FILE     因素表（CSV 或 XLSX）：区县、救助对象人数、财政困难程度、工作努力程度、绩效评价
  --weights LIST     各因素权重（百分数，合计 100），默认取配置文件 allocation.weights（50/20/15/15）
  --out FILE         输出 Excel（默认 因素法分配测算.xlsx）
各区县金额按最大余数法精确到分，合计恰等于总额；测算过程写在 Excel 中。缺区县、负数、权重合计不为 100% 时拒绝计算并说明原因。`,
  helpEn: `  --total YUAN       the total to allocate (yuan, at most two decimals)
  --factors FILE     factors table (CSV or XLSX): 区县, 救助对象人数, 财政困难程度, 工作努力程度, 绩效评价
  --weights LIST     factor weights in percent summing to 100 (default: config allocation.weights, 50/20/15/15)
  --out FILE         output workbook (default 因素法分配测算.xlsx)
Amounts are exact to the fen by the largest-remainder method and sum to the total; the working is in the workbook.`,
  options: { total: { type: 'string' }, factors: { type: 'string' }, weights: { type: 'string' }, out: { type: 'string', short: 'o' } },
  async run(args, io) {
    const config = loadConfig(str(args, 'config'));
    const lang = args.values.lang === undefined ? config.lang : args.lang;
    const totalText = str(args, 'total');
    const factorsPath = str(args, 'factors');
    if (!totalText || !factorsPath) throw new UserError('usage', `需要 --total 和 --factors。用法：${this.usage}`, `--total and --factors are required. Usage: ${this.usage}`, EXIT.badInput);
    const total = parseFen(totalText);
    if (!total.ok || total.fen <= 0) throw new UserError('usage', `--total "${totalText}" 应为正的金额（元，最多两位小数）`, `--total "${totalText}" must be a positive amount in yuan (at most two decimals)`, EXIT.badInput);
    const weights = { ...config.allocation.weights };
    const given = str(args, 'weights');
    if (given !== undefined) {
      for (const part of given.split(/[,，]/)) {
        const [k, v] = part.split('=').map((x) => x.trim());
        if (!k || v === undefined || !(FACTORS as readonly string[]).includes(k)) {
          throw new UserError('usage', `--weights 的 "${part}" 应为 因素=百分数（因素：${FACTORS.join(', ')}）`, `--weights "${part}" must be factor=percent (${FACTORS.join(', ')})`, EXIT.badInput);
        }
        weights[k as Factor] = v;
      }
    }
    const rows = await readFactors(resolve(factorsPath));
    const result = allocate(total.fen, rows, weights);
    const out = resolve(str(args, 'out') ?? '因素法分配测算.xlsx');
    await writeAllocationXlsx(result, out, new Date());
    if (!args.values.quiet) {
      io.out(t(lang, `总额 ${formatYuan(result.totalFen)} 元，${result.lines.length} 个区县（权重：${FACTORS.map((f) => `${FACTOR_ZH[f]} ${weights[f]}%`).join('，')}）：`, `Total ${formatYuan(result.totalFen)} yuan over ${result.lines.length} districts:`));
      for (const l of result.lines) io.out(`  ${l.district.padEnd(8, '　')} ${percent(l.share.num, l.share.den, 4).padStart(9)}%  ${formatYuan(l.amountFen).padStart(18)}`);
      io.out(msg(lang, 'cli.allocate.sumYuanFenBy', { yuan: formatYuan(result.lines.reduce((s, l) => s + l.amountFen, 0)), out, leftoverFenValue: result.leftoverFen }));
    }
    return EXIT.ok;
  },
};
