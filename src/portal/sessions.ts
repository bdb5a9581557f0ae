/**
 * Server-side sessions: the cookie holds a random token; the table holds only its SHA-256, the
 * session's CSRF token and its expiry. Signing out or disabling the account deletes the row.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { nowInShanghai } from '../domain/index.ts';
import { newToken } from './csrf.ts';
import type { Session } from './types.ts';
import { userOf } from './users.ts';

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(db: Db, userId: number, hours: number, nowMs = Date.now()): Promise<{ token: string; csrf: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrf = newToken();
  await db.kysely.deleteFrom('sessions').where('expiresMs', '<', nowMs).execute();
  await db.kysely
    .insertInto('sessions')
    .values({ tokenHash: hashToken(token), userId, csrfToken: csrf, createdAt: nowInShanghai(), expiresMs: nowMs + hours * 3_600_000 })
    .execute();
  return { token, csrf };
}

/** The live session of a token: not expired, and its account not disabled. */
export async function findSession(db: Db, token: string, nowMs = Date.now()): Promise<Session | null> {
  const row = await db.kysely
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .selectAll('users')
    .select(['sessions.id as sessionId', 'sessions.csrfToken', 'sessions.expiresMs'])
    .where('sessions.tokenHash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || Number(row.expiresMs) <= nowMs || row.disabledAt !== null) return null;
  return { id: row.sessionId, user: userOf(row), csrf: row.csrfToken, expiresMs: Number(row.expiresMs) };
}

export async function endSession(db: Db, id: number): Promise<void> {
  await db.kysely.deleteFrom('sessions').where('id', '=', id).execute();
}
