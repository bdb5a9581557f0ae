/**
 * One check of the data already ingested: reconcile the periods, run the enabled rules, place the
 * findings against the previous run, and record the run (trigger, periods, rules run or not, counts,
 * duration, outcome). The nightly pipeline calls this after ingest.
 */
import type { Config } from './config.ts';
import { saveRunStats, type Db, type RunStageMs, type RunStats } from './db/index.ts';
import { nowInShanghai } from './domain/index.ts';
import { StopRequested, stopPoint } from './errors.ts';
import { recordFindings } from './findings/index.ts';
import { allPeriods, reconcile } from './reconcile/index.ts';
import { listRules, runRules, type Severity } from './rules/index.ts';

/** The parts of a run's statistics (RunStats) that a check always records. */
export type CheckStats = Required<Pick<RunStats, 'periods' | 'allPeriods' | 'payments' | 'rules' | 'bySeverity' | 'lifecycle'>> & { ms: Required<RunStageMs> };

export interface CheckResult {
  runId: number;
  stats: CheckStats;
}

/** Opens a run record; the pipeline opens it before ingest so the run covers the files too. */
export async function startRun(db: Db, trigger: 'manual' | 'schedule'): Promise<{ id: number; startedAt: string }> {
  const startedAt = nowInShanghai();
  const run = await db.kysely
    .insertInto('runs')
    .values({ startedAt, finishedAt: null, trigger, outcome: 'running', statsJson: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: run.id, startedAt };
}

export async function checkNow(
  db: Db,
  config: Pick<Config, 'rules'> & Partial<Pick<Config, 'batchNumber' | 'referenceLists'>>,
  opts: { periods?: string[]; trigger: 'manual' | 'schedule'; run?: { id: number; startedAt: string }; extraStats?: RunStats; signal?: AbortSignal },
): Promise<CheckResult> {
  const run = opts.run ?? (await startRun(db, opts.trigger));
  const startedAt = run.startedAt;
  try {
    const all = !opts.periods?.length;
    const periods = all ? await allPeriods(db.kysely) : opts.periods!;
    let t = performance.now();
    const reconciled = await reconcile(db, periods, { batchNumber: config.batchNumber ?? null, signal: opts.signal });
    const { payments } = reconciled;
    const reconcileMs = performance.now() - t;
    t = performance.now();
    await stopPoint(opts.signal, 'rules');
    const result = await runRules(db.kysely, periods, config.rules, undefined, opts.signal, listRules(config.referenceLists ?? []));
    const rulesMs = performance.now() - t;
    await stopPoint(opts.signal, 'record');
    t = performance.now();
    const lifecycle = await recordFindings(db, run.id, startedAt, result.findings, { periods, allPeriods: all });
    const bySeverity: Record<Severity, number> = { high: 0, medium: 0, low: 0 };
    for (const f of result.findings) bySeverity[f.severity]++;
    const stats: CheckStats = {
      periods,
      allPeriods: all,
      payments,
      rules: result.outcomes,
      bySeverity,
      lifecycle,
      ms: { reconcileStages: reconciled.ms, reconcile: Math.round(reconcileMs), rules: Math.round(rulesMs), record: Math.round(performance.now() - t) },
    };
    await saveRunStats(db.kysely, run.id, { ...opts.extraStats, ...stats }, { finishedAt: nowInShanghai(), outcome: 'done' });
    return { runId: run.id, stats };
  } catch (e) {
    // A stop request is not a failure: the run is interrupted and its next start checks again.
    const stopped = e instanceof StopRequested;
    const note: RunStats = stopped ? { stoppedAt: e.where } : { error: e instanceof Error ? e.message : String(e) };
    await saveRunStats(db.kysely, run.id, { ...opts.extraStats, ...note }, { finishedAt: nowInShanghai(), outcome: stopped ? 'interrupted' : 'failed' });
    throw e;
  }
}
