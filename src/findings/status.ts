/**
 * A finding's status in a run — one definition for the CLI, the portal and every report writer:
 * `new` only for a finding first seen by that run; a finding carried over from an earlier run (its period
 * was not examined) or seen before is `persisting`; `resolved` as stored. Runs recorded since issue 9 store
 * exactly this; the expression also reads rows stored before, which kept a carried `new`.
 */
import { sql, type RawBuilder } from 'kysely';

/** The status of the finding aliased `f` in the run that started at `startedAt`. */
export function statusInRun(startedAt: RawBuilder<string> | string): RawBuilder<string> {
  const start = typeof startedAt === 'string' ? sql.lit(startedAt) : startedAt;
  return sql<string>`case when f.status = 'new' and f.first_seen <> ${start} then 'persisting' else f.status end`;
}

/** The same, for a finding already read: its stored status, first-seen time and the run's start. */
export function statusOf(f: { status: string; firstSeen: string }, runStartedAt: string): string {
  return f.status === 'new' && f.firstSeen !== runStartedAt ? 'persisting' : f.status;
}
