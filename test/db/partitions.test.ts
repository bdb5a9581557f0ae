/**
 * Month partitions on PostgreSQL when rows got there first: rows of a month that sit in the default partition
 * (loaded before the month had a partition: by hand, a restore, an older version) are moved into the month's
 * partition when it is created, instead of PostgreSQL refusing the partition and the load failing; and a month
 * detached to an archive is left alone.
 */
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, scratchPostgresUrl, type Db } from '../../src/db/index.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { ROWS } from '../ingest/helpers.ts';

const THREE_PEOPLE = join(ROWS, 'roster-wanzhou-dibao-2026-11-three-people.csv');

let db: Db;
beforeEach(async () => {
  db = await openDatabase(scratchPostgresUrl());
});
afterEach(async () => {
  await db.close();
});

/** Where each row of a table is: partition → ids. */
async function placement(table: string): Promise<Record<string, number[]>> {
  const r = await sql<{ part: string; id: number }>`select tableoid::regclass::text as part, id from ${sql.table(table)} order by id`.execute(db.kysely);
  const out: Record<string, number[]> = {};
  for (const row of r.rows) (out[row.part] ??= []).push(row.id);
  return out;
}

/** Two approvals put straight into the parent table, as a hand load or an old version would: no partition made. */
async function strayRoster(period: string): Promise<void> {
  const row = { fileId: 999, idValid: 1, program: 'dibao', approvedFen: 77_000 } as const;
  await db.kysely.insertInto('rosterEntries').values([
    { ...row, rowNo: 2, period, name: '赵桂芳', idNumber: '500101196003150027' },
    { ...row, rowNo: 3, period, name: '钱德顺', idNumber: '500101195806210013' },
  ]).execute();
}

describe('rows of a month that landed in the default partition', () => {
  it('are moved into the month\'s partition when a file of that month is loaded, ids kept, nothing lost', async () => {
    await strayRoster('2026-11');
    expect(await placement('roster_entries')).toEqual({ roster_entries_default: [1, 2] });

    const r = await ingestFile(db, { path: THREE_PEOPLE }, { archiveDir: null, worker: false });
    expect(r.status).toBe('ingested');

    expect(await placement('roster_entries')).toEqual({ roster_entries_p2026_11: [1, 2, 3, 4, 5] });
    const names = await db.kysely.selectFrom('rosterEntries').select(['name', 'approvedFen']).where('period', '=', '2026-11').orderBy('id').execute();
    expect(names).toEqual([
      { name: '赵桂芳', approvedFen: 77_000 },
      { name: '钱德顺', approvedFen: 77_000 },
      { name: '张明华', approvedFen: 77_000 },
      { name: '李秀英', approvedFen: 63_000 },
      { name: '王建国', approvedFen: 77_000 },
    ]);
    // The default partition is attached again, still catching what has no month of its own.
    const attached = await sql<{ n: number }>`select count(*)::int as n from pg_inherits where inhrelid = 'roster_entries_default'::regclass and inhparent = 'roster_entries'::regclass`.execute(db.kysely);
    expect(attached.rows[0]!.n).toBe(1);
    await db.kysely.insertInto('rosterEntries').values({ fileId: 999, rowNo: 9, period: '2026-1', name: '孙', idNumber: 'x', idValid: 0, program: 'dibao', approvedFen: 0 }).execute();
    expect((await placement('roster_entries')).roster_entries_default).toEqual([6]);
  });

  it('moves only that month: other months stay in the default partition until their own partition is made', async () => {
    await strayRoster('2026-10');
    await strayRoster('2026-11');
    await db.write((w) => w.ensurePartitions('rosterEntries', ['2026-11']));
    expect(await placement('roster_entries')).toEqual({ roster_entries_default: [1, 2], roster_entries_p2026_11: [3, 4] });
    await db.write((w) => w.ensurePartitions('rosterEntries', ['2026-10']));
    expect(await placement('roster_entries')).toEqual({ roster_entries_p2026_10: [1, 2], roster_entries_p2026_11: [3, 4] });
  });

  it('all or nothing: when the load fails after the move, the rows are back in the default partition and no partition is left', async () => {
    await strayRoster('2026-11');
    await expect(
      db.write(async (w) => {
        await w.ensurePartitions('rosterEntries', ['2026-11']);
        throw new Error('the file turned out bad');
      }),
    ).rejects.toThrow('the file turned out bad');
    expect(await placement('roster_entries')).toEqual({ roster_entries_default: [1, 2] });
    const made = await sql<{ t: string | null }>`select to_regclass('roster_entries_p2026_11')::text as t`.execute(db.kysely);
    expect(made.rows[0]!.t).toBeNull();
  });
});

describe('a month detached to an archive', () => {
  it('is left alone when a late file of that month arrives: the new rows go to the default partition, still seen', async () => {
    await ingestFile(db, { path: THREE_PEOPLE }, { archiveDir: null, worker: false });
    await sql`alter table roster_entries detach partition roster_entries_p2026_11`.execute(db.kysely);
    await strayRoster('2026-11');
    await db.write((w) => w.ensurePartitions('rosterEntries', ['2026-11']));
    expect(await placement('roster_entries')).toEqual({ roster_entries_default: [4, 5] });
    const archived = await sql<{ n: number }>`select count(*)::int as n from roster_entries_p2026_11`.execute(db.kysely);
    expect(archived.rows[0]!.n).toBe(3);
  });
});
