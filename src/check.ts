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
import { listRules, readsAnyOf, ruleThreadPossible, RULES, runRuleJobs, startRuleThread, type EngineResult, type RuleJob, type RuleThread, type Severity } from './rules/index.ts';

/** From this many reconciled payments the rules run on two threads (two connections on PostgreSQL). */
export const PARALLEL_RULES_MIN_PAYMENTS = 100_000;

/** The parts of a run's statistics (RunStats) that a check always records. */
export type CheckStats = Required<Pick<RunStats, 'periods' | 'allPeriods' | 'reconciled' | 'payments' | 'rules' | 'bySeverity' | 'lifecycle'>>
  & Pick<RunStats, 'narrowRules'> & { ms: Required<Pick<RunStageMs, 'reconcile' | 'rules' | 'record' | 'reconcileStages' | 'reconcileStagesCpu' | 'rulesCpu'>> };

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
  opts: {
    periods?: string[];
    /**
     * The periods to reconcile again when fewer than those checked (a reference list re-checks every period,
     * but only periods with new roster or bank rows need a new reconciliation); default: every period checked.
     */
    reconcilePeriods?: string[];
    /**
     * The kinds of the reference lists that made every period due (pipeline scope): rules reading none of them
     * judge only `reconcilePeriods` (the other periods' findings of theirs are carried over unchanged).
     */
    newReferences?: string[];
    trigger: 'manual' | 'schedule'; run?: { id: number; startedAt: string }; extraStats?: RunStats; signal?: AbortSignal;
    /** Rules on two threads (true) or one (false); default: two from PARALLEL_RULES_MIN_PAYMENTS payments. */
    parallelRules?: boolean },
): Promise<CheckResult> {
  const run = opts.run ?? (await startRun(db, opts.trigger));
  const startedAt = run.startedAt;
  let thread: RuleThread | null = null;
  try {
    const all = !opts.periods?.length;
    const periods = all ? await allPeriods(db.kysely) : opts.periods!;
    const reconcilePeriods = opts.reconcilePeriods ? periods.filter((p) => opts.reconcilePeriods!.includes(p)) : periods;
    const declared = listRules(config.referenceLists ?? []);
    // Every rule, in registry order (then the declared lists), each over the periods it judges.
    const ids = [...Object.keys(RULES), ...declared.map((d) => d.id).filter((id) => !RULES[id])];
    let narrow: { rules: string[]; periods: string[] } | undefined;
    let jobs: RuleJob[] = ids.map((rule) => ({ rule, periods }));
    if (opts.newReferences && reconcilePeriods.length < periods.length) {
      // A new list changes nothing for a rule that does not read it: such rules judge the new rows only.
      const wideIds = ids.filter((id) => readsAnyOf(RULES[id] ?? declared.find((d) => d.id === id), opts.newReferences!));
      narrow = { rules: ids.filter((id) => !wideIds.includes(id)), periods: reconcilePeriods };
      jobs = ids.map((rule) => ({ rule, periods: wideIds.includes(rule) ? periods : reconcilePeriods }));
    }
    const ruleOpts = { settings: config.rules, referenceLists: config.referenceLists ?? [] };
    // The rules' second thread (SQLite) starts loading now, beside the reconciliation, when the payments to check are
    // enough for it to pay; it takes no rule before the reconciliation is stored. Where no such thread can start
    // (PostgreSQL's second runner is a connection), the payments are not counted for it.
    const expected = ruleThreadPossible(db, jobs) && (opts.parallelRules ?? (await paymentsIn(db, periods)) >= PARALLEL_RULES_MIN_PAYMENTS);
    thread = expected ? startRuleThread(db, jobs, ruleOpts) : null;
    let t = performance.now();
    const reconciled = await reconcile(db, reconcilePeriods, { batchNumber: config.batchNumber ?? null, signal: opts.signal });
    let { payments } = reconciled;
    if (reconcilePeriods.length < periods.length) {
      // The payments checked are every period's, those reconciled by earlier runs too.
      const n = await db.kysely.selectFrom('reconPayments').select((eb) => eb.fn.countAll<number>().as('n')).where('period', 'in', periods).executeTakeFirstOrThrow();
      payments = Number(n.n);
    }
    const reconcileMs = performance.now() - t;
    t = performance.now();
    await stopPoint(opts.signal, 'rules');
    const rulesCpuStart = process.cpuUsage();
    // A second thread pays off once the rules take seconds; for a small run its start-up would cost more.
    const parallel = opts.parallelRules ?? payments >= PARALLEL_RULES_MIN_PAYMENTS;
    if (!parallel && thread) {
      await thread.stop();
      thread = null;
    }
    const result: EngineResult = await runRuleJobs(db, jobs, { ...ruleOpts, signal: opts.signal, parallel, thread });
    thread = null;
    const rulesMs = performance.now() - t;
    const rulesCpu = (({ user, system }) => (user + system) / 1000)(process.cpuUsage(rulesCpuStart));
    await stopPoint(opts.signal, 'record');
    t = performance.now();
    const lifecycle = await recordFindings(db, run.id, startedAt, result.findings, { periods, allPeriods: all, narrow });
    const bySeverity: Record<Severity, number> = { high: 0, medium: 0, low: 0 };
    for (const f of result.findings) bySeverity[f.severity]++;
    const stats: CheckStats = {
      periods,
      allPeriods: all,
      reconciled: reconcilePeriods,
      ...(narrow ? { narrowRules: narrow.rules } : {}),
      payments,
      rules: result.outcomes,
      bySeverity,
      lifecycle,
      ms: { reconcileStages: reconciled.ms, reconcileStagesCpu: reconciled.cpuMs, rulesCpu: Math.round(rulesCpu), reconcile: Math.round(reconcileMs), rules: Math.round(rulesMs), record: Math.round(performance.now() - t) },
    };
    await saveRunStats(db.kysely, run.id, { ...opts.extraStats, ...stats }, { finishedAt: nowInShanghai(), outcome: 'done' });
    return { runId: run.id, stats };
  } catch (e) {
    // A stop request is not a failure: the run is interrupted and its next start checks again.
    const stopped = e instanceof StopRequested;
    const note: RunStats = stopped ? { stoppedAt: e.where } : { error: e instanceof Error ? e.message : String(e) };
    await saveRunStats(db.kysely, run.id, { ...opts.extraStats, ...note }, { finishedAt: nowInShanghai(), outcome: stopped ? 'interrupted' : 'failed' });
    throw e;
  } finally {
    // Started beside a reconciliation that failed or was stopped: not needed.
    await thread?.stop();
  }
}

/** The payments stored for these months (the ingest table: known before they are reconciled). */
async function paymentsIn(db: Db, periods: readonly string[]): Promise<number> {
  if (periods.length === 0) return 0;
  const n = await db.kysely.selectFrom('payments').select((eb) => eb.fn.countAll<number>().as('n')).where('period', 'in', [...periods]).executeTakeFirstOrThrow();
  return Number(n.n);
}
