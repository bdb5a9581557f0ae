/**
 * The portal's "run in progress" on PostgreSQL: it asks the database (the run's advisory lock, which a run on
 * any host holds), not the SQLite lock file, which a PostgreSQL run never writes.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/index.ts';
import { acquireDatabaseLock, lockPathFor, runLockHolder } from '../../src/pipeline/index.ts';
import { Client } from '../portal/client.ts';
import { ACCOUNTS, startPortal, type Portal } from '../portal/helpers.ts';

let p: Portal;
beforeAll(async () => {
  p = await startPortal();
}, 60_000);
afterAll(async () => {
  await p?.close();
});

const IN_PROGRESS = /另一次运行正在进行（进程 (\d+)，开始于 ([^）]+)）/;

async function operatorPage(): Promise<string> {
  const op = new Client(p.url);
  await op.signIn(ACCOUNTS.operator.name);
  return (await op.request('/operator')).text();
}

describe('run in progress, on PostgreSQL', () => {
  it('shows a run that holds the advisory lock from another connection (another host), and no run once it lets go', async () => {
    expect(p.db.dialect).toBe('postgres');
    expect(await runLockHolder(p.db, lockPathFor(p.config))).toBeNull();
    expect(await operatorPage()).not.toMatch(IN_PROGRESS);

    // A scheduler elsewhere: its own connection to the same database and schema, no lock file on this host.
    const elsewhere: Db = await openDatabase(p.config.database);
    const lock = await acquireDatabaseLock(elsewhere);
    try {
      expect(existsSync(lockPathFor(p.config))).toBe(false);
      const holder = await runLockHolder(p.db, lockPathFor(p.config));
      expect(holder).toMatchObject({ pid: process.pid, startedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/) });
      const page = await operatorPage();
      expect(IN_PROGRESS.exec(page)?.[1]).toBe(String(process.pid));
    } finally {
      await lock.release();
      await elsewhere.close();
    }

    expect(await runLockHolder(p.db, lockPathFor(p.config))).toBeNull();
    expect(await operatorPage()).not.toMatch(IN_PROGRESS);
  });

  it('does not take another deployment (another schema on the same server) for a run of its own', async () => {
    const { scratchPostgresUrl } = await import('../../src/db/index.ts');
    const other = await openDatabase(scratchPostgresUrl());
    const lock = await acquireDatabaseLock(other);
    try {
      expect(await runLockHolder(p.db, lockPathFor(p.config))).toBeNull();
      expect(await operatorPage()).not.toMatch(IN_PROGRESS);
    } finally {
      await lock.release();
      await other.close();
    }
  });
});
