/**
 * Report benchmark: `npm run bench:report -- [rows] [--findings N] [--history N] [--reuse]`.
 * Builds a run over N roster rows (default 1,000,000) with N matching bank rows — generated, ingested
 * and checked for real — then a month of nightly history: runs holding ~N findings each (default 20,000,
 * synthetic, across every rule and district, a few hundred new and resolved a night, some review marks)
 * and 5,000 rejected rows. Then, in a fresh process so the memory figure is the reports' own, it writes
 * every report of the latest run and prints seconds per writer, file sizes and the peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchFiles } from '../fixtures/generator/index.ts';
import { checkNow } from '../src/check.ts';
import { openDatabase, type Db } from '../src/db/index.ts';
import { DISTRICTS, idCheckChar } from '../src/domain/index.ts';
import { ingestFile, type Receipt } from '../src/ingest/index.ts';
import { writeReports } from '../src/report/index.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
// Its own folder outside the work tree: the ingest benchmark clears bench-data/ when it starts and ends.
const dir = join(tmpdir(), 'relief-recon-bench-report');
const dbFile = join(dir, 'bench.db');
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  const rows = Number(args.find((a, i) => /^\d+$/.test(a) && !args[i - 1]?.startsWith('--')) ?? 1_000_000);
  const perRun = opt('--findings', 20_000);
  const history = opt('--history', 30);
  if (!(args.includes('--reuse') && existsSync(dbFile))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    console.log(`relief-recon report benchmark: ${rows.toLocaleString('en-US')} roster rows, ~${perRun.toLocaleString('en-US')} findings a run, ${history} runs of history`);
    await build(rows, perRun, history);
  }
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--report-only', dbFile], { stdio: 'inherit' });
  process.exitCode = child.status ?? 1;
}

async function build(rows: number, perRun: number, history: number): Promise<void> {
  let t = performance.now();
  const files = await writeBenchFiles({ seed: 11, outDir: dir, rows, encoding: 'utf-8' });
  console.log(`build: generate files        ${secs(performance.now() - t)}`);
  const db = await openDatabase(dbFile);
  t = performance.now();
  const receipts: Receipt[] = [];
  for (const [kind, path] of [['roster', files.rosterPath], ['bank', files.bankPath]] as const) {
    receipts.push(await ingestFile(db, { path, kind, period: '2026-11' }, { archiveDir: null, worker: true }));
  }
  console.log(`build: ingest ${(rows * 2).toLocaleString('en-US')} rows     ${secs(performance.now() - t)}`);
  t = performance.now();
  const first = await checkNow(db, { rules: {} }, { trigger: 'schedule' });
  console.log(`build: check (all rules)     ${secs(performance.now() - t)}  (${first.stats.rules.filter((r) => r.state === 'ran').length} rules ran, ${Object.values(first.stats.bySeverity).reduce((a, b) => a + b, 0)} findings)`);
  t = performance.now();
  const stats = JSON.parse((await db.kysely.selectFrom('runs').select('statsJson').where('id', '=', first.runId).executeTakeFirstOrThrow()).statsJson) as Record<string, unknown>;
  const fileStats = receipts.map((r) => ({ fileName: r.fileName, status: r.status, kind: r.kind, rowsRead: r.rowsRead, rowsAccepted: r.rowsAccepted, rowsRejected: r.rowsRejected, totalFen: r.totalFen, refusal: null, fileId: r.fileId }));
  await addRejected(db, receipts[0]!.fileId!, 5000);
  for (let k = 1; k <= history; k++) await addRun(db, k, perRun, k === history ? { ...stats, files: fileStats } : stats);
  await addReviews(db, 500, perRun);
  console.log(`build: ${history} runs of findings  ${secs(performance.now() - t)}`);
  await db.close();
}

const RULE_MIX: [string, string, number][] = [
  ['missing-payment', 'high', 14], ['failed-payment', 'medium', 10], ['amount-mismatch', 'high', 10], ['unapproved-payment', 'high', 8],
  ['late-payment', 'medium', 12], ['invalid-id', 'medium', 8], ['nonstandard-label', 'medium', 6], ['bank-fee', 'high', 4],
  ['account-holder-mismatch', 'high', 6], ['proxy-without-agreement', 'medium', 6], ['shared-account', 'high', 2], ['duplicate-payment', 'high', 3],
  ['duplicate-roster-id', 'high', 3], ['staff-recipient', 'low', 3], ['staff-proxy', 'high', 1], ['deceased-recipient', 'high', 1],
  ['above-standard', 'medium', 2], ['count-mismatch', 'high', 1], ['total-mismatch', 'high', 1], ['control-total', 'high', 1],
];
const WEIGHTED = RULE_MIX.flatMap(([rule, sev, w]) => Array.from({ length: w }, () => [rule, sev] as const));
const PLACES = DISTRICTS.filter((d) => !d.retired);
const NEW_A_NIGHT = 600;

function subject(n: number) {
  const [rule, severity] = WEIGHTED[(n * 7919) % WEIGHTED.length]!;
  const d = PLACES[(n * 104_729) % PLACES.length]!;
  const first17 = `${d.code}19${String(30 + (n % 60)).padStart(2, '0')}0101${String(n % 1000).padStart(3, '0')}`;
  const approved = 63000 + (n % 5) * 7000;
  return {
    rule, severity, district: d.name, districtCode: d.code, idNumber: first17 + idCheckChar(first17), name: `对象${n}`, accountNo: `62170000${String(n).padStart(11, '0')}`,
    expectedFen: approved, actualFen: approved - (n % 3) * 1000, fingerprint: `${rule}:${n}`.padEnd(40, '0'),
    message: `核定 ${(approved / 100).toFixed(2)} 元，实发 ${((approved - (n % 3) * 1000) / 100).toFixed(2)} 元，差额 ${(-(n % 3) * 10).toFixed(2)} 元`,
  };
}

/** Run k holds subjects [k·600, k·600 + perRun): the last 600 new, the 600 before its window resolved. */
async function addRun(db: Db, k: number, perRun: number, stats: Record<string, unknown>): Promise<void> {
  const startedAt = new Date(Date.UTC(2026, 10, k, 18, 0, 0)).toISOString().replace('.000Z', '+00:00');
  const run = await db.kysely.insertInto('runs').values({ startedAt, finishedAt: startedAt, trigger: 'schedule', outcome: 'done', statsJson: JSON.stringify(stats) }).returning('id').executeTakeFirstOrThrow();
  const from = k * NEW_A_NIGHT;
  const rows: unknown[][] = [];
  for (let n = from - NEW_A_NIGHT; n < from + perRun; n++) {
    if (n < 0) continue;
    const s = subject(n);
    const status = n < from ? 'resolved' : k > 1 && n < from + perRun - NEW_A_NIGHT ? 'persisting' : 'new';
    const seen = new Date(Date.UTC(2026, 10, Math.max(1, Math.floor((n - perRun) / NEW_A_NIGHT) + 1), 18)).toISOString().replace('.000Z', '+00:00');
    rows.push([
      run.id, s.rule, s.severity, s.fingerprint, s.rule, s.message, '2026-11', s.district, s.districtCode, 'dibao', s.idNumber, s.name, s.accountNo,
      s.expectedFen, s.actualFen, JSON.stringify([{ file: 'bench-bank-1000000-utf-8.csv', sha256: 'ab'.repeat(32), rowNo: n + 2 }]),
      JSON.stringify({ subject: { period: '2026-11', idNumber: s.idNumber } }), status, status === 'new' ? startedAt : seen,
    ]);
  }
  await db.write((w) => w.insertMany('findings', ['runId', 'rule', 'severity', 'fingerprint', 'title', 'message', 'period', 'district', 'districtCode', 'program', 'idNumber', 'name', 'accountNo', 'expectedFen', 'actualFen', 'evidenceJson', 'dataJson', 'status', 'firstSeen'], rows));
}

