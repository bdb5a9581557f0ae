/**
 * Times reconciliation's statements on PostgreSQL (scripts/reconcile-statements.ts does this for a SQLite file):
 *   npx tsx scripts/bench-pg-reconcile.ts postgres://user@host:port/db [--rows 1000000] [--period 2026-11]
 *       [--top 12] [--plans 3] [--live-indexes] [--recheck] [--drop]
 * Password in RELIEF_DB_PASSWORD (scripts/pg-local.sh sets it and RELIEF_TEST_PG_URL). The month is loaded once
 * into the schema `reconcile_<rows>` (the benchmark's files, generated into bench-data/ as `npm run bench` does,
 * ingested as `run` ingests them) and kept for the next call unless --drop; with `?schema=name` in the URL an
 * existing site's schema is used instead (e.g. one `npm run bench -- --keep` left).
 *
 * Each call empties the month's partition of recon_payments first, outside the timing (the first night: the fold
 * writes into an empty month), unless --recheck (a re-check of a reconciled month: its rows deleted in the fold).
 * Then reconcile() runs as `check` runs it, and the script prints the stages (wall and the Node process's CPU), the
 * PostgreSQL server's CPU over it (postmaster and backends, from /proc, when the server is local), and the
 * slowest statements with the plan of the slowest few (EXPLAIN, costs off, with nested loops as the engine had
 * them for that statement; in a transaction rolled back). SQL text is cut short and parameters never printed:
 * they hold ID numbers. --live-indexes keeps the month's recon_payments indexes live through the fold (the
 * behaviour before 0018-partition-indexes), to compare.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import { writeBenchFiles } from '../fixtures/generator/index.ts';
import { isPostgresUrl, openDatabase, type Db } from '../src/db/index.ts';
import { ingestFile } from '../src/ingest/index.ts';
import { reconcile } from '../src/reconcile/index.ts';

const args = process.argv.slice(2);
const opt = (name: string) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : undefined);
const flag = (name: string) => args.includes(name);
const base = args[0];
if (!base || !isPostgresUrl(base)) throw new Error('usage: bench-pg-reconcile.ts postgres://user@host:port/db[?schema=name] [--rows N] [--period YYYY-MM] [--top N] [--plans N] [--live-indexes] [--recheck] [--drop]');
const rows = Number(opt('--rows') ?? 1_000_000);
const period = opt('--period') ?? '2026-11';
const top = Number(opt('--top') ?? 12);
const plans = Number(opt('--plans') ?? 3);
const given = new URL(base).searchParams.get('schema');
const schema = given ?? `reconcile_${rows}`;
const url = given ? base : `${base}${base.includes('?') ? '&' : '?'}schema=${schema}`;
class RolledBack extends Error {}
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** CPU seconds the local server has used (postmaster and children, live and ended), or null when not local. */
async function serverCpuS(db: Db): Promise<number | null> {
  const r = await sql<{ pid: number }>`select pid from pg_stat_activity where backend_type = 'checkpointer'`.execute(db.kysely);
  const field = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    } catch {
      return null;
    }
  };
  const checkpointer = r.rows[0] ? field(r.rows[0].pid) : null;
  if (!checkpointer) return null;
  const postmaster = Number(checkpointer[1]);
  const cpu = (f: string[], children: boolean) => (Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0)) / 100;
  let total = cpu(field(postmaster) ?? [], true) || 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const f = field(Number(d));
    if (f && Number(f[1]) === postmaster) total += cpu(f, true);
  }
  return total;
}

