/**
 * Review marks on findings, by fingerprint: confirmed, false-positive or fixed, with a note, the
 * reviewer and the time. Marks are only ever added; the latest one is in force.
 */
import type { Db } from '../db/index.ts';
import { UserError } from '../errors.ts';

export const MARKS = ['confirmed', 'false-positive', 'fixed'] as const;
export type Mark = (typeof MARKS)[number];
export const MARK_ZH: Record<Mark, string> = { confirmed: '已核实', 'false-positive': '误报', fixed: '已整改' };

export async function markFinding(db: Db, fingerprint: string, mark: Mark, note: string | null, reviewer: string, now: string): Promise<void> {
  if (!MARKS.includes(mark)) throw new UserError('usage', `标记只能是 ${MARKS.join('、')}`, `mark must be one of ${MARKS.join(', ')}`);
  if (!reviewer.trim()) throw new UserError('usage', '请写明审核人', 'give the reviewer');
  const known = await db.kysely.selectFrom('findings').select('fingerprint').where('fingerprint', 'like', `${fingerprint}%`).groupBy('fingerprint').execute();
  if (known.length === 0) throw new UserError('no-finding', `找不到编号为 ${fingerprint} 的疑点`, `No finding ${fingerprint}`);
  if (known.length > 1) throw new UserError('ambiguous', `编号 ${fingerprint} 对应多个疑点，请写完整编号`, `${fingerprint} is ambiguous; give more characters`);
  await db.kysely.insertInto('reviews').values({ fingerprint: known[0]!.fingerprint, mark, note, reviewer: reviewer.trim(), markedAt: now }).execute();
}

export interface ReviewState {
  mark: Mark;
  note: string | null;
  reviewer: string;
  markedAt: string;
}

/** The mark in force for each fingerprint (the latest). */
export async function latestReviews(db: Db): Promise<Map<string, ReviewState>> {
  const rows = await db.kysely.selectFrom('reviews').selectAll().orderBy('id').execute();
  const out = new Map<string, ReviewState>();
  for (const r of rows) out.set(r.fingerprint, { mark: r.mark as Mark, note: r.note, reviewer: r.reviewer, markedAt: r.markedAt });
  return out;
}
