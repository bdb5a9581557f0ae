/**
 * The pipeline's record of a run, kept in the run's statsJson as it goes, so that a run killed at any
 * point can be picked up again: the next start resumes the same run (same id, same start time, the
 * files it already took) when it is today's and still the latest, and otherwise marks it abandoned.
 * Which periods to check comes from a watermark — the newest file the last finished pipeline run had
 * covered — so files taken in by an abandoned run are checked by the next one, never skipped.
 */
import { hostname } from 'node:os';
import { startRun } from '../check.ts';
import { readRunStats, saveRunStats, type Db, type RunFileEntry, type RunFileError, type RunPhase, type RunPipelineMeta, type RunStats } from '../db/index.ts';
import { nowInShanghai, todayInShanghai } from '../domain/index.ts';
import { recordFindings, type LifecycleCounts } from '../findings/index.ts';
import { proxyRegistryResent } from '../rules/index.ts';

// The parts of a run's statistics (RunStats, src/db/run-stats.ts) that the pipeline keeps.
export type FileEntry = RunFileEntry;
export type FileStatus = RunFileEntry['status'];
export type FileError = RunFileError;
export type Phase = RunPhase;
export type PipelineMeta = RunPipelineMeta;

export interface RunState {
  id: number;
  startedAt: string;
  trigger: string;
  meta: PipelineMeta;
  files: FileEntry[];
  fileErrors: FileError[];
  /** Everything else already in the run's statistics (the checks' results once they ran). */
  rest: Omit<RunStats, 'pipeline' | 'files' | 'fileErrors'>;
  resumed: boolean;
}

interface RunRow {
  id: number;
  startedAt: string;
  trigger: string;
  outcome: string;
  statsJson: string;
}

const parseStats = readRunStats;

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function maxFileId(db: Db): Promise<number> {
  const row = await db.kysely.selectFrom('sourceFiles').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
  return Number(row?.m ?? 0);
}

export function statsOf(state: RunState): RunStats {
  return { ...state.rest, pipeline: state.meta, files: state.files, fileErrors: state.fileErrors };
}

export async function saveState(db: Db, state: RunState): Promise<void> {
  await saveRunStats(db.kysely, state.id, statsOf(state));
}

export async function setOutcome(db: Db, state: RunState, outcome: 'interrupted' | 'failed' | 'done'): Promise<void> {
  await saveRunStats(db.kysely, state.id, statsOf(state), { outcome, finishedAt: nowInShanghai() });
}

/** Re-reads the run's stats after another module (checkNow) rewrote them. */
export async function reload(db: Db, state: RunState): Promise<void> {
  const row = await db.kysely.selectFrom('runs').select('statsJson').where('id', '=', state.id).executeTakeFirstOrThrow();
  const { pipeline: _p, files: _f, fileErrors: _e, ...rest } = parseStats(row.statsJson);
  state.rest = rest;
}

async function abandon(db: Db, row: RunRow): Promise<void> {
  await db.write(async (w) => {
    // Its findings (if the checks got that far) were never a finished picture: no report or later run uses them.
    await w.kysely.deleteFrom('findings').where('runId', '=', row.id).execute();
    await w.kysely.updateTable('runs').set({ outcome: 'abandoned', finishedAt: nowInShanghai() }).where('id', '=', row.id).execute();
  });
}

export interface Begun {
  state: RunState;
  /** Runs given up because they could not be resumed (older than today, or not the latest). */
  abandoned: number[];
}

/**
 * Resumes today's interrupted pipeline run if it is the latest run, else opens a new one. A pipeline
 * run whose process is still alive is left alone (it cannot be ours to take: the lock says so).
 */
