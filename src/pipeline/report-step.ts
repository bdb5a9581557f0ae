/** The report step of a run: the report module's writer by default, injectable for tests. */
import { saveRunStats, type Db } from '../db/index.ts';
import { nowInShanghai } from '../domain/index.ts';
import type { Lang } from '../lang.ts';
import { writeReports } from '../report/index.ts';
import { saveState, statsOf } from './runs.ts';
import { errorCode, message, type StageContext } from './types.ts';

export interface ReportFiles {
  dir: string;
  files: string[];
}

export type ReportWriter = (db: Db, runId: number, opts: { outDir: string; lang: Lang; unmask?: boolean }) => Promise<ReportFiles>;

export const writeRunReports: ReportWriter = (db, runId, opts) => writeReports(db, runId, opts);

/** Writes the run's reports and records them; null when they could not be written (the checks stand). */
export async function reportStage(ctx: StageContext, t0: number): Promise<ReportFiles | null> {
  const { db, config, opts, log, progress, state } = ctx;
  const t = performance.now();
  progress.stage({ zh: '写报告……', en: 'writing the reports…' });
  let reports: ReportFiles;
  try {
    reports = await (opts.writeReports ?? writeRunReports)(db, state.id, { outDir: config.reports, lang: config.lang });
  } catch (e) {
    // The checks stand (the run stays `done`); the next start writes the reports again.
    state.rest.reportError = message(e);
    await saveState(db, state);
    log.write({ runId: state.id, stage: 'report', event: 'error', code: errorCode(e), ms: performance.now() - t });
    return null;
  }
  delete state.rest.reportError;
  state.rest.reports = reports;
  state.rest.reportsMs = Math.round(performance.now() - t);
  // This attempt's wall time; a resumed run also has startedAt / finishedAt and `pipeline.attempts`.
  state.rest.durationMs = Math.round(performance.now() - t0);
  state.meta.phase = 'done';
  await saveRunStats(db.kysely, state.id, statsOf(state), { finishedAt: nowInShanghai() });
  log.write({ runId: state.id, stage: 'report', event: 'done', counts: { files: reports.files.length }, ms: performance.now() - t });
  return reports;
}
