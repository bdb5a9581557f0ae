/**
 * Times each statement of reconciliation on a copy of an existing SQLite database (a kept benchmark site):
 *   npx tsx scripts/reconcile-statements.ts bench-data/site-1000000/data/relief-recon.db [--period 2026-11] [--top 12]
 * Copies the file to a temporary folder (the original is not touched), runs reconcile() for the period the way
 * `check` does, and prints the stages and the slowest statements (wall ms; SQL text cut short, never parameters:
 * they hold ID numbers), then EXPLAIN QUERY PLAN of the slowest. For finding which statement of the fold,
 * index rebuild or batches a change should aim at.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery } from 'kysely';
import { openDatabase } from '../src/db/index.ts';
import { reconcile } from '../src/reconcile/index.ts';

const args = process.argv.slice(2);
const opt = (name: string) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : undefined);
const source = args[0];
if (!source || source.startsWith('--')) throw new Error('usage: reconcile-statements.ts FILE.db [--period YYYY-MM] [--top N]');
const period = opt('--period') ?? '2026-11';
const top = Number(opt('--top') ?? 12);
const dir = mkdtempSync(join(tmpdir(), 'relief-recon-statements-'));
const file = join(dir, 'copy.db');
copyFileSync(source, file);
const seen: { sql: string; parameters: readonly unknown[]; ms: number }[] = [];
const db = await openDatabase(file, {
  log(event) {
    if (event.level === 'query') seen.push({ sql: event.query.sql, parameters: event.query.parameters, ms: event.queryDurationMillis });
  },
});
try {
  const t = performance.now();
  const r = await reconcile(db, [period]);
  console.log(`reconcile ${period}: ${Math.round(performance.now() - t)} ms, ${r.payments} payments\n  wall ms ${JSON.stringify(r.ms)}\n  CPU ms  ${JSON.stringify(r.cpuMs)}`);
  for (const s of [...seen].sort((a, b) => b.ms - a.ms).slice(0, top)) {
    console.log(`── ${s.ms.toFixed(0)} ms  ${s.sql.replace(/\s+/g, ' ').slice(0, 200)}…`);
  }
  const slowest = [...seen].filter((s) => /^\s*(select|with|insert|update)/i.test(s.sql)).sort((a, b) => b.ms - a.ms).slice(0, 3);
  for (const s of slowest) {
    console.log(`\n${s.sql.replace(/\s+/g, ' ').slice(0, 120)}…`);
    // A statement on a temporary table reconcile dropped afterwards (batch_paid) has no plan to show any more.
    const plan = await db.kysely.executeQuery(CompiledQuery.raw('explain query plan ' + s.sql, [...s.parameters])).catch((e: Error) => e);
    if (plan instanceof Error) console.log(`   (no plan: ${plan.message})`);
    else for (const row of plan.rows as Record<string, unknown>[]) console.log(`   ${String(row.detail)}`);
  }
} finally {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