async function addRejected(db: Db, fileId: number, n: number): Promise<void> {
  const rows = Array.from({ length: n }, (_, i) => [fileId, i + 2, JSON.stringify(['2026-11', '万州区', '高笋塘街道', '太白社区', `对象${i}`, `5001011960010100${i % 10}X`, '城市低保', '1', '七百元', '中国农业银行', `62284800${String(i).padStart(11, '0')}`]), JSON.stringify([{ field: 'approvedFen', code: 'not-a-number', zh: '核定金额 "七百元" 不是有效金额', en: 'approved amount is not a number' }])]);
  await db.write((w) => w.insertMany('rejectedRows', ['fileId', 'rowNo', 'cellsJson', 'reasonsJson'], rows));
}

async function addReviews(db: Db, n: number, perRun: number): Promise<void> {
  const marks = ['confirmed', 'false-positive', 'fixed'];
  const rows = Array.from({ length: n }, (_, i) => [subject(30 * NEW_A_NIGHT + ((i * 37) % perRun)).fingerprint, marks[i % 3], '已核实', '陈科长', '2026-11-20T09:00:00+08:00']);
  await db.write((w) => w.insertMany('reviews', ['fingerprint', 'mark', 'note', 'reviewer', 'markedAt'], rows));
}

async function reportOnly(file: string): Promise<void> {
  const db = await openDatabase(file);
  const run = await db.kysely.selectFrom('runs').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  const count = await db.kysely.selectFrom('findings').select((eb) => eb.fn.countAll<number>().as('n')).where('runId', '=', run.id).executeTakeFirstOrThrow();
  const roster = await db.kysely.selectFrom('rosterEntries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  console.log(`report: run ${run.id}, ${Number(roster.n).toLocaleString('en-US')} roster rows, ${Number(count.n).toLocaleString('en-US')} findings in the run`);
  const outDir = join(dir, 'out');
  rmSync(outDir, { recursive: true, force: true });
  const started = performance.now();
  const { files } = await writeReports(db, run.id, {
    outDir,
    lang: 'zh',
    onFile: (f, ms) => console.log(`  ${(f === '(model)' ? 'report model' : basename(f)).padEnd(20)} ${secs(ms).padStart(9)}${f === '(model)' ? '' : `  ${mb(statSync(f).size).padStart(9)}`}`),
  });
  console.log(`  ${'all reports'.padEnd(20)} ${secs(performance.now() - started).padStart(9)}   peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB   (${files.length} files in ${outDir})`);
  await db.close();
}

if (args[0] === '--report-only') await reportOnly(args[1]!);
else await main();
