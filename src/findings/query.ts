/** Findings of a run (the latest by default), with filters and the review mark in force. */
import type { Selectable } from 'kysely';
import type { Db, FindingTable } from '../db/index.ts';
import type { Lang } from '../lang.ts';
import type { Evidence } from '../rules/index.ts';
import { latestReviews, type ReviewState } from './reviews.ts';
import { statusInRun } from './status.ts';

export interface FindingFilter {
  runId?: number;
  status?: string;
  rule?: string;
  district?: string;
  severity?: string;
  /** Leave out findings marked false-positive (they no longer count as open). */
  openOnly?: boolean;
}

/** A finding row as stored, with its JSON columns read back and the review mark in force. */
export type StoredFinding = Omit<Selectable<FindingTable>, 'evidenceJson' | 'dataJson'> & {
  evidence: Evidence[];
  data: Record<string, unknown>;
  subject: Record<string, string>;
  review: ReviewState | null;
};

/** A stored finding's message in the reader's language (a finding stored before 0015-messages has only Chinese). */
export function messageIn(f: { message: string; messageEn: string | null }, lang: Lang): string {
  return lang === 'en' ? (f.messageEn ?? f.message) : f.message;
}

export async function latestRunId(db: Db): Promise<number | null> {
  const row = await db.kysely.selectFrom('runs').select('id').where('outcome', '=', 'done').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.id ?? null;
}

export async function listFindings(db: Db, filter: FindingFilter = {}): Promise<StoredFinding[]> {
  const runId = filter.runId ?? (await latestRunId(db));
  if (runId === null) return [];
  const run = await db.kysely.selectFrom('runs').select('startedAt').where('id', '=', runId).executeTakeFirst();
  if (!run) return [];
  // The status as every reader shows it (status.ts): a carried `new` of an earlier run is `persisting`.
  let q = db.kysely.selectFrom('findings as f').selectAll('f').select(statusInRun(run.startedAt).as('shownStatus')).where('f.runId', '=', runId);
  if (filter.status) q = q.where(statusInRun(run.startedAt), '=', filter.status);
  if (filter.rule) q = q.where('f.rule', '=', filter.rule);
  if (filter.district) q = q.where('f.district', '=', filter.district);
  if (filter.severity) q = q.where('f.severity', '=', filter.severity);
  const rows = await q.orderBy('f.rule').orderBy('f.period').orderBy('f.id').execute();
  const reviews = await latestReviews(db);
  const out = rows.map(({ shownStatus, ...r }) => {
    const data = JSON.parse(r.dataJson) as Record<string, unknown> & { subject?: Record<string, string> };
    const { subject, ...rest } = data;
    return {
      ...r,
      status: shownStatus,
      expectedFen: r.expectedFen === null ? null : Number(r.expectedFen),
      actualFen: r.actualFen === null ? null : Number(r.actualFen),
      evidence: JSON.parse(r.evidenceJson) as StoredFinding['evidence'],
      data: rest,
      subject: subject ?? {},
      review: reviews.get(r.fingerprint) ?? null,
    };
  });
  return filter.openOnly ? out.filter((f) => f.status !== 'resolved' && f.review?.mark !== 'false-positive') : out;
}
