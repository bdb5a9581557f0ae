/**
 * What only the PostgreSQL database layer does: the URL and its password, 64-bit numbers, COPY, month
 * partitions, and the run lock as a session advisory lock. Runs in the PostgreSQL half of the matrix.
 */
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase, scratchPostgresUrl } from '../../src/db/index.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { acquireDatabaseLock, LockHeldError, memoryLog, runPipeline } from '../../src/pipeline/index.ts';
import { ROWS } from '../ingest/helpers.ts';
import { collect, fillInbox, setUp, spawnScript, stubWriter, waitForOutput } from '../pipeline/helpers.ts';

const base = () => process.env.RELIEF_TEST_PG_URL!;

describe('connecting', () => {
  it('refuses a password written in the URL, pointing to the environment variable instead', async () => {
    const url = base().replace('://relief@', '://relief:secret123@');
    const open = openDatabase(url);
    await expect(open).rejects.toThrow('RELIEF_DB_PASSWORD');
    await expect(open).rejects.not.toThrow('secret123');
  });

  it('says in Chinese which server it could not reach, without the password', async () => {
    const saved = process.env.RELIEF_DB_PASSWORD;
    process.env.RELIEF_DB_PASSWORD = 'wrong-password';
    try {
      const open = openDatabase(scratchPostgresUrl());
      await expect(open).rejects.toMatchObject({ code: 'db-connect', messageZh: expect.stringMatching(/^无法连接 PostgreSQL 数据库 postgres:\/\/relief@127\.0\.0\.1:\d+\/relief\?schema=t_\w+：.*RELIEF_DB_PASSWORD/) });
      await expect(open).rejects.not.toThrow('wrong-password');
    } finally {
      process.env.RELIEF_DB_PASSWORD = saved;
    }
  });
});

describe('numbers and bulk rows', () => {
  it('returns int8 money and counts as numbers, and refuses a sum beyond 2^53 instead of rounding it', async () => {
    const db = await openDatabase(scratchPostgresUrl());
    try {
      const row = { fileId: 1, period: '2026-11', name: '张明华', idNumber: '500101195003150016', idValid: 1, program: 'dibao' };
      await db.write((w) =>
        w.insertMany('rosterEntries', ['fileId', 'rowNo', 'period', 'name', 'idNumber', 'idValid', 'program', 'approvedFen'], [
          [row.fileId, 2, row.period, '张\t明\\华', row.idNumber, 1, 'dibao', 9_007_199_254_740_991],
          [row.fileId, 3, row.period, '李秀英\n', row.idNumber, 1, 'dibao', 1],
        ]),
      );
      const rows = await db.kysely.selectFrom('rosterEntries').select(['name', 'approvedFen', 'id']).orderBy('rowNo').execute();
      expect(rows).toEqual([
        { name: '张\t明\\华', approvedFen: 9_007_199_254_740_991, id: 1 },
        { name: '李秀英\n', approvedFen: 1, id: 2 },
      ]);
      const count = await db.kysely.selectFrom('rosterEntries').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(count.n).toBe(2);
      await expect(db.kysely.selectFrom('rosterEntries').select((e) => e.fn.sum<number>('approvedFen').as('s')).execute()).rejects.toThrow('9007199254740992');
    } finally {
      await db.close();
    }
  });

  it('puts each month in its own partition, which can be detached to an archive', async () => {
    const db = await openDatabase(scratchPostgresUrl());
    try {
      await ingestFile(db, { path: join(ROWS, 'roster-wanzhou-dibao-2026-11-three-people.csv') }, { archiveDir: null, worker: false });
      const where = await sql<{ part: string; n: number }>`select tableoid::regclass::text as part, count(*)::int as n from roster_entries group by 1`.execute(db.kysely);
      expect(where.rows).toEqual([{ part: 'roster_entries_p2026_11', n: 3 }]);
      await sql`alter table roster_entries detach partition roster_entries_p2026_11`.execute(db.kysely);
      expect(await db.kysely.selectFrom('rosterEntries').select('id').execute()).toEqual([]);
    } finally {
      await db.close();
    }
  });
});

describe('the run lock on PostgreSQL', () => {
  it('is one advisory lock per database schema, named after the run holding it', async () => {
    const { config } = setUp();
    const a = await openDatabase(config.database);
    const other = await openDatabase(scratchPostgresUrl());
    const lock = await acquireDatabaseLock(a);
    try {
      const held = await sql<{ app: string }>`select a.application_name as app from pg_locks l join pg_stat_activity a using (pid) where l.locktype = 'advisory' and l.granted`.execute(other.kysely);
      expect(held.rows.map((r) => r.app)).toContain(`relief-recon run ${process.pid}@${(await import('node:os')).hostname()}`.slice(0, 63));
      // Another schema (another deployment sharing the server) is not blocked.
      const theirs = await acquireDatabaseLock(other);
      await theirs.release();
      await expect(acquireDatabaseLock(await openDatabase(config.database).then((d) => ((dbs.push(d), d))))).rejects.toThrow(LockHeldError);
    } finally {
      await lock.release();
      for (const d of [a, other, ...dbs.splice(0)]) await d.close();
    }
  });

  it('dies with the run: a run killed (SIGKILL) while holding it does not block the next one', async () => {
    const { dir, configPath, config } = setUp();
    await fillInbox(config.inbox);
    const child = spawnScript('pipeline-child.ts', [configPath, 'gate', join(dir, 'never')]);
    const done = collect(child);
    await waitForOutput(child, 'AT-GATE');
    child.kill('SIGKILL');
    await done;
    const r = await runPipeline(config, { trigger: 'manual', log: memoryLog(), writeReports: stubWriter });
    expect(r.outcome).toBe('done');
    expect(r.resumed).toBe(true);
  });
});

const dbs: Awaited<ReturnType<typeof openDatabase>>[] = [];
