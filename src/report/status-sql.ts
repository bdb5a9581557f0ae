/**
 * Two SQL pieces every finding query of the report shares, so counts, order and rows agree:
 * the status as the report shows it, and the review mark in force.
 */
import { sql, type RawBuilder } from 'kysely';

/**
 * `new` only for a finding first seen by this run. The lifecycle carries findings of periods a run did
 * not examine over with their old status, so a carried `new` is shown as `persisting`.
 */
export function effectiveStatus(startedAt: RawBuilder<string> | string): RawBuilder<string> {
  const start = typeof startedAt === 'string' ? sql.lit(startedAt) : startedAt;
  return sql<string>`case when f.status = 'new' and f.first_seen <> ${start} then 'persisting' else f.status end`;
}

/** Report order: new, persisting, resolved; then newest first; then the most severe. */
export function statusRank(startedAt: string): RawBuilder<number> {
  return sql<number>`case ${effectiveStatus(startedAt)} when 'new' then 0 when 'persisting' then 1 else 2 end`;
}
export const SEVERITY_RANK = sql<number>`case f.severity when 'high' then 0 when 'medium' then 1 else 2 end`;

/**
 * The review mark in force on the finding aliased `f` (its latest review), or null. A correlated lookup
 * on the reviews' fingerprint index: cheap per finding, where joining a grouped subquery was not.
 */
export function markInForce(): RawBuilder<string | null> {
  return sql<string | null>`(select r.mark from reviews r where r.fingerprint = f.fingerprint order by r.id desc limit 1)`;
}
