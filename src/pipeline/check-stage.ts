/**
 * The check stage: reconcile and run the rules for the periods touched by files no finished run has
 * covered yet (every period for a reference list or with --all), or, with nothing new, carry every open
 * finding over so the latest run still holds the whole picture.
 */
import { checkNow } from '../check.ts';
import { carryOver, maxFileId, pendingScope, reload, statsOf, watermark, type Scope } from './runs.ts';
import type { StageContext } from './types.ts';

export async function checkStage(ctx: StageContext): Promise<Scope> {
  const { db, config, opts, log, progress, state } = ctx;
  const t = performance.now();
  progress.stage({ zh: '核对与规则运行中……', en: 'reconciling and running the rules…' });
  const scope: Scope = opts.all ? { all: true, periods: [] } : await pendingScope(db, await watermark(db, state.id));
  state.meta.coveredFileId = await maxFileId(db);
  state.meta.phase = 'report';
  const ingested = state.files.filter((f) => f.status === 'ingested');
  const rows = {
    read: ingested.reduce((n, f) => n + f.rowsRead, 0),
    accepted: ingested.reduce((n, f) => n + f.rowsAccepted, 0),
    rejected: ingested.reduce((n, f) => n + f.rowsRejected, 0),
  };
  log.write({ runId: state.id, stage: 'check', event: 'start', counts: { periods: scope.periods.length, allPeriods: scope.all ? 1 : 0, unchangedLists: scope.unchangedReferences?.length ?? 0 } });
  if (scope.all || scope.periods.length) {
    await checkNow(db, config, {
      periods: scope.all ? undefined : scope.periods,
      reconcilePeriods: scope.reconcile,
      newReferences: scope.references,
      trigger: state.trigger === 'schedule' ? 'schedule' : 'manual',
      run: { id: state.id, startedAt: state.startedAt },
      extraStats: { ...statsOf(state), rows },
      signal: opts.signal,
    });
    await reload(db, state);
  } else {
    await carryOver(db, state, { rows });
  }
  const lifecycle = state.rest.lifecycle ?? { new: 0, persisting: 0, resolved: 0, carried: 0 };
  const bySeverity = state.rest.bySeverity ?? { high: 0, medium: 0, low: 0 };
  const rules = state.rest.rules ?? [];
  log.write({
    runId: state.id, stage: 'check', event: scope.all || scope.periods.length ? 'done' : 'nothing-new', ms: performance.now() - t,
    counts: {
      periods: state.rest.periods?.length ?? 0,
      rulesRan: rules.filter((r) => r.state === 'ran').length,
      rulesNotRun: rules.filter((r) => r.state !== 'ran').length,
      rulesFailed: rules.filter((r) => r.state === 'failed').length,
      high: bySeverity.high, medium: bySeverity.medium, low: bySeverity.low,
      new: lifecycle.new, persisting: lifecycle.persisting, resolved: lifecycle.resolved, carried: lifecycle.carried ?? 0,
    },
  });
  return scope;
}