export async function beginRun(db: Db, trigger: 'manual' | 'schedule'): Promise<Begun> {
  const latest = (await db.kysely.selectFrom('runs').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst()) as RunRow | undefined;
  const open = (await db.kysely.selectFrom('runs').selectAll().where('outcome', 'in', ['running', 'interrupted']).orderBy('id').execute()) as RunRow[];
  const today = todayInShanghai();
  const abandoned: number[] = [];
  let resume: { row: RunRow; stats: RunStats; phase: Phase } | null = null;

  for (const row of open) {
    const stats = parseStats(row.statsJson);
    const meta = stats.pipeline;
    if (!meta) continue; // a `check` run of its own: not the pipeline's to touch
    if (row.outcome === 'running' && meta.host === hostname() && meta.pid !== process.pid && pidAlive(meta.pid)) continue;
    if (row.id === latest?.id && row.startedAt.slice(0, 10) === today) resume = { row, stats, phase: 'ingest' };
    else {
      await abandon(db, row);
      abandoned.push(row.id);
    }
  }
  if (!resume && latest && latest.outcome === 'done' && latest.startedAt.slice(0, 10) === today) {
    const stats = parseStats(latest.statsJson);
    // Checked but killed before its reports were written: finish just that.
    if (stats.pipeline && stats.pipeline.phase !== 'done' && !stats.reports) resume = { row: latest, stats, phase: 'report' };
  }

  if (resume) {
    const { pipeline, files, fileErrors, ...rest } = resume.stats;
    const meta: PipelineMeta = { ...pipeline!, pid: process.pid, host: hostname(), attempts: pipeline!.attempts + 1, phase: resume.phase };
    const state: RunState = {
      id: resume.row.id,
      startedAt: resume.row.startedAt,
      trigger: resume.row.trigger,
      meta,
      files: files ?? [],
      fileErrors: [],
      rest: resume.phase === 'report' ? rest : {},
      resumed: true,
    };
    void fileErrors; // a file that failed last time is simply tried again
    if (resume.phase === 'ingest') {
      await db.kysely.deleteFrom('findings').where('runId', '=', state.id).execute();
      await db.kysely.updateTable('runs').set({ outcome: 'running', finishedAt: null }).where('id', '=', state.id).execute();
    }
    await saveState(db, state);
    return { state, abandoned };
  }

  const run = await startRun(db, trigger);
  const state: RunState = {
    id: run.id,
    startedAt: run.startedAt,
    trigger,
    meta: { pid: process.pid, host: hostname(), startFileId: await maxFileId(db), coveredFileId: null, phase: 'ingest', attempts: 1 },
    files: [],
    fileErrors: [],
    rest: {},
    resumed: false,
  };
  await saveState(db, state);
  return { state, abandoned };
}

/** The newest file the last finished pipeline run before this one had covered; 0 when there is none. */
export async function watermark(db: Db, runId: number): Promise<number> {
  const rows = await db.kysely.selectFrom('runs').select(['statsJson']).where('id', '<', runId).where('outcome', '=', 'done').orderBy('id', 'desc').execute();
  for (const r of rows) {
    const covered = parseStats(r.statsJson).pipeline?.coveredFileId;
    if (typeof covered === 'number') return covered;
  }
  return 0;
}

// Allocations and petty-cash ledgers bear on the funds ledger of every month, like the reference lists.
const REFERENCE_KINDS = ['staff', 'proxy', 'deaths', 'standards', 'allocation', 'petty-cash'];

export interface Scope {
  /** Every period: a reference list (staff, proxies, deaths, standards) bears on all of them. */
  all: boolean;
  periods: string[];
  /**
   * With `all` from a reference list: the periods whose roster or bank rows changed, the only ones to
   * reconcile again (the others' reconciliation depends on neither list and is stored from the run that
   * covered their files). Absent: reconcile every period checked (--all).
   */
  reconcile?: string[];
  /** With `all` from a reference list: the kinds of the new lists (only rules reading them re-check old periods). */
  references?: string[];
  /** Lists received that change no verdict (a proxy registry re-sent as it was): old periods not re-checked for them. */
  unchangedReferences?: string[];
}

/** The periods touched by files above the watermark. */
export async function pendingScope(db: Db, above: number): Promise<Scope> {
  const kinds = await db.kysely.selectFrom('sourceFiles').select('kind').distinct().where('id', '>', above).execute();
  const rows = await db.kysely
    .selectFrom('rosterEntries')
    .select('period')
    .where('fileId', '>', above)
    .union(db.kysely.selectFrom('payments').select('period').where('fileId', '>', above))
    .execute();
  const periods = [...new Set(rows.map((r) => r.period))].sort();
  const received = kinds.map((k) => k.kind).filter((k) => REFERENCE_KINDS.includes(k)).sort();
  const unchanged = received.includes('proxy') && (await proxyRegistryResent(db.kysely, above)) ? ['proxy'] : [];
  const references = received.filter((k) => !unchanged.includes(k));
  const noted = unchanged.length ? { unchangedReferences: unchanged } : {};
  if (references.length) return { all: true, periods: [], reconcile: periods, references, ...noted };
  return { all: false, periods, ...noted };
}

/**
 * A run with nothing new to check: every open finding is carried over unchanged, so the latest run
 * still holds the whole picture and tonight's report shows it.
 */
export async function carryOver(db: Db, state: RunState, extra: RunStats): Promise<LifecycleCounts> {
  const t = performance.now();
  const lifecycle = await recordFindings(db, state.id, state.startedAt, [], { periods: [], allPeriods: false });
  state.rest = {
    ...state.rest,
    ...extra,
    periods: [],
    allPeriods: false,
    payments: 0,
    rules: [],
    rulesSkipped: 'no-new-data',
    bySeverity: { high: 0, medium: 0, low: 0 },
    lifecycle,
    ms: { reconcile: 0, rules: 0, record: Math.round(performance.now() - t) },
  };
  await setOutcome(db, state, 'done');
  return lifecycle;
}
