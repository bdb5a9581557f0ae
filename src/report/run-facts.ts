/** The run itself: its record, its stats (periods, rule outcomes) and the run before it. */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import { readRunStats, type Db, type RunRuleOutcome, type RunStats } from '../db/index.ts';
import { UserError } from '../errors.ts';
import { previousRunId } from '../findings/index.ts';
import { RULES } from '../rules/index.ts';
import type { RuleRunView, RunFacts } from './model-types.ts';

export type { RunStats };

export function shanghaiDate(iso: string): string {
  return format(new TZDate(Date.parse(iso), 'Asia/Shanghai'), 'yyyy-MM-dd');
}

export async function loadRun(db: Db, runId: number): Promise<{ facts: RunFacts; stats: RunStats }> {
  const run = await db.kysely.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run) throw new UserError('no-run', `找不到第 ${runId} 次运行`, `No run ${runId}`);
  const stats = readRunStats(run.statsJson);
  const facts: RunFacts = {
    id: run.id,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    trigger: run.trigger,
    outcome: run.outcome,
    date: shanghaiDate(run.startedAt),
    periods: stats.periods ?? [],
    allPeriods: stats.allPeriods ?? false,
    payments: run.payments ?? stats.payments ?? null,
    previousRunId: await previousRunId(db, run.id),
    error: stats.error ?? null,
  };
  return { facts, stats };
}

/** Every rule the run ran or meant to, with its title and clause from the registry. */
export function ruleViews(outcomes: readonly RunRuleOutcome[]): RuleRunView[] {
  return outcomes.map((o) => {
    // A cross-check list declared in the config is in no registry: the run recorded what it was.
    const def = RULES[o.rule] ?? o.meta;
    return {
      rule: o.rule,
      title: def?.title ?? o.rule,
      titleEn: def?.titleEn ?? o.rule,
      clause: def?.clause ?? '',
      severity: def?.severity ?? null,
      state: o.state,
      findings: o.state === 'ran' ? o.findings : null,
      reason: o.state === 'cannot-run' ? { zh: o.zh, en: o.en } : o.state === 'failed' ? { zh: o.error, en: o.error } : null,
    };
  });
}
