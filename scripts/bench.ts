/**
 * Benchmark of what users run: `npm run bench -- [rows=1000000] [--small N] [--no-small] [--no-big] [--no-duckdb]
 * [--second-night | --nights N] [--bank-per-batch] [--keep] [--cli DIR] [--db postgres://user@host:port/db [--no-sqlite]]`.
 *
 * Builds dist/ (the compiled command users run), generates data in the users' shape (bank file
 * `批次号,账号,户名,证件号码,金额,手续费,用途,交易日期,状态`, plus staff and proxy agreements; see
 * fixtures/generator/bench.ts), puts it in the inbox of a fresh site and runs `node dist/cli.js run` as its own
 * process under /usr/bin/time. Prints the process's wall time and peak RSS, the stages from the run record
 * (ingest per file with rows/s, reconcile stages, rules, recording, reports) and the findings; then runs the
 * DuckDB reference (scripts/bench-duckdb.mjs) on the same two CSV files, also as its own process, and prints
 * the ratio. First a small run (20,000 rows), then the big one. `--second-night` then sends the next month
 * (the same people: a new roster and new bank rows) to the same site and runs again; `--nights N` goes on for N
 * months in all and prints the wall time of each night, to show whether a night's cost grows with the history. `--bank-per-batch` puts the
 * bank rows in the inbox as banks send them, one file per batch number (76 files of 4,000-22,000 rows at 1M)
 * instead of one file of a million: the same rows and findings, the many-small-files path of ingest.
 *
 * `--db postgres://…` (password in RELIEF_DB_PASSWORD; scripts/pg-local.sh sets both) runs the same files a
 * second time on a site whose config names that server, each site in a fresh schema (dropped afterwards unless
 * --keep), and prints the stages side by side with SQLite's; `--no-sqlite` runs PostgreSQL only. For each run
 * it prints the Node process's CPU time (user + sys) beside its wall time, and the disk used: the SQLite file,
 * or on PostgreSQL the schema's relations and the whole database (pg_database_size), beside the CSV sizes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { addMonths } from 'date-fns/addMonths';
import { format } from 'date-fns/format';
import { parseISO } from 'date-fns/parseISO';
import pg from 'pg';
import { writeBenchFiles, type BenchResult } from '../fixtures/generator/index.ts';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const bigRows = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--small') ?? 1_000_000);
const smallRows = Number(option('--small') ?? 20_000);
const root = resolve('bench-data');
// --cli DIR: a build kept elsewhere (say a copy of dist/ from before a change), run as it is, not rebuilt.
const cliDir = option('--cli');
const cli = resolve(cliDir ?? 'dist', 'cli.js');
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const sec = (ms: number) => (ms / 1000).toFixed(1).padStart(6) + ' s';
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const pgUrl = option('--db');
if (pgUrl !== undefined && !/^postgres(ql)?:\/\//i.test(pgUrl)) throw new Error('--db takes a postgres:// URL (SQLite always runs unless --no-sqlite)');
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
// --nights N: N months in a row on the same site (--second-night is --nights 2).
const nights = Number(option('--nights') ?? (flag('--second-night') ? 2 : 1));
if (!Number.isInteger(nights) || nights < 1 || nights > 24) throw new Error('--nights takes a whole number of months from 1 to 24');
/** The month `n` months after `period` (YYYY-MM). */
const monthAfter = (period: string, n: number) => format(addMonths(parseISO(`${period}-01`), n), 'yyyy-MM');

interface Timed {
  wallS: number;
  /** User + system CPU seconds of the process (the machine may be shared: wall time alone says little). */
  cpuS: number;
  peakMiB: number;
  stdout: string;
}

/** Runs a command as its own process under /usr/bin/time: wall seconds, CPU seconds and peak RSS. */
function timed(cmd: string[], cwd: string): Timed {
  const out = join(root, `time-${process.pid}.txt`);
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', '-o', out, ...cmd], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  const [wall, kb, user, sys] = readFileSync(out, 'utf8').trim().split('\n').at(-1)!.split(' ');
  return { wallS: Number(wall), cpuS: Number(user) + Number(sys), peakMiB: Math.round(Number(kb) / 1024), stdout: r.stdout };
}

