import { checkNow } from '../../check.ts';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/index.ts';
import { parsePeriod } from '../../domain/index.ts';
import { EXIT, UserError } from '../../errors.ts';
import { t } from '../../lang.ts';
import { msg } from '../../messages/index.ts';
import { RULES } from '../../rules/index.ts';
import { str, type Command } from '../args.ts';

export const checkCommand: Command = {
  name: 'check',
  summaryZh: '立即核对：对已导入的数据运行全部规则，记录本次运行的疑点',
  summaryEn: 'reconcile and run every enabled rule over the data already ingested, now',
  usage: 'relief-recon check [--period YYYY-MM]...',
  helpZh: '不给 --period 时核对所有月份。疑点与上一次运行比较，标为新增 / 持续 / 已消除。',
  helpEn: 'Without --period every period is checked. Findings are compared with the previous run: new / persisting / resolved.',
  options: { period: { type: 'string', short: 'p', multiple: true } },
  async run(args, io) {
    const config = loadConfig(str(args, 'config'));
    const raw = (args.values.period as string[] | undefined) ?? [];
    const periods = raw.map((p) => {
      const v = parsePeriod(p);
      if (!v) throw new UserError('usage', `--period "${p}" 不是有效月份`, `--period "${p}" is not a month`, EXIT.badInput);
      return v;
    });
    const db = await openDatabase(config.database);
    try {
      const { runId, stats } = await checkNow(db, config, { periods, trigger: 'manual' });
      const l = args.lang;
      io.out(t(l, `第 ${runId} 次运行：核对月份 ${stats.periods.join('、') || '（无数据）'}，付款 ${stats.payments} 笔`, `run ${runId}: periods ${stats.periods.join(', ') || '(no data)'}, ${stats.payments} payments`));
      io.out(msg(l, 'cli.check.findingsHighMediumLow', { high: stats.bySeverity.high, low: stats.bySeverity.low, medium: stats.bySeverity.medium, new: stats.lifecycle.new, persisting: stats.lifecycle.persisting, resolved: stats.lifecycle.resolved }));
      for (const o of stats.rules) {
        const title = RULES[o.rule]?.title ?? o.meta?.title ?? o.rule;
        if (o.state === 'ran' && !args.values.quiet) io.out(`  ${o.rule.padEnd(24)} ${String(o.findings).padStart(6)}  ${String(o.ms).padStart(6)} ms  ${title}`);
        if (o.state === 'cannot-run') io.out(t(l, `  ${o.rule.padEnd(24)} 未运行：${o.zh}`, `  ${o.rule.padEnd(24)} did not run: ${o.en}`));
        if (o.state === 'failed') io.out(msg(l, 'cli.check.failed', { error: o.error, rule: o.rule.padEnd(24) }));
        if (o.state === 'off' && !args.values.quiet) io.out(msg(l, 'cli.check.offInTheConfig', { rule: o.rule.padEnd(24) }));
      }
      return stats.rules.some((o) => o.state === 'failed') ? EXIT.runFailed : EXIT.ok;
    } finally {
      await db.close();
    }
  },
};
