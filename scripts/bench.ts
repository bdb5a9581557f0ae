/**
 * Benchmark of what users run: `npm run bench -- [rows=1000000] [--small N] [--no-big] [--no-duckdb] [--second-night] [--keep] [--cli DIR]`.
 *
 * Builds dist/ (the compiled command users run), generates data in the users' shape (bank file
 * `批次号,账号,户名,证件号码,金额,手续费,用途,交易日期,状态`, plus staff and proxy agreements; see
 * fixtures/generator/bench.ts), puts it in the inbox of a fresh site and runs `node dist/cli.js run` as its own
 * process under /usr/bin/time. Prints the process's wall time and peak RSS, the stages from the run record
 * (ingest per file with rows/s, reconcile stages, rules, recording, reports) and the findings; then runs the
 * DuckDB reference (scripts/bench-duckdb.mjs) on the same two CSV files, also as its own process, and prints
 * the ratio. First a small run (20,000 rows), then the big one. `--second-night` then sends the next month
 * (the same people: a new roster and new bank rows) to the same site and runs again.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
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

interface Timed {
  wallS: number;
  /** User + system CPU seconds of the process: comparable on a loaded machine, unlike wall time. */
  cpuS: number;
  peakMiB: number;
  stdout: string;
}

/** Runs a command as its own process under /usr/bin/time: wall seconds and peak RSS. */
function timed(cmd: string[], cwd: string): Timed {
  const out = join(root, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', '-o', out, ...cmd], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  const [wall, kb, user, system] = readFileSync(out, 'utf8').trim().split('\n').at(-1)!.split(' ');
  return { wallS: Number(wall), cpuS: Number(user) + Number(system), peakMiB: Math.round(Number(kb) / 1024), stdout: r.stdout };
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

function freshSite(name: string): string {
  const site = join(root, name);
  rmSync(site, { recursive: true, force: true });
  mkdirSync(site, { recursive: true });
  execFileSync(process.execPath, [cli, 'init'], { cwd: site, stdio: 'ignore' });
  return site;
}

interface RunRecord {
  durationMs: number;
  reportsMs?: number;
  files: { fileName: string; kind: string | null; rowsRead: number; status: string; ms?: number }[];
  ms: { reconcile: number; reconcileStages: Record<string, number>; reconcileStagesCpu?: Record<string, number>; rules: number; rulesCpu?: number; record: number };
  rules: { rule: string; state: string; ms?: number; findings?: number }[];
  bySeverity: Record<string, number>;
  lifecycle: Record<string, number>;
}

function runOnce(label: string, site: string, f: BenchResult): { wallS: number; peakMiB: number; rows: number } {
  const inbox = join(site, 'data', 'inbox');
  for (const p of [f.rosterPath, f.bankPath, f.staffPath!, f.proxyPath!]) copyFileSync(p, join(inbox, p.split('/').at(-1)!));
  const loadBefore = load();
  const r = timed([process.execPath, cli, 'run', '--quiet'], site);
  const db = new Database(join(site, 'data', 'relief-recon.db'), { readonly: true });
  const row = db.prepare('SELECT stats_json FROM runs ORDER BY id DESC LIMIT 1').get() as { stats_json: string };
  db.close();
  const s = JSON.parse(row.stats_json) as RunRecord;
  const rows = s.files.reduce((n, x) => n + x.rowsRead, 0);
  const ingestMs = s.files.reduce((n, x) => n + (x.ms ?? 0), 0);
  const findings = Object.values(s.bySeverity).reduce((a, b) => a + b, 0);
  console.log(`\n[${label}] relief-recon run: ${sec(r.wallS * 1000)} wall as a process (${sec(r.cpuS * 1000)} CPU), peak RSS ${r.peakMiB} MiB, ${fmt(rows / r.wallS)} rows/s, load before ${loadBefore}`);
  console.log(`  run record ${sec(s.durationMs)} (process start-up, config and lock outside it: ${sec(r.wallS * 1000 - s.durationMs)})`);
  console.log(`  ingest     ${sec(ingestMs)}`);
  for (const x of s.files) console.log(`    ${(x.kind ?? "-").padEnd(7)} ${fmt(x.rowsRead).padStart(10)} rows ${sec(x.ms ?? 0)}  ${fmt(x.rowsRead / ((x.ms ?? 1) / 1000)).padStart(9)} rows/s  ${x.status}`);
  console.log(`  check      ${sec(s.ms.reconcile + s.ms.rules + s.ms.record)}`);
  console.log(`    reconcile ${sec(s.ms.reconcile)}  ${Object.entries(s.ms.reconcileStages).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')} ms`);
  if (s.ms.reconcileStagesCpu) console.log(`      CPU    ${Object.entries(s.ms.reconcileStagesCpu).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')} ms; rules ${fmt(s.ms.rulesCpu ?? 0)} ms`);
  const slow = s.rules.filter((x) => x.state === 'ran').sort((a, b) => (b.ms ?? 0) - (a.ms ?? 0)).slice(0, 6);
  console.log(`    rules     ${sec(s.ms.rules)}  slowest: ${slow.map((x) => `${x.rule} ${fmt(x.ms ?? 0)}`).join(', ')} ms`);
  console.log(`    record    ${sec(s.ms.record)}`);
  console.log(`  reports    ${sec(s.reportsMs ?? 0)}`);
  console.log(`  findings   ${fmt(findings)} (${Object.entries(s.lifecycle).map(([k, v]) => `${k} ${v}`).join(', ')})`);
  return { wallS: r.wallS, peakMiB: r.peakMiB, rows };
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
  const site = freshSite(`site-${rows}`);
  const ours = runOnce(label, site, f);
  const ref = duckdb(label, f);
  if (ref !== null) console.log(`[${label}] ratio relief-recon / DuckDB: ${(ours.wallS / ref).toFixed(1)}×`);
  if (flag('--second-night') && rows === bigRows) {
    const next = await files(rows, '2026-12');
    const second = runOnce(`${label}, second night`, site, next);
    const ref2 = duckdb(`${label}, second night`, next);
    if (ref2 !== null) console.log(`[${label}, second night] ratio relief-recon / DuckDB: ${(second.wallS / ref2).toFixed(1)}×`);
  }
}

console.log(`relief-recon benchmark: node ${process.version}, ${readdirSync('/sys/devices/system/cpu').filter((d) => /^cpu\d+$/.test(d)).length} CPUs, load ${load()}`);
mkdirSync(root, { recursive: true });
if (!cliDir) execFileSync(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
const help = timed([process.execPath, cli, '--help'], root);
console.log(`relief-recon --help: ${help.wallS.toFixed(2)} s wall, ${help.cpuS.toFixed(2)} s CPU, peak RSS ${help.peakMiB} MiB`);
await measure(`${fmt(smallRows)} rows`, smallRows);
if (!flag('--no-big')) await measure(`${fmt(bigRows)} rows`, bigRows);
if (!flag('--keep')) for (const d of readdirSync(root)) if (d.startsWith('site-')) rmSync(join(root, d), { recursive: true, force: true });
