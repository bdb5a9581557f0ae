/** The runs as the portal lists them: outcome, duration, files and findings, from the runs table. */
import type { Selectable } from 'kysely';
import { readRunStats, type Db, type RunTable } from '../db/index.ts';

export interface RunSummary {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  trigger: string;
  outcome: string;
  durationMs: number | null;
  files: { ingested: number; duplicate: number; refused: number };
  bySeverity: { high: number; medium: number; low: number } | null;
  lifecycle: { new: number; persisting: number; resolved: number } | null;
  reports: { dir: string; files: string[] } | null;
  error: string | null;
}

const parse = readRunStats;

/** The counts come from the run's summary columns (migration 0011-run-stats filled them for older runs too). */
function summarise(r: Selectable<RunTable>): RunSummary {
  const s = parse(r.statsJson);
  const count = (status: string) => (s.files ?? []).filter((f) => f.status === status).length;
  const wall = r.finishedAt ? Date.parse(r.finishedAt) - Date.parse(r.startedAt) : null;
  return {
    id: r.id, startedAt: r.startedAt, finishedAt: r.finishedAt, trigger: r.trigger, outcome: r.outcome,
    durationMs: r.durationMs ?? (wall !== null && Number.isFinite(wall) ? wall : null),
    files: { ingested: count('ingested'), duplicate: count('duplicate'), refused: count('refused') },
    bySeverity: r.findingsHigh === null ? null : { high: r.findingsHigh, medium: r.findingsMedium ?? 0, low: r.findingsLow ?? 0 },
    lifecycle: r.findingsNew === null ? null : { new: r.findingsNew, persisting: r.findingsPersisting ?? 0, resolved: r.findingsResolved ?? 0 },
    reports: s.reports ?? null,
    error: s.error ?? s.reportError ?? null,
  };
}

export async function listRuns(db: Db, limit = 50): Promise<RunSummary[]> {
  const rows = await db.kysely.selectFrom('runs').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map(summarise);
}

export async function getRun(db: Db, id: number): Promise<RunSummary | null> {
  const row = await db.kysely.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? summarise(row) : null;
}

/** A later run whose reports went to the same folder (same day) has replaced this run's files. */
export async function reportsReplaced(db: Db, run: RunSummary): Promise<boolean> {
  if (!run.reports) return true;
  const later = await db.kysely.selectFrom('runs').select(['statsJson']).where('id', '>', run.id).execute();
  return later.some((r) => parse(r.statsJson).reports?.dir === run.reports!.dir);
}