/** A pg client on the benchmark's server (the password as the engine reads it). */
async function pgClient(): Promise<pg.Client> {
  const u = new URL(pgUrl!);
  const c = new pg.Client({
    host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username) || undefined,
    database: decodeURIComponent(u.pathname.slice(1)) || undefined, password: process.env.RELIEF_DB_PASSWORD || undefined,
  });
  await c.connect();
  return c;
}

async function files(rows: number, period: string): Promise<BenchResult> {
  const dir = join(root, `data-${rows}-${period}`);
  const done = join(dir, 'files.json');
  if (existsSync(done)) return JSON.parse(readFileSync(done, 'utf8')) as BenchResult;
  rmSync(dir, { recursive: true, force: true });
  const t = performance.now();
  const r = await writeBenchFiles({ seed: 7, outDir: dir, rows, encoding: 'utf-8', shape: 'users', period });
  writeFileSync(done, JSON.stringify(r));
  console.log(`generated ${fmt(rows)} + ${fmt(rows)} rows for ${period} in ${sec(performance.now() - t)}`);
  return r;
}

interface Site {
  dir: string;
  /** The PostgreSQL schema of the site, or null on SQLite. */
  schema: string | null;
}

/** A fresh site (`init`); on PostgreSQL its config names the server with a schema of its own. */
function freshSite(name: string, schema: string | null): Site {
  const site = join(root, name);
  rmSync(site, { recursive: true, force: true });
  mkdirSync(site, { recursive: true });
  execFileSync(process.execPath, [cli, 'init'], { cwd: site, stdio: 'ignore' });
  if (schema !== null) {
    const yaml = join(site, 'relief-recon.yaml');
    const url = `${pgUrl}${pgUrl!.includes('?') ? '&' : '?'}schema=${schema}`;
    const text = readFileSync(yaml, 'utf8');
    if (!/^database: .*$/m.test(text)) throw new Error('init wrote no database: line');
    writeFileSync(yaml, text.replace(/^database: .*$/m, `database: ${url}`));
    rmSync(join(site, 'data', 'relief-recon.db'), { force: true });
    execFileSync(process.execPath, [cli, 'init'], { cwd: site, stdio: 'ignore' }); // the tables, outside the timing
  }
  return { dir: site, schema };
}

/**
 * CPU seconds the local PostgreSQL server has used so far (the postmaster and its children, live and ended,
 * from /proc), or null when the server is not on this machine. The difference over a run is the server's share
 * of the work, which the Node process's CPU time does not include.
 */
async function serverCpuS(): Promise<number | null> {
  const c = await pgClient();
  let postmaster: number;
  try {
    const r = await c.query<{ pid: number }>(`select pid from pg_stat_activity where backend_type = 'checkpointer'`);
    const stat = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8');
    postmaster = Number(stat(r.rows[0]!.pid).replace(/^.*\) /s, '').split(' ')[1]);
  } catch {
    return null;
  } finally {
    await c.end();
  }
  const tick = 100; // USER_HZ
  const cpu = (pid: number, withChildren: boolean) => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
      // fields after the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
      return { ppid: Number(f[1]), s: (Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0)) / tick };
    } catch {
      return null;
    }
  };
  let total = cpu(postmaster, true)?.s ?? 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const x = cpu(Number(d), true);
    if (x && x.ppid === postmaster) total += x.s;
  }
  return total;
}

async function dropSchema(schema: string): Promise<void> {
  const c = await pgClient();
  try {
    await c.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await c.end();
  }
}

/** The last run record and the disk the site's database uses. */
async function readRun(site: Site): Promise<{ stats: RunRecord; disk: string }> {
  if (site.schema === null) {
    const file = join(site.dir, 'data', 'relief-recon.db');
    const db = new Database(file, { readonly: true });
    const row = db.prepare('SELECT stats_json FROM runs ORDER BY id DESC LIMIT 1').get() as { stats_json: string };
    db.close();
    const wal = existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0;
    return { stats: JSON.parse(row.stats_json) as RunRecord, disk: `SQLite file ${fmt(mib(statSync(file).size + wal))} MiB` };
  }
  const c = await pgClient();
  try {
    const run = await c.query<{ stats_json: string }>(`select stats_json from "${site.schema}".runs order by id desc limit 1`);
    const size = await c.query<{ rel: string; idx: string; db: string }>(
      `select coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint as rel,
              coalesce(sum(pg_indexes_size(c.oid)), 0)::bigint as idx, pg_database_size(current_database()) as db
         from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relkind = 'r'`,
      [site.schema],
    );
    const s = size.rows[0]!;
    return {
      stats: JSON.parse(run.rows[0]!.stats_json) as RunRecord,
      disk: `PostgreSQL schema ${fmt(mib(Number(s.rel)))} MiB (indexes ${fmt(mib(Number(s.idx)))} MiB), pg_database_size ${fmt(mib(Number(s.db)))} MiB`,
    };
  } finally {
    await c.end();
  }
}

