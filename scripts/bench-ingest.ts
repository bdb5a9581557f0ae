/**
 * Ingest + check benchmark (in-process, the older generator shape): `npm run bench:ingest -- [rows] [--gbk-only|--utf8-only] [--no-rules] [--db postgres://user@host:port/db]`.
 * With --db the data goes into a fresh schema of that PostgreSQL database (password in RELIEF_DB_PASSWORD),
 * dropped afterwards unless --keep; the disk used is the schema's relations, WAL aside.
 * Generates N roster rows with N matching bank rows (UTF-8 CSV, then GBK CSV), ingests each pair into
 * a fresh SQLite database with the schema's indexes, and prints rows/s per stage and the peak RSS.
 * After the UTF-8 ingest it reconciles and runs every rule over the ingested data, printing the time
 * of reconciliation and of each rule.
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeBenchFiles } from '../fixtures/generator/index.ts';
import { sql } from 'kysely';
import { isPostgresUrl, openDatabase, type Db } from '../src/db/index.ts';
import { checkNow } from '../src/check.ts';
import { ingestFile } from '../src/ingest/index.ts';

const args = process.argv.slice(2);
const rows = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const encodings = args.includes('--gbk-only') ? ['gb18030'] : args.includes('--utf8-only') ? ['utf-8'] : ['utf-8', 'gb18030'];
const dir = resolve('bench-data');
const dbArg = args.indexOf('--db') >= 0 ? args[args.indexOf('--db') + 1] : undefined;
if (dbArg !== undefined && !isPostgresUrl(dbArg)) throw new Error('--db takes a postgres:// URL (the default is a SQLite file)');

async function diskMb(db: Db, file: string): Promise<number> {
  if (db.dialect === 'sqlite') return Math.round(statSync(file).size / 2 ** 20);
  const r = await sql<{ b: number }>`select coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint as b from pg_class c
    join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and c.relkind in ('r', 'm')`.execute(db.kysely);
  return Math.round(r.rows[0]!.b / 2 ** 20);
}

const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en-US');

console.log(`relief-recon ingest benchmark: ${rows.toLocaleString('en-US')} roster rows + ${rows.toLocaleString('en-US')} bank rows, node ${process.version}`);
for (const encoding of encodings as ('utf-8' | 'gb18030')[]) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let t = performance.now();
  const files = await writeBenchFiles({ seed: 7, outDir: dir, rows, encoding });
  console.log(`[${encoding}] generate files          ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const schema = `bench_${encoding === 'utf-8' ? 'utf8' : 'gbk'}_${Date.now()}`;
  const target = dbArg ? `${dbArg}${dbArg.includes('?') ? '&' : '?'}schema=${schema}` : join(dir, 'bench.db');
  const db = await openDatabase(target);
  console.log(`[${encoding}] database ${db.dialect}${dbArg ? ` (schema ${schema})` : ''}`);
  const start = performance.now();
  let total = 0;
  for (const [kind, path] of [['roster', files.rosterPath], ['bank', files.bankPath]] as const) {
    t = performance.now();
    const receipt = await ingestFile(db, { path, kind, period: '2026-11' }, { archiveDir: null, worker: true });
    const ms = performance.now() - t;
    if (receipt.status !== 'ingested') throw new Error(`${kind} file was not ingested: ${JSON.stringify(receipt.refusal)}`);
    total += receipt.rowsRead;
    console.log(`[${encoding}] ingest ${kind.padEnd(6)} ${receipt.rowsAccepted.toLocaleString('en-US').padStart(10)} rows  ${(ms / 1000).toFixed(1).padStart(5)} s  ${rate(receipt.rowsRead, ms).padStart(9)} rows/s  (rejected ${receipt.rowsRejected})`);
  }
  const ms = performance.now() - start;
  console.log(`[${encoding}] END TO END  ${total.toLocaleString('en-US')} rows  ${(ms / 1000).toFixed(1)} s  ${rate(total, ms)} rows/s   peak RSS ${peakMb()} MB`);
  if (encoding === 'utf-8' && !args.includes('--no-rules')) {
    t = performance.now();
    const { stats } = await checkNow(db, { rules: {} }, { trigger: 'manual' });
    const all = performance.now() - t;
    console.log(`[rules] reconcile ${stats.payments.toLocaleString('en-US')} payments   ${(stats.ms.reconcile / 1000).toFixed(1)} s   ${JSON.stringify(stats.ms.reconcileStages)} ms`);
    for (const o of stats.rules) {
      const what = o.state === 'ran' ? `${String(o.ms).padStart(6)} ms  ${String(o.findings).padStart(7)} findings` : o.state;
      console.log(`[rules]   ${o.rule.padEnd(24)} ${what}`);
    }
    console.log(`[rules] ALL RULES ${(stats.ms.rules / 1000).toFixed(1)} s   (reconcile + rules + record ${(all / 1000).toFixed(1)} s)   peak RSS ${peakMb()} MB`);
  }
  console.log(`[${encoding}] disk used ${await diskMb(db, target)} MB`);
  if (dbArg && !args.includes('--keep')) await sql`drop schema ${sql.id(schema)} cascade`.execute(db.kysely);
  await db.close();
}
if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
