/**
 * The nightly run: take the lock; ingest every file waiting in the inbox (stored and duplicate files
 * to the archive, refused ones to rejected/ with a note); reconcile and run the rules for the periods
 * the new files touch; place the findings against the previous run; write the reports; record it all.
 *
 * Restart safety comes from the order of things, not from luck: each file is one transaction and known
 * by its SHA-256; a file is listed in the run's record before it is moved, and moved only after its
 * transaction committed; checks and reports are recomputed from the database. So a run killed anywhere
 * and started again ends with the same data, findings and reports as a run that was never interrupted.
 */
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config.ts';
import { isPostgresUrl, openDatabase, type Db } from '../db/index.ts';
import { StopRequested, UserError } from '../errors.ts';
import { listFindings } from '../findings/index.ts';
import type { Severity } from '../rules/index.ts';
import { checkStage } from './check-stage.ts';
import { ingestStage } from './ingest-stage.ts';
import { acquireDatabaseLock, acquireLock, type Lock, type LockOptions } from './lock.ts';
import { logPathFor, openRunLog, type RunLog } from './log.ts';
import { silentProgress, type Progress } from './progress.ts';
import { reportStage } from './report-step.ts';
import { beginRun, setOutcome } from './runs.ts';
import { errorCode, message, type Outcome, type PipelineOptions, type PipelineResult, type StageContext } from './types.ts';

export type { Notice, Outcome, PipelineHooks, PipelineOptions, PipelineResult } from './types.ts';

export function lockPathFor(config: Pick<Config, 'database' | 'inbox'>): string {
  // (A server database's run lock is an advisory lock, not this file; the path is still well-formed.)
  return config.database === ':memory:' || isPostgresUrl(config.database) ? join(dirname(resolve(config.inbox)), 'relief-recon.lock') : `${resolve(config.database)}.lock`;
}

export async function runPipeline(config: Config, opts: PipelineOptions): Promise<PipelineResult> {
  const log = opts.log ?? openRunLog(logPathFor(config));
  const t0 = performance.now();
  // A server database keeps the run lock itself (every host sees it); SQLite's lock is a file beside it.
  const serverDb = isPostgresUrl(config.database) ? await (opts.openDb ?? openDatabase)(config.database) : null;
  const lockOpts: LockOptions = {
    wait: opts.wait,
    signal: opts.signal,
    onWait(h) {
      log.write({ runId: null, stage: 'lock', event: 'wait', counts: { holderPid: h.pid } });
      opts.onNotice?.({ zh: `另一次运行正在进行（进程 ${h.pid}，开始于 ${h.startedAt}），等待其结束……`, en: `Another run is in progress (pid ${h.pid}, started ${h.startedAt}); waiting for it to end…` });
    },
    onStale(h) {
      log.write({ runId: null, stage: 'lock', event: 'stale-taken-over', counts: { holderPid: h.pid } });
      opts.onNotice?.({ zh: `上一次运行（进程 ${h.pid}，开始于 ${h.startedAt}）已不在运行，接管其遗留的锁。`, en: `The previous run (pid ${h.pid}, started ${h.startedAt}) is gone; taking over its lock.` });
    },
  };
  let lock: Lock;
  try {
    lock = serverDb ? await acquireDatabaseLock(serverDb, lockOpts) : await acquireLock(lockPathFor(config), lockOpts);
  } catch (e) {
    await serverDb?.close();
    throw e;
  }
  log.write({ runId: null, stage: 'lock', event: 'acquired', ms: performance.now() - t0 });
  const progress = opts.progress ?? silentProgress;
  try {
    const db = serverDb ?? (await (opts.openDb ?? openDatabase)(config.database));
    try {
      return await runLocked(db, config, opts, log, progress, t0);
    } finally {
      await db.close();
    }
  } finally {
    progress.end();
    await lock.release();
    log.write({ runId: null, stage: 'lock', event: 'released' });
  }
}

async function runLocked(db: Db, config: Config, opts: PipelineOptions, log: RunLog, progress: Progress, t0: number): Promise<PipelineResult> {
  const { state, abandoned } = await beginRun(db, opts.trigger);
  for (const id of abandoned) log.write({ runId: id, stage: 'run', event: 'abandoned' });
  const startPhase = state.meta.phase;
  const ctx: StageContext = { db, config, opts, log, progress, state };
  log.write({ runId: state.id, stage: 'run', event: state.resumed ? 'resume' : 'start', counts: { attempt: state.meta.attempts }, code: state.trigger });
  if (state.resumed) {
    opts.onNotice?.({
      zh: `继续第 ${state.id} 次运行（开始于 ${state.startedAt}，上次未完成）。`,
      en: `Resuming run ${state.id} (started ${state.startedAt}, not finished last time).`,
    });
  }
  const result: PipelineResult = {
    runId: state.id, outcome: 'done', resumed: state.resumed, files: state.files, fileErrors: state.fileErrors, scope: null, rules: [],
    lifecycle: null, open: { high: 0, medium: 0, low: 0 }, reports: null, error: null, ms: 0,
  };
  // Yield once first: the database work is synchronous, so a SIGTERM is only seen when the loop turns.
  const stopped = async () => {
    if (!opts.signal) return false;
    await new Promise<void>((resolve) => setImmediate(resolve));
    return opts.signal.aborted;
  };
  const finish = (outcome: Outcome): PipelineResult => {
    result.outcome = outcome;
    result.ms = Math.round(performance.now() - t0);
    log.write({ runId: state.id, stage: 'run', event: outcome, ms: result.ms });
    return result;
  };

  try {
    if (startPhase === 'ingest') {
      await ingestStage(ctx);
      if (await stopped()) {
        await setOutcome(db, state, 'interrupted');
        return finish('interrupted');
      }
      await opts.hooks?.beforeCheck?.();
      if (await stopped()) {
        await setOutcome(db, state, 'interrupted');
        return finish('interrupted');
      }
      result.scope = await checkStage(ctx);
    }
    result.scope ??= { all: state.rest.allPeriods === true, periods: state.rest.periods ?? [] };
    result.rules = state.rest.rules ?? [];
    result.lifecycle = state.rest.lifecycle ? { carried: 0, ...state.rest.lifecycle } : null;
    for (const f of await listFindings(db, { runId: state.id, openOnly: true })) {
      const s = f.severity as Severity;
      if (s in result.open) result.open[s]++;
    }
    // The checks are recorded (the run is `done`); only the reports remain, and the next start writes them.
    if (await stopped()) return finish('interrupted');
    await opts.hooks?.beforeReports?.();
    if (await stopped()) return finish('interrupted');
    result.reports = await reportStage(ctx, t0);
    if (!result.reports) {
      result.error = { zh: `报告写入失败：${String(state.rest.reportError)}`, en: `Writing the reports failed: ${String(state.rest.reportError)}` };
      return finish('failed');
    }
  } catch (e) {
    if (e instanceof StopRequested) {
      // Stopped between reconcile stages or between rules: nothing of the checks is recorded; the next start checks again.
      log.write({ runId: state.id, stage: 'check', event: 'stopped', code: e.where });
      state.rest.stoppedAt = e.where;
      await setOutcome(db, state, 'interrupted');
      return finish('interrupted');
    }
    state.rest.error = message(e);
    await setOutcome(db, state, 'failed').catch(() => {});
    log.write({ runId: state.id, stage: 'run', event: 'error', code: errorCode(e) });
    result.error = e instanceof UserError ? { zh: e.messageZh, en: e.messageEn } : { zh: message(e), en: message(e) };
    return finish('failed');
  }
  return finish('done');
}