interface RunRecord {
  durationMs: number;
  reportsMs?: number;
  files: { fileName: string; kind: string | null; rowsRead: number; status: string; ms?: number; aheadMs?: number }[];
  ms: { reconcile: number; reconcileStages: Record<string, number>; reconcileStagesCpu?: Record<string, number>; rules: number; rulesCpu?: number; record: number };
  rules: { rule: string; state: string; ms?: number; findings?: number }[];
  bySeverity: Record<string, number>;
  lifecycle: Record<string, number>;
}

interface Measured {
  wallS: number;
  cpuS: number;
  /** CPU seconds of the PostgreSQL server over the run, when it runs on this machine. */
  serverCpuS: number | null;
  peakMiB: number;
  rows: number;
  stats: RunRecord;
  findings: number;
}

/**
 * The bank file as one file per batch number (its first column, `批次号`), each with the header: how agent banks
 * send a month, a file per disbursement batch. Rows keep their order within a batch.
 */
function splitBankByBatch(path: string, inbox: string): number {
  const lines = readFileSync(path, 'utf8').split('\n');
  const header = lines[0]!;
  const batches = new Map<string, string[]>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const batch = line.slice(0, line.indexOf(','));
    let rows = batches.get(batch);
    if (!rows) batches.set(batch, (rows = []));
    rows.push(line);
  }
  const stem = basename(path, '.csv');
  for (const [batch, rows] of batches) writeFileSync(join(inbox, `${stem}-${batch.replace(/[^\w-]/g, '_')}.csv`), `${header}\n${rows.join('\n')}\n`);
  return batches.size;
}

