/**
 * Two SQL pieces every finding query of the report shares, so counts, order and rows agree:
 * the status as the report shows it, and the review mark in force.
 */
import { sql, type RawBuilder } from 'kysely';
import { statusInRun } from '../findings/index.ts';

/** The status as every reader shows it (one definition, src/findings/status.ts). */
export function effectiveStatus(startedAt: RawBuilder<string> | string): RawBuilder<string> {
  return statusInRun(startedAt);
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
