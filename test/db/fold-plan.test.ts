/**
 * The plan of the fold's INSERT on PostgreSQL (the README's nested-loop regression): the "solo" people (one
 * approval and one payment, `count(*) = 1` per side) are estimated at a handful of rows, and with nested loops
 * allowed PostgreSQL joined them, and the fold's rows to them, by nested loops: quadratic, 296 s at 30,000 rows.
 * Here the statement reconcile() runs is executed under EXPLAIN ANALYZE on its own connection and transaction (so
 * with the settings the engine gave it), on 3,000 analysed rows, and its plan must join by hashing, not by nested
 * loops, and read November's partitions only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type KyselyPlugin, type QueryId } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBenchFiles } from '../../fixtures/generator/index.ts';
import { openDatabase, scratchPostgresUrl, type Db, type Writer } from '../../src/db/index.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { reconcile } from '../../src/reconcile/index.ts';

let dir: string;
let db: Db;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'relief-recon-fold-plan-'));
  const files = await writeBenchFiles({ seed: 7, outDir: dir, rows: 3000, encoding: 'utf-8', shape: 'users', period: '2026-11' });
  db = await openDatabase(scratchPostgresUrl());
  for (const path of [files.rosterPath, files.bankPath]) expect((await ingestFile(db, { path }, { archiveDir: null, worker: false })).status).toBe('ingested');
  // Last month's history: the fold of November must not read it.
  await db.write((w) => w.ensurePartitions('rosterEntries', ['2026-10']));
  await db.write((w) => w.ensurePartitions('payments', ['2026-10']));
  await db.kysely.insertInto('rosterEntries').values({ fileId: 1, rowNo: 2, period: '2026-10', name: '赵桂芳', idNumber: '500101196003150027', idValid: 1, program: 'dibao', approvedFen: 77_000 }).execute();
});
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The plans of every INSERT into recon_payments reconcile() runs, as executed: the statement is sent as
 * EXPLAIN (ANALYZE) of itself, so it runs for real, on its transaction's connection with the settings the engine
 * gave it and the statistics it took, and PostgreSQL answers with the plan it used.
 */
async function foldPlans(): Promise<string[]> {
  const plans: string[] = [];
  const explained = new Set<QueryId>();
  const plugin: KyselyPlugin = {
    transformQuery({ node, queryId }) {
      if (node.kind !== 'InsertQueryNode' || node.into?.table.identifier.name !== 'recon_payments') return node;
      explained.add(queryId);
      // What `.explain()` of a query builder makes, with these options.
      return { ...node, explain: { kind: 'ExplainNode', options: sql.raw('analyze, costs off, timing off, summary off').toOperationNode() } };
    },
    async transformResult({ queryId, result }) {
      if (explained.delete(queryId)) plans.push((result.rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n'));
      return result;
    },
  };
  const spied: Db = { ...db, write: (fn) => db.write((w: Writer) => fn({ ...w, kysely: w.kysely.withPlugin(plugin) })) };
  await reconcile(spied, ['2026-11']);
  return plans;
}

describe('the fold\'s plan on PostgreSQL', () => {
  it('joins the solo people and the fold\'s rows by hashing: no nested loop anywhere in the INSERT', async () => {
    const plans = await foldPlans();
    expect(plans).toHaveLength(1); // the fold is the one INSERT into recon_payments
    const plan = plans[0]!;
    expect(plan).toMatch(/CTE solo/);
    expect(plan).toMatch(/Hash (Right |Left )?Join[\s\S]*CTE Scan on solo/);
    expect(plan).not.toMatch(/Nested Loop/);
    // Only November's partitions are read: the solo approval's roster row is joined by period too, so the cost
    // does not grow with the months of history (nor with what sits in the default partitions).
    expect(plan.match(/(roster_entries|payments)_\w+/g)!.filter((p) => !p.endsWith('_p2026_11'))).toEqual([]);
    // It really read the month's rows (a plan over empty tables would say little).
    expect((await db.kysely.selectFrom('reconPayments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n).toBe(3003);
  });
});
