/** Passwords (scrypt), sessions (server-side, expiring, ended by disabling), and the sign-in limiter. */
import { describe, expect, it } from 'vitest';
import { openDatabase, scratchDatabaseUrl } from '../../src/db/index.ts';
import { createUser, disableUser, hashPassword, setPassword, verifyPassword } from '../../src/portal/index.ts';
import { LoginLimiter, limiterKeys } from '../../src/portal/login-limiter.ts';
import { createSession, endSession, findSession } from '../../src/portal/sessions.ts';

describe('passwords', () => {
  it('are hashed with scrypt and a salt of their own, and verify only with the same password', async () => {
    const a = await hashPassword('correct-horse-42');
    const b = await hashPassword('correct-horse-42');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct-horse');
    expect(await verifyPassword('correct-horse-42', a)).toBe(true);
    expect(await verifyPassword('correct-horse-43', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('refuse a stored value that is not a hash of ours', async () => {
    for (const stored of ['', 'plain-text', 'scrypt$1$2$3', 'scrypt$99999999$8$1$AAAA$AAAA', 'bcrypt$x$y$z$a$b']) {
      expect(await verifyPassword('x', stored)).toBe(false);
    }
  });

  it('verify the same whatever the Unicode form of the password', async () => {
    const stored = await hashPassword('密码Café-2026');
    expect(await verifyPassword('密码Cafe\u0301-2026', stored)).toBe(true);
  });
});

describe('accounts and sessions', () => {
  it('checks an account when it is made: role, bank for a bank liaison, districts, password length, unique name', async () => {
    const db = await openDatabase(scratchDatabaseUrl());
    await expect(createUser(db, { name: 'a', role: 'bank', bank: 'x', password: 'long-enough' })).rejects.toThrow(/user name/);
    await expect(createUser(db, { name: 'wang', role: 'admin', password: 'long-enough' })).rejects.toThrow(/role/);
    await expect(createUser(db, { name: 'wang', role: 'bank', password: 'long-enough' })).rejects.toThrow(/--bank/);
    await expect(createUser(db, { name: 'wang', role: 'operator', bank: 'x', password: 'long-enough' })).rejects.toThrow(/bank/);
    await expect(createUser(db, { name: 'wang', role: 'supervisor', districts: ['不存在区'], password: 'long-enough' })).rejects.toThrow(/Chongqing/);
    await expect(createUser(db, { name: 'wang', role: 'bank', districts: ['万州区'], bank: 'x', password: 'long-enough' })).rejects.toThrow(/supervisor/);
    await expect(createUser(db, { name: 'wang', role: 'operator', password: 'short' })).rejects.toThrow(/8/);
    const u = await createUser(db, { name: 'liu', role: 'supervisor', districts: ['500101', '渝中区'], password: 'long-enough' });
    expect(u.districts).toEqual(['万州区', '渝中区']);
    await expect(createUser(db, { name: 'liu', role: 'operator', password: 'long-enough' })).rejects.toThrow(/exists/);
    await db.close();
  });

  it('keeps only a hash of the token, expires, and ends with sign-out, a disabled account or a new password', async () => {
    const db = await openDatabase(scratchDatabaseUrl());
    const u = await createUser(db, { name: 'chen', role: 'supervisor', password: 'long-enough' });
    const now = Date.parse('2026-11-28T09:00:00+08:00');
    const s = await createSession(db, u.id, 8, now);
    const row = await db.kysely.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();
    expect(row.tokenHash).not.toContain(s.token);
    expect(row.tokenHash).toHaveLength(64);
    const found = await findSession(db, s.token, now + 1000);
    expect(found?.user.name).toBe('chen');
    expect(found?.csrf).toBe(s.csrf);
    expect(await findSession(db, `${s.token}x`, now)).toBeNull();
    expect(await findSession(db, s.token, now + 8 * 3_600_000)).toBeNull();

    await endSession(db, found!.id);
    expect(await findSession(db, s.token, now)).toBeNull();

    const s2 = await createSession(db, u.id, 8, now);
    await setPassword(db, 'chen', 'another-long-one');
    expect(await findSession(db, s2.token, now)).toBeNull();
    const s3 = await createSession(db, u.id, 8, now);
    await disableUser(db, 'chen');
    expect(await findSession(db, s3.token, now)).toBeNull();
    await db.close();
  });
});

describe('the sign-in limiter', () => {
  it('refuses after N attempts per account or per address within the window, and forgets them after it', async () => {
    const db = await openDatabase(':memory:');
    let now = 0;
    const limiter = new LoginLimiter(db, 3, 60_000, () => now);
    const keys = limiterKeys('Wang', '10.0.0.1');
    expect(keys).toEqual(['user:wang', 'ip:10.0.0.1']);
    for (let i = 0; i < 3; i++) {
      now += 1000;
      expect((await limiter.begin(keys)).retryAfterMs).toBe(0);
    }
    expect((await limiter.begin(keys)).retryAfterMs).toBe(58_000);
    // The same account from another address, and another account from the same address: both held back.
    expect((await limiter.begin(limiterKeys('wang', '10.0.0.2'))).retryAfterMs).toBeGreaterThan(0);
    expect((await limiter.begin(limiterKeys('li', '10.0.0.1'))).retryAfterMs).toBeGreaterThan(0);
    expect((await limiter.begin(limiterKeys('li', '10.0.0.2'))).retryAfterMs).toBe(0);
    now += 58_000;
    expect((await limiter.begin(keys)).retryAfterMs).toBe(0);
    await db.close();
  });

  it('counts attempts in the database: a new limiter over the same database (a restart) still refuses', async () => {
    const db = await openDatabase(':memory:');
    const first = new LoginLimiter(db, 2, 60_000, () => 0);
    await first.begin(limiterKeys('wang', '10.0.0.1'));
    await first.begin(limiterKeys('wang', '10.0.0.1'));
    const restarted = new LoginLimiter(db, 2, 60_000, () => 1);
    expect((await restarted.begin(limiterKeys('wang', '10.0.0.9'))).retryAfterMs).toBeGreaterThan(0);
    await db.close();
  });

  it('takes back a successful attempt and clears the account, but not the address', async () => {
    const db = await openDatabase(':memory:');
    const limiter = new LoginLimiter(db, 2, 60_000, () => 0);
    await limiter.begin(limiterKeys('wang', '10.0.0.1'));
    const ok = await limiter.begin(limiterKeys('wang', '10.0.0.1'));
    await limiter.succeed(ok, 'user:wang');
    expect((await limiter.begin(['user:wang'])).retryAfterMs).toBe(0);
    // One failure from the address remains, plus the probe just made: the address is at its limit.
    expect((await limiter.begin(['ip:10.0.0.1'])).retryAfterMs).toBe(0);
    expect((await limiter.begin(['ip:10.0.0.1'])).retryAfterMs).toBeGreaterThan(0);
    await db.close();
  });
});
