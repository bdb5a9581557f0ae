/**
 * A run's statistics are one type (RunStats) stored where a query can read them. A database made before
 * migration 0011-run-stats still shows its history: the migration fills the new columns and tables from
 * each run's statsJson, and readRunStats reads the old records as they are.
 */
import { Migrator, type MigrationProvider } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from './migrations.ts';
import { openPostgres } from './postgres.ts';
import { readRunStats, saveRunStats, type RunStats } from './run-stats.ts';
import { openSqlite } from './sqlite.ts';
import { scratchPostgresUrl, testDialect } from './testing.ts';
import type { Db } from './types.ts';

/** What check.ts and the pipeline wrote before 0011: no `carried`, no per-file ms, reconcile stages nested. */
const OLD_DONE: RunStats = {
  periods: ['2026-11'],
  allPeriods: false,
  payments: 1234,
  rules: [
    { rule: 'amount-mismatch', state: 'ran', findings: 3, ms: 41.6 },
    { rule: 'deceased-paid', state: 'cannot-run', zh: '没有死亡名单', en: 'no deaths list' },
    { rule: 'staff-recipient', state: 'off' },
  ],
  bySeverity: { high: 2, medium: 1, low: 0 },
  lifecycle: { new: 2, persisting: 1, resolved: 4 },
  ms: { reconcile: 900, rules: 300, record: 20, reconcileStages: { fold: 100, match: 700, batches: 60, statistics: 40 } },
  files: [{ fileName: '万州区名册.csv', status: 'ingested', kind: 'roster', rowsRead: 3, rowsAccepted: 3, rowsRejected: 0, totalFen: 210000, refusal: null, fileId: 1, sha256: 'ab', movedTo: null, supersedes: [] }],
  reports: { dir: '/r/2026-11-28/run-1', files: ['异常预警报告.xlsx'] },
  reportsMs: 812,
  durationMs: 4321,
};

let db: Db | null = null;
afterEach(async () => {
  await db?.close();
  db = null;
});

async function openUnmigrated(): Promise<Db> {
  return testDialect() === 'postgres' ? openPostgres(scratchPostgresUrl()) : openSqlite(':memory:');
}

async function migrateTo(d: Db, target: string): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(d.dialect) };
  const migrator = new Migrator({ db: d.kysely, provider, migrationTableSchema: await d.migrationSchema?.() });
  const { error } = target === 'latest' ? await migrator.migrateToLatest() : await migrator.migrateTo(target);
  if (error) throw error;
}

describe('run statistics', () => {
  it('a database from before 0011 keeps its history: old statsJson is read as it is and filled into the columns and tables', async () => {
    db = await openUnmigrated();
    await migrateTo(db, '0010-given-facts');
    const run = (values: { outcome: string; statsJson: string }) =>
      db!.kysely.insertInto('runs').values({ startedAt: '2026-11-28T02:00:00+08:00', finishedAt: '2026-11-28T02:01:00+08:00', trigger: 'schedule', ...values }).returning('id').executeTakeFirstOrThrow();
    const done = await run({ outcome: 'done', statsJson: JSON.stringify(OLD_DONE) });
    const failed = await run({ outcome: 'failed', statsJson: JSON.stringify({ error: 'disk full' }) });
    const unreadable = await run({ outcome: 'failed', statsJson: '{' });
    await migrateTo(db, 'latest');

    const rows = await db.kysely.selectFrom('runs').selectAll().orderBy('id').execute();
    expect(rows[0]).toMatchObject({
      id: done.id, payments: 1234, findingsHigh: 2, findingsMedium: 1, findingsLow: 0, findingsNew: 2, findingsPersisting: 1, findingsResolved: 4, durationMs: 4321,
    });
    expect(rows[1]).toMatchObject({ id: failed.id, payments: null, findingsHigh: null, findingsNew: null, durationMs: null });
    expect(rows[2]).toMatchObject({ id: unreadable.id, payments: null });
    expect(readRunStats(rows[0]!.statsJson)).toEqual(OLD_DONE);
    expect(readRunStats(rows[1]!.statsJson)).toEqual({ error: 'disk full' });
    expect(readRunStats(rows[2]!.statsJson)).toEqual({});

    const rules = await db.kysely.selectFrom('runRules').select(['runId', 'rule', 'state', 'findings', 'ms']).orderBy('rule').execute();
    expect(rules).toEqual([
      { runId: done.id, rule: 'amount-mismatch', state: 'ran', findings: 3, ms: 42 },
      { runId: done.id, rule: 'deceased-paid', state: 'cannot-run', findings: null, ms: null },
      { runId: done.id, rule: 'staff-recipient', state: 'off', findings: null, ms: null },
    ]);
    const stages = await db.kysely.selectFrom('runStages').select(['stage', 'ms']).where('runId', '=', done.id).orderBy('stage').execute();
    expect(stages).toEqual([
      { stage: 'reconcile', ms: 900 },
      { stage: 'reconcile:batches', ms: 60 },
      { stage: 'reconcile:fold', ms: 100 },
      { stage: 'reconcile:match', ms: 700 },
      { stage: 'reconcile:statistics', ms: 40 },
      { stage: 'record', ms: 20 },
      { stage: 'reports', ms: 812 },
      { stage: 'rules', ms: 300 },
    ]);
  });

  it('saving replaces the queryable parts with the record, and a new stage (of the check or of reconciliation) needs no change of type or schema', async () => {
    db = await openUnmigrated();
    await migrateTo(db, 'latest');
    const { id } = await db.kysely.insertInto('runs').values({ startedAt: '2026-11-29T02:00:00+08:00', finishedAt: null, trigger: 'manual', outcome: 'running', statsJson: '{}' }).returning('id').executeTakeFirstOrThrow();
    await saveRunStats(db.kysely, id, OLD_DONE);
    const next: RunStats = {
      ...OLD_DONE,
      bySeverity: { high: 0, medium: 0, low: 5 },
      rules: [{ rule: 'amount-mismatch', state: 'failed', error: 'boom' }],
      ms: { reconcile: 10, rules: 5, record: 1, lifecycle: 2, reconcileStages: { fold: 4, 'person-index': 6 } },
    };
    await saveRunStats(db.kysely, id, next, { outcome: 'done', finishedAt: '2026-11-29T02:05:00+08:00' });

    const row = await db.kysely.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ outcome: 'done', finishedAt: '2026-11-29T02:05:00+08:00', findingsHigh: 0, findingsLow: 5 });
    expect(readRunStats(row.statsJson)).toEqual(next);
    expect(await db.kysely.selectFrom('runRules').select(['rule', 'state', 'findings']).where('runId', '=', id).execute()).toEqual([
      { rule: 'amount-mismatch', state: 'failed', findings: null },
    ]);
    const stages = await db.kysely.selectFrom('runStages').select(['stage', 'ms']).where('runId', '=', id).orderBy('stage').execute();
    expect(stages.map((s) => `${s.stage}=${s.ms}`)).toEqual(['lifecycle=2', 'reconcile=10', 'reconcile:fold=4', 'reconcile:person-index=6', 'record=1', 'reports=812', 'rules=5']);
  });
});