async function runOnce(label: string, site: Site, f: BenchResult): Promise<Measured> {
  const inbox = join(site.dir, 'data', 'inbox');
  const csv = [f.rosterPath, f.bankPath, f.staffPath!, f.proxyPath!];
  const perBatch = flag('--bank-per-batch');
  for (const p of csv) if (!(perBatch && p === f.bankPath)) copyFileSync(p, join(inbox, p.split('/').at(-1)!));
  if (perBatch) console.log(`\n[${label}] bank rows put in the inbox as ${splitBankByBatch(f.bankPath, inbox)} files, one per batch number`);
  const loadBefore = load();
  const serverBefore = site.schema === null ? null : await serverCpuS();
  const r = timed([process.execPath, cli, 'run', '--quiet'], site.dir);
  const serverAfter = site.schema === null ? null : await serverCpuS();
  const serverCpu = serverBefore === null || serverAfter === null ? null : serverAfter - serverBefore;
  const loadAfter = load();
  const { stats: s, disk } = await readRun(site);
  const rows = s.files.reduce((n, x) => n + x.rowsRead, 0);
  const ingestMs = s.files.reduce((n, x) => n + (x.ms ?? 0), 0);
  const findings = Object.values(s.bySeverity).reduce((a, b) => a + b, 0);
  const csvMiB = mib(csv.reduce((n, p) => n + statSync(p).size, 0));
  console.log(`\n[${label}, ${site.schema === null ? 'SQLite' : 'PostgreSQL'}] relief-recon run: ${sec(r.wallS * 1000)} wall as a process, CPU ${sec(r.cpuS * 1000)} (user+sys of the Node process), peak RSS ${r.peakMiB} MiB, ${fmt(rows / r.wallS)} rows/s, load before ${loadBefore}, after ${loadAfter}`);
  if (serverCpu !== null) console.log(`  server     PostgreSQL's own CPU over the run ${sec(serverCpu * 1000)} (user+sys of the postmaster and its backends)`);
  console.log(`  disk       ${disk}; the CSV files ${fmt(csvMiB)} MiB`);
  console.log(`  run record ${sec(s.durationMs)} (process start-up, config and lock outside it: ${sec(r.wallS * 1000 - s.durationMs)})`);
  console.log(`  ingest     ${sec(ingestMs)}`);
  // One line per kind: with --bank-per-batch a month is dozens of bank files.
  const kinds = new Map<string, { files: number; rows: number; ms: number; aheadMs: number; status: Set<string> }>();
  for (const x of s.files) {
    const k = kinds.get(x.kind ?? '-') ?? { files: 0, rows: 0, ms: 0, aheadMs: 0, status: new Set<string>() };
    k.files++;
    k.rows += x.rowsRead;
    k.ms += x.ms ?? 0;
    k.aheadMs += x.aheadMs ?? 0;
    k.status.add(x.status);
    kinds.set(x.kind ?? '-', k);
  }
  for (const [kind, x] of kinds) {
    const count = x.files > 1 ? ` in ${x.files} files` : '';
    // A file parsed ahead (the inbox starts a large file's parse beside the file before it): ms counts from its turn.
    const ahead = x.aheadMs ? `, its parse started ${sec(x.aheadMs).trim()} before its turn` : '';
    console.log(`    ${kind.padEnd(7)} ${fmt(x.rows).padStart(10)} rows ${sec(x.ms)}  ${fmt(x.rows / ((x.ms || 1) / 1000)).padStart(9)} rows/s  ${[...x.status].join(', ')}${count}${ahead}`);
  }
  console.log(`  check      ${sec(s.ms.reconcile + s.ms.rules + s.ms.record)}`);
  console.log(`    reconcile ${sec(s.ms.reconcile)}  ${Object.entries(s.ms.reconcileStages).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')} ms`);
  if (s.ms.reconcileStagesCpu) console.log(`      CPU    ${Object.entries(s.ms.reconcileStagesCpu).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')} ms; rules ${fmt(s.ms.rulesCpu ?? 0)} ms`);
  const slow = s.rules.filter((x) => x.state === 'ran').sort((a, b) => (b.ms ?? 0) - (a.ms ?? 0)).slice(0, 6);
  console.log(`    rules     ${sec(s.ms.rules)}  slowest: ${slow.map((x) => `${x.rule} ${fmt(x.ms ?? 0)}`).join(', ')} ms`);
  console.log(`    record    ${sec(s.ms.record)}`);
  console.log(`  reports    ${sec(s.reportsMs ?? 0)}`);
  console.log(`  findings   ${fmt(findings)} (${Object.entries(s.lifecycle).map(([k, v]) => `${k} ${v}`).join(', ')})`);
  return { wallS: r.wallS, cpuS: r.cpuS, serverCpuS: serverCpu, peakMiB: r.peakMiB, rows, stats: s, findings };
}

/** The stages of the same input on SQLite and PostgreSQL, side by side (seconds). */
function compare(label: string, lite: Measured, post: Measured): void {
  const stages = (m: Measured): [string, number][] => {
    const s = m.stats;
    const perKind = new Map<string, number>();
    for (const x of s.files) perKind.set(`ingest ${x.kind ?? '-'}`, (perKind.get(`ingest ${x.kind ?? '-'}`) ?? 0) + (x.ms ?? 0));
    const files = [...perKind];
    return [
      ['run (process wall)', m.wallS * 1000], ['run (process CPU)', m.cpuS * 1000], ['server CPU', (m.serverCpuS ?? 0) * 1000], ...files,
      ...Object.entries(s.ms.reconcileStages).map(([k, v]): [string, number] => [`reconcile ${k}`, v]),
      ['rules', s.ms.rules], ['record', s.ms.record], ['reports', s.reportsMs ?? 0],
    ];
  };
  const a = new Map(stages(lite));
  const b = new Map(stages(post));
  console.log(`\n[${label}] SQLite vs PostgreSQL (s)   SQLite  PostgreSQL  ratio`);
  for (const [k, v] of a) {
    const w = b.get(k);
    console.log(`  ${k.padEnd(26)} ${(v / 1000).toFixed(1).padStart(7)} ${w === undefined ? '-'.padStart(11) : (w / 1000).toFixed(1).padStart(11)}  ${w === undefined || v === 0 ? '' : (w / v).toFixed(1) + '×'}`);
  }
  console.log(`  ${'peak RSS (MiB)'.padEnd(26)} ${String(lite.peakMiB).padStart(7)} ${String(post.peakMiB).padStart(11)}`);
  console.log(`  ${'findings'.padEnd(26)} ${String(lite.findings).padStart(7)} ${String(post.findings).padStart(11)}${lite.findings === post.findings ? '' : '  DIFFERENT'}`);
}

