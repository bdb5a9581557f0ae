/**
 * Sign-in attempts are limited per account name and per client address: after `max` attempts that did
 * not succeed within the window, further ones are refused until the oldest ages out.
 *
 * Each attempt is counted *before* its password is checked (scrypt takes a while, and fifteen wrong
 * passwords sent at once must not all get through a limit of five), in one transaction with the check
 * of the count, so concurrent attempts cannot all read "under the limit". A sign-in that succeeds takes
 * its own attempt back and clears its account, so a liaison who signs in correctly is never slowed
 * down — which is why this is a few lines here rather than @fastify/rate-limit, whose counter counts
 * every request. The counters live in the database: a restart does not reset them.
 */
import type { Db } from '../db/index.ts';

export interface Attempt {
  /** 0 when the attempt may go on (and is counted); else milliseconds until one is allowed. */
  retryAfterMs: number;
  /** The rows counting this attempt (taken back if it succeeds). */
  ids: number[];
}

export class LoginLimiter {
  constructor(
    private readonly db: Db,
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Checks the count of every key and, when all are under the limit, counts this attempt: atomically. */
  async begin(keys: string[]): Promise<Attempt> {
    const now = this.now();
    const since = now - this.windowMs;
    return this.db.write(async (w) => {
      await w.kysely.deleteFrom('loginAttempts').where('atMs', '<=', since).execute();
      let wait = 0;
      for (const key of keys) {
        const recent = await w.kysely.selectFrom('loginAttempts').select('atMs').where('key', '=', key).where('atMs', '>', since).orderBy('atMs', 'desc').limit(this.max).execute();
        if (recent.length >= this.max) wait = Math.max(wait, Number(recent[this.max - 1]!.atMs) + this.windowMs - now);
      }
      if (wait > 0) return { retryAfterMs: wait, ids: [] };
      const ids: number[] = [];
      for (const key of keys) {
        const row = await w.kysely.insertInto('loginAttempts').values({ key, atMs: now }).returning('id').executeTakeFirstOrThrow();
        ids.push(row.id);
      }
      return { retryAfterMs: 0, ids };
    });
  }

  /** A successful sign-in: its own attempt is not held against anyone, and its account starts afresh. */
  async succeed(attempt: Attempt, accountKey: string): Promise<void> {
    await this.db.write(async (w) => {
      if (attempt.ids.length) await w.kysely.deleteFrom('loginAttempts').where('id', 'in', attempt.ids).execute();
      await w.kysely.deleteFrom('loginAttempts').where('key', '=', accountKey).execute();
    });
  }
}

export function limiterKeys(name: string, ip: string): string[] {
  return [`user:${name.trim().toLowerCase()}`, `ip:${ip}`];
}
