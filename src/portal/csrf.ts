/**
 * CSRF protection: every form carries a token that only our own pages know — the session's token once
 * signed in, or, on the sign-in form, a token from a signed cookie (double submit). SameSite=Strict
 * cookies already keep other sites' posts from carrying the session; the token is the second lock.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const CSRF_FIELD = '_csrf';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Same token, compared in constant time; a missing or empty one never matches. */
export function sameToken(given: unknown, expected: string | null | undefined): boolean {
  if (typeof given !== 'string' || !given || !expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
