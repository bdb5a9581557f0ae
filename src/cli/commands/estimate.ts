import { resolve } from 'node:path';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/index.ts';
import { formatYuan } from '../../domain/index.ts';
import { EXIT, UserError } from '../../errors.ts';
import { estimate, writeEstimateXlsx } from '../../funds/index.ts';
import { msg } from '../../messages/index.ts';
import { str, type Command } from '../args.ts';

export const estimateCommand: Command = {
  name: 'estimate',
  summaryZh: '资金测算（四（一））：按审批名册历史测算下一年度各区县、各救助类别的资金需求，写出 Excel',
  summaryEn: 'budget estimate (四（一）): next year per district × program from the roster history, as Excel',
  usage: 'relief-recon estimate --year 年份 [--out 文件.xlsx]',
  helpZh: `  --year YYYY        测算年度（用此前的名册历史，每项最多最近 12 个月）
  --out FILE         输出 Excel（默认 资金测算_<年份>.xlsx）
按标准测算 = 最近一月人数 × 月标准 × 12（需已导入保障标准表）；按趋势测算 = 月度总额趋势线延伸到该年 12 个月之和。测算过程写在 Excel 中。`,
  helpEn: `  --year YYYY        the year to estimate (from the roster history before it, at most the last 12 months per line)
  --out FILE         output workbook (default 资金测算_<year>.xlsx)
By standard = latest recipients × monthly standard × 12 (needs a standards table); by trend = the monthly totals' trend line summed over the year.`,
  options: { year: { type: 'string' }, out: { type: 'string', short: 'o' } },
  async run(args, io) {
    const config = loadConfig(str(args, 'config'));
    const lang = args.values.lang === undefined ? config.lang : args.lang;
    const yearText = str(args, 'year');
    if (!yearText || !/^(19|20|21)\d{2}$/.test(yearText)) throw new UserError('usage', `--year 应为四位年份，如 2027。用法：${this.usage}`, `--year must be a four-digit year such as 2027. Usage: ${this.usage}`, EXIT.badInput);
    const db = await openDatabase(config.database);
    try {
      const est = await estimate(db.kysely, Number(yearText));
      if (est.lines.length === 0) throw new UserError('no-history', `${yearText} 年以前没有审批名册，无法测算`, `No roster before ${yearText}: nothing to estimate from`, EXIT.badInput);
      const out = resolve(str(args, 'out') ?? `资金测算_${yearText}.xlsx`);
      await writeEstimateXlsx(est, out, new Date());
      if (!args.values.quiet) {
        const byStandard = est.lines.reduce((s, l) => s + (l.byStandardFen ?? 0), 0);
        const byTrend = est.lines.reduce((s, l) => s + l.byTrendFen, 0);
        io.out(msg(lang, 'cli.estimate.estimateRosterToLines', { firstPeriod: est.firstPeriod, lastPeriod: est.lastPeriod, length: est.lines.length, yuan: formatYuan(byStandard), yuan2: formatYuan(byTrend), out, yearText }));
      }
      return EXIT.ok;
    } finally {
      await db.close();
    }
  },
};
