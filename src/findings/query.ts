/** Findings of a run (the latest by default), with filters and the review mark in force. */
import type { Selectable } from 'kysely';
import type { Db, FindingTable } from '../db/index.ts';
import type { Evidence } from '../rules/index.ts';
import { latestReviews, type ReviewState } from './reviews.ts';

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

export async function latestRunId(db: Db): Promise<number | null> {
  const row = await db.kysely.selectFrom('runs').select('id').where('outcome', '=', 'done').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.id ?? null;
}

export async function listFindings(db: Db, filter: FindingFilter = {}): Promise<StoredFinding[]> {
  const runId = filter.runId ?? (await latestRunId(db));
  if (runId === null) return [];
  let q = db.kysely.selectFrom('findings').selectAll().where('runId', '=', runId);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.rule) q = q.where('rule', '=', filter.rule);
  if (filter.district) q = q.where('district', '=', filter.district);
  if (filter.severity) q = q.where('severity', '=', filter.severity);
  const rows = await q.orderBy('rule').orderBy('period').orderBy('id').execute();
  const reviews = await latestReviews(db);
  const out = rows.map((r) => {
    const data = JSON.parse(r.dataJson) as Record<string, unknown> & { subject?: Record<string, string> };
    const { subject, ...rest } = data;
    return {
      ...r,
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