function duckdb(label: string, f: BenchResult): number | null {
  if (flag('--no-duckdb')) return null;
  const loadBefore = load();
  const r = timed([process.execPath, resolve('scripts/bench-duckdb.mjs'), f.rosterPath, f.bankPath], root);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { ms: Record<string, number>; batches: number; person: Record<string, string> };
  console.log(`[${label}] DuckDB reference: ${sec(r.wallS * 1000)} wall (${sec(r.cpuS * 1000)} CPU), peak RSS ${r.peakMiB} MiB (read ${fmt(out.ms.read!)} ms, batches ${fmt(out.ms.batches!)} ms, join ${fmt(out.ms.join!)} ms; ${out.batches} batches, ${JSON.stringify(out.person)}), load before ${loadBefore}`);
  return r.wallS;
}

async function measure(label: string, rows: number): Promise<void> {
  const f = await files(rows, '2026-11');
  const sites: Site[] = [];
  if (!flag('--no-sqlite')) sites.push(freshSite(`site-${rows}`, null));
  if (pgUrl !== undefined) sites.push(freshSite(`site-${rows}-pg`, `bench_${rows}_${Date.now()}`));
  const firsts: Measured[] = [];
  for (const site of sites) firsts.push(await runOnce(label, site, f));
  const ref = duckdb(label, f);
  if (ref !== null) for (const ours of firsts) console.log(`[${label}] ratio relief-recon / DuckDB: ${(ours.wallS / ref).toFixed(1)}×`);
  if (firsts.length === 2) compare(label, firsts[0]!, firsts[1]!);
  // The nights after the first: the next months on the same site (their data generated once, like the first's).
  const walls = firsts.map((m) => [m.wallS]);
  for (let night = 2; night <= nights && rows === bigRows; night++) {
    const name = night === 2 ? `${label}, second night` : `${label}, night ${night}`;
    const next = await files(rows, monthAfter('2026-11', night - 1));
    const these: Measured[] = [];
    for (const site of sites) these.push(await runOnce(name, site, next));
    these.forEach((m, i) => walls[i]!.push(m.wallS));
    const refNext = duckdb(name, next);
    if (refNext !== null) for (const m of these) console.log(`[${name}] ratio relief-recon / DuckDB: ${(m.wallS / refNext).toFixed(1)}×`);
    if (these.length === 2) compare(name, these[0]!, these[1]!);
  }
  if (nights > 1 && rows === bigRows) {
    sites.forEach((site, i) => console.log(`\n[${label}, ${site.schema === null ? 'SQLite' : 'PostgreSQL'}] wall per night: ${walls[i]!.map((w) => `${w.toFixed(1)} s`).join(', ')}`));
  }
  if (!flag('--keep')) for (const site of sites) if (site.schema !== null) await dropSchema(site.schema);
}

console.log(`relief-recon benchmark: node ${process.version}, ${readdirSync('/sys/devices/system/cpu').filter((d) => /^cpu\d+$/.test(d)).length} CPUs, load ${load()}`);
mkdirSync(root, { recursive: true });
if (!cliDir) execFileSync(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
const help = timed([process.execPath, cli, '--help'], root);
console.log(`relief-recon --help: ${help.wallS.toFixed(2)} s wall, ${help.cpuS.toFixed(2)} s CPU, peak RSS ${help.peakMiB} MiB`);
if (pgUrl !== undefined) console.log(`PostgreSQL: ${pgUrl} (the server's own CPU and memory are not in the Node process's figures)`);
if (!flag('--no-small')) await measure(`${fmt(smallRows)} rows`, smallRows);
if (!flag('--no-big')) await measure(`${fmt(bigRows)} rows`, bigRows);
if (!flag('--keep')) for (const d of readdirSync(root)) if (d.startsWith('site-')) rmSync(join(root, d), { recursive: true, force: true });