interface Seen {
  sql: string;
  parameters: readonly unknown[];
  ms: number;
  nestloop: boolean;
}
let recording = false;
let nestloop = true;
const seen: Seen[] = [];
const db = await openDatabase(url, {
  log(event) {
    if (!recording || event.level !== 'query') return;
    const text = event.query.sql;
    const set = /^set local enable_nestloop = (on|off)$/i.exec(text.trim());
    if (set) nestloop = set[1]!.toLowerCase() === 'on';
    seen.push({ sql: text, parameters: event.query.parameters, ms: event.queryDurationMillis, nestloop });
  },
});
try {
  const loaded = await db.kysely.selectFrom('payments').select((eb) => eb.fn.countAll<number>().as('n')).where('period', '=', period).executeTakeFirstOrThrow();
  if (Number(loaded.n) === 0) {
    if (given) throw new Error(`schema ${schema} holds no payments of ${period}`);
    const dir = join(resolve('bench-data'), `data-${rows}-${period}`);
    const done = join(dir, 'files.json');
    const t = performance.now();
    if (!existsSync(done)) writeFileSync(done, JSON.stringify(await writeBenchFiles({ seed: 7, outDir: dir, rows, encoding: 'utf-8', shape: 'users', period })));
    const files = JSON.parse(readFileSync(done, 'utf8')) as { rosterPath: string; bankPath: string };
    console.log(`files ${((performance.now() - t) / 1000).toFixed(1)} s`);
    for (const path of [files.rosterPath, files.bankPath]) {
      const t0 = performance.now();
      const r = await ingestFile(db, { path }, { archiveDir: null });
      console.log(`ingest ${path.split('/').at(-1)}: ${fmt(r.rowsAccepted)} rows, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  }
  const part = `recon_payments_p${period.replace('-', '_')}`;
  if (!flag('--recheck') && (await sql<{ e: boolean }>`select to_regclass(${part}) is not null as e`.execute(db.kysely)).rows[0]!.e) {
    await sql`truncate ${sql.table(part)}`.execute(db.kysely);
  }
  await sql`checkpoint`.execute(db.kysely).catch(() => {}); // the last load's dirty pages not written during the timing
  const timed: Db = flag('--live-indexes') ? { ...db, write: (fn) => db.write((w) => fn({ ...w, deferIndexes: async () => ({ restore: async () => {} }) })) } : db;
  const server0 = await serverCpuS(db);
  const t = performance.now();
  recording = true;
  const r = await reconcile(timed, [period]);
  recording = false;
  const wall = performance.now() - t;
  const server1 = await serverCpuS(db);
  console.log(`\nreconcile ${period} on PostgreSQL (schema ${schema}${flag('--live-indexes') ? ', indexes live through the fold' : ''}${flag('--recheck') ? ', a re-check' : ''}): ${fmt(wall)} ms wall, ${fmt(r.payments)} payments, load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  console.log(`  wall ms          ${JSON.stringify(r.ms)}`);
  console.log(`  Node CPU ms      ${JSON.stringify(r.cpuMs)}`);
  if (server0 !== null && server1 !== null) console.log(`  server CPU       ${fmt((server1 - server0) * 1000)} ms (postmaster and backends, the whole reconcile)`);
  console.log(`\nslowest statements (wall ms):`);
  const slowest = [...seen].sort((a, b) => b.ms - a.ms);
  for (const s of slowest.slice(0, top)) console.log(`── ${fmt(s.ms).padStart(7)}  ${s.sql.replace(/\s+/g, ' ').slice(0, 150)}…`);
  for (const s of slowest.filter((x) => /^\s*(select|with|insert|update|delete)/i.test(x.sql)).slice(0, plans)) {
    console.log(`\n${fmt(s.ms)} ms${s.nestloop ? '' : ' (enable_nestloop off)'}: ${s.sql.replace(/\s+/g, ' ').slice(0, 120)}…`);
    await db.kysely
      .transaction()
      .execute(async (trx) => {
        if (!s.nestloop) await sql`set local enable_nestloop = off`.execute(trx);
        const plan = await trx.executeQuery(CompiledQuery.raw(`explain (costs off) ${s.sql}`, [...s.parameters]));
        for (const row of plan.rows as Record<string, unknown>[]) console.log(`   ${String(row['QUERY PLAN'])}`);
        throw new RolledBack();
      })
      .catch((e) => {
        if (!(e instanceof RolledBack)) throw e;
      });
  }
} finally {
  await db.close();
}
if (flag('--drop')) {
  const u = new URL(base);
  const c = new pg.Client({ host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username) || undefined, database: decodeURIComponent(u.pathname.slice(1)) || undefined, password: process.env.RELIEF_DB_PASSWORD || undefined });
  await c.connect();
  await c.query(`drop schema if exists "${schema}" cascade`);
  await c.end();
}
