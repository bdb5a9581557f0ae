/**
 * recon_payments' secondary indexes on PostgreSQL live on each month's partition (0018-partition-indexes), so the
 * fold sets aside the indexes of the months it writes and builds them once afterwards, inside its transaction
 * (Writer.deferIndexes). Checked here on a real server: the shape after the migrations and for a new month; the
 * indexes are gone during the fold and back after it, and back after a failure (the transaction rolls the drop
 * back); the other months' indexes are never touched; and the reconciled rows are those of a fold with the
 * indexes live.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeBenchFiles } from '../../fixtures/generator/index.ts';
import { openDatabase, scratchPostgresUrl, type Db } from '../../src/db/index.ts';
import { migrations } from '../../src/db/migrations.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { reconcile } from '../../src/reconcile/index.ts';

const SECONDARY = ['recon_period_account', 'recon_period_recipient', 'recon_roster', 'recon_unassigned'];
/** The set before 0021-unassigned-index replaced the full (period, id_number) index with the unassigned payments'. */
const SECONDARY_0017 = ['recon_period_account', 'recon_period_id', 'recon_period_recipient', 'recon_roster'];

let dir: string;
let files: { rosterPath: string; bankPath: string };
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'relief-recon-partition-indexes-'));
  files = await writeBenchFiles({ seed: 7, outDir: dir, rows: 3000, encoding: 'utf-8', shape: 'users', period: '2026-11' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let db: Db;
beforeEach(async () => {
  db = await openDatabase(scratchPostgresUrl());
});
afterEach(async () => {
  await db.close();
});

/** Index name → definition (without the schema), for every index of recon_payments and its partitions. */
async function indexes(): Promise<Record<string, string>> {
  const r = await sql<{ t: string; name: string; def: string }>`
    select tablename as t, indexname as name, indexdef as def from pg_indexes
     where schemaname = current_schema() and tablename like 'recon_payments%' order by indexname`.execute(db.kysely);
  return Object.fromEntries(r.rows.map((x) => [x.name, x.def.replace(/ ON (ONLY )?\w+\./, ' ON ')]));
}

async function load(): Promise<void> {
  for (const path of [files.rosterPath, files.bankPath]) {
    const r = await ingestFile(db, { path }, { archiveDir: null, worker: false });
    expect(r.status).toBe('ingested');
  }
}

/** The reconciled rows, as the rules read them (ids left out: a second fold numbers its rows anew). */
async function reconciled(): Promise<unknown[]> {
  return db.kysely
    .selectFrom('reconPayments')
    .select(['paymentKey', 'paymentId', 'period', 'district', 'program', 'idNumber', 'accountNo', 'amountFen', 'status', 'rosterId', 'recipientIdNumber', 'batchNo', 'batchDistrict', 'batchProgram'])
    .orderBy('paymentId')
    .execute();
}

/**
 * The database as reconcile sees it, with the fold's deferral forced whatever its size (the test's 3,000 rows are
 * below the threshold) and what the partition's indexes were right after the deferral (`during`).
 */
function forcing(during: Record<string, string>[], fail?: Error): Db {
  return {
    ...db,
    write: (fn) =>
      db.write((w) =>
        fn({
          ...w,
          async deferIndexes(table, _n, periods) {
            const set = await w.deferIndexes(table, 1_000_000, periods);
            const r = await sql<{ name: string; def: string }>`select indexname as name, indexdef as def from pg_indexes
               where schemaname = current_schema() and tablename like 'recon_payments%' order by indexname`.execute(w.kysely);
            during.push(Object.fromEntries(r.rows.map((x) => [x.name, x.def])));
            return {
              async restore() {
                if (fail) throw fail;
                await set.restore();
              },
            };
          },
        }),
      ),
  };
}

describe('recon_payments indexes per partition (PostgreSQL)', () => {
  it('the partitioned table keeps only its key; the default partition and each new month carry the four secondary indexes', async () => {
    const before = await indexes();
    // The key of the partitioned table is recon_payments_pkey1 (0007 made it while the old table held the name).
    expect(Object.keys(before).sort()).toEqual(['recon_payments_default_pkey', 'recon_payments_pkey1', ...SECONDARY.map((n) => `recon_payments_default_${n}`)].sort());
    expect(before.recon_payments_pkey1).toBe('CREATE UNIQUE INDEX recon_payments_pkey1 ON recon_payments USING btree (id, period)');
    expect(before.recon_payments_default_recon_unassigned).toBe('CREATE INDEX recon_payments_default_recon_unassigned ON recon_payments_default USING btree (period, id_number) WHERE (roster_id IS NULL)');
    await db.write((w) => w.ensurePartitions('reconPayments', ['2026-11']));
    const after = await indexes();
    for (const n of SECONDARY) {
      expect(after[`recon_payments_p2026_11_${n}`]).toBe(before[`recon_payments_default_${n}`]!.replace(/recon_payments_default/g, 'recon_payments_p2026_11'));
    }
    expect(after.recon_payments_p2026_11_pkey).toBe('CREATE UNIQUE INDEX recon_payments_p2026_11_pkey ON recon_payments_p2026_11 USING btree (id, period)');
  });

  it('0018 on a database that already has months: each partition gets its own copy, rows kept, the parent\'s indexes gone', async () => {
    const url = scratchPostgresUrl();
    const old = await openPostgres(url);
    try {
      const migrator = new Migrator({ db: old.kysely, provider: { getMigrations: async () => migrations('postgres') }, migrationTableSchema: (await old.migrationSchema!())! });
      expect((await migrator.migrateTo('0017-reconcile-indexes')).error).toBeUndefined();
      await old.write((w) => w.ensurePartitions('reconPayments', ['2026-10']));
      await old.kysely.insertInto('reconPayments').values({ paymentKey: 'k', paymentId: 1, fileId: 1, rowNo: 2, period: '2026-10', district: '万州区', program: 'dibao', amountFen: 77_000, feeFen: 0, status: 'paid' } as never).execute();
      const r = await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema() and tablename = 'recon_payments' order by 1`.execute(old.kysely);
      expect(r.rows.map((x) => x.name)).toEqual([...SECONDARY_0017, 'recon_payments_pkey1'].sort());
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
    } finally {
      await old.close();
    }
    await db.close(); // the one beforeEach opened
    db = await openDatabase(url);
    const after = await indexes();
    for (const part of ['recon_payments_default', 'recon_payments_p2026_10']) {
      for (const n of SECONDARY) expect(after[`${part}_${n}`], `${part}_${n}`).toMatch(new RegExp(`^CREATE INDEX ${part}_${n} ON ${part} USING btree \\(`));
    }
    expect(Object.keys(after).filter((n) => !n.startsWith('recon_payments_p2026_10_') && !n.startsWith('recon_payments_default_'))).toEqual(['recon_payments_pkey1']);
    // 0021 on the month made before it: the payments no approval took, only.
    expect(after.recon_payments_p2026_10_recon_unassigned).toBe('CREATE INDEX recon_payments_p2026_10_recon_unassigned ON recon_payments_p2026_10 USING btree (period, id_number) WHERE (roster_id IS NULL)');
    expect(after.recon_payments_p2026_10_recon_period_id).toBeUndefined();
    expect(await db.kysely.selectFrom('reconPayments').select('paymentKey').execute()).toEqual([{ paymentKey: 'k' }]);
  });

  it('the fold drops the month\'s secondary indexes (never the key, never another month\'s or the default\'s) and builds them again; rows as with the indexes live', async () => {
    await load();
    await db.write((w) => w.ensurePartitions('reconPayments', ['2026-10'])); // another month, which must keep its indexes
    await reconcile(db, ['2026-11']);
    const live = await reconciled();
    expect(live.length).toBe(3000 + 3); // the generator's extra bank rows included
    const shape = await indexes();

    const during: Record<string, string>[] = [];
    await reconcile(forcing(during), ['2026-11']);
    expect(during).toHaveLength(1);
    const gone = Object.keys(shape).filter((n) => !(n in during[0]!));
    expect(gone.sort()).toEqual(SECONDARY.map((n) => `recon_payments_p2026_11_${n}`).sort());
    expect(await indexes()).toEqual(shape);
    expect(await reconciled()).toEqual(live);
  });

  it('a failure after the drop rolls it back: the indexes and the earlier reconciled rows are as they were', async () => {
    await load();
    await reconcile(db, ['2026-11']);
    const shape = await indexes();
    const rows = await reconciled();
    const during: Record<string, string>[] = [];
    await expect(reconcile(forcing(during, new Error('disk full')), ['2026-11'])).rejects.toThrow('disk full');
    expect(Object.keys(during[0]!)).not.toContain('recon_payments_p2026_11_recon_unassigned');
    expect(await indexes()).toEqual(shape);
    expect(await reconciled()).toEqual(rows);
  });

  it('below the threshold, or without the months, nothing is set aside', async () => {
    await db.write((w) => w.ensurePartitions('reconPayments', ['2026-11']));
    const shape = await indexes();
    await db.write(async (w) => {
      await w.deferIndexes('reconPayments', 99_999, ['2026-11']);
      await w.deferIndexes('reconPayments', 1_000_000);
      await w.deferIndexes('reconPayments', 1_000_000, ['2026-12', 'odd']); // no partition of its own: the default's are never dropped
      expect(await indexes()).toEqual(shape);
    });
  });
});
