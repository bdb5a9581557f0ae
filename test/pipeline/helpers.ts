/** Shared set-up for the pipeline tests: a data folder with a config, an inbox of a generated month, snapshots. */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { generateDataset } from '../../fixtures/generator/index.ts';
import { DEFAULT_CONFIG_TEXT, loadConfig, type Config } from '../../src/config.ts';
import { openDatabase, scratchDatabaseUrl, testDialect, type Db } from '../../src/db/index.ts';
import { listFindings } from '../../src/findings/index.ts';
import type { ReportWriter } from '../../src/pipeline/index.ts';

export const ROOT = join(import.meta.dirname, '../..');
export const FORMATS = join(ROOT, 'fixtures/scenarios/formats');

export function tempDir(prefix = 'relief-recon-pipeline-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A data folder with the default config (relative paths: data/inbox, data/archive, ...). */
export function setUp(extraConfig = ''): { dir: string; configPath: string; config: Config } {
  const dir = tempDir();
  const configPath = join(dir, 'relief-recon.yaml');
  // On the PostgreSQL half of the test matrix the same folder uses a fresh server schema instead of the file.
  const text = testDialect() === 'postgres' ? DEFAULT_CONFIG_TEXT.replace(/^database: .*$/m, `database: ${scratchDatabaseUrl()}`) : DEFAULT_CONFIG_TEXT;
  writeFileSync(configPath, text + extraConfig);
  const config = loadConfig(configPath);
  mkdirSync(config.inbox, { recursive: true });
  return { dir, configPath, config };
}

let sample: Promise<string[]> | null = null;

/** A small generated month (three districts, every kind of file, a header-less bank file), made once per test file. */
export function sampleMonth(): Promise<string[]> {
  sample ??= (async () => {
    const out = tempDir('relief-recon-sample-');
    const ds = await generateDataset({ seed: 7, outDir: out, period: '2026-11', districts: 3, rosterRows: 300, anomalyRate: 0.05 });
    return ds.files.map((f) => f.path);
  })();
  return sample;
}

export async function fillInbox(inbox: string, opts: { bad?: boolean } = {}): Promise<string[]> {
  mkdirSync(inbox, { recursive: true });
  for (const f of await sampleMonth()) copyFileSync(f, join(inbox, basename(f)));
  if (opts.bad) addBadFiles(inbox);
  return readdirSync(inbox).sort();
}

export const ROWS = join(ROOT, 'fixtures/scenarios/rows');

/** The smallest real night: one district's roster of three and its bank file, for tests where the data is not what is tested. */
export function smallInbox(inbox: string): string[] {
  mkdirSync(inbox, { recursive: true });
  for (const f of ['roster-wanzhou-dibao-2026-11-three-people.csv', 'bank-batch-wanzhou-dibao-first-send.csv']) copyFileSync(join(ROWS, f), join(inbox, f));
  return readdirSync(inbox).sort();
}

/** Files a district really sends now and then: an old .xls, a sheet of something else, nothing at all. */
export function addBadFiles(inbox: string): void {
  copyFileSync(join(FORMATS, 'legacy-biff.xls'), join(inbox, '万州区低保名册（旧版Excel）.xls'));
  writeFileSync(join(inbox, '会议签到表.csv'), '序号,单位,参会人,联系电话\n1,万州区民政局,张三,13800000000\n');
  copyFileSync(join(FORMATS, 'empty.csv'), join(inbox, '空文件.csv'));
}

export function inboxFiles(config: Config): string[] {
  return existsSync(config.inbox) ? readdirSync(config.inbox).sort() : [];
}

/** A writer that records what a report would show, for tests where the reports are not what is tested. */
export const stubWriter: ReportWriter = async (db, runId, opts) => {
  const dir = join(opts.outDir, 'stub');
  mkdirSync(dir, { recursive: true });
  const findings = await listFindings(db, { runId });
  const path = join(dir, `run-${runId}.json`);
  writeFileSync(path, JSON.stringify(findings.map((f) => [f.fingerprint, f.status, f.severity])));
  return { dir, files: [path] };
};

const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;

const SHOWN_TIME = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2})?/g;

/**
 * Report text with its clock readings replaced: two runs at different times must otherwise agree. The
 * chart renderer numbers its SVG ids and classes per process (zr2-cls-0, zr20-cls-16), so those are blanked too.
 */
export function timeless(text: string): string {
  return text.replace(ISO, '<time>').replace(SHOWN_TIME, '<time>').replace(/\bzr\d*-(cls-)?\d*/g, 'zr-');
}

async function rows(db: Db, table: 'rosterEntries' | 'payments' | 'staff' | 'proxyAgreements' | 'deaths' | 'standards' | 'rejectedRows', sha: Map<number, string>): Promise<string[]> {
  const all = (await db.kysely.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
  return all.map(({ id: _id, fileId, ...rest }) => JSON.stringify({ file: sha.get(fileId as number), ...rest })).sort();
}

/**
 * Everything a run leaves in the database that must not depend on whether it was interrupted: files,
 * every stored and rejected row, the reconciliation, the findings of the latest finished run, and the
 * finished runs' records (without clock readings, process ids and attempt counts).
 */
export async function snapshot(config: Config): Promise<Record<string, unknown>> {
  const db = await openDatabase(config.database);
  try {
    const files = await db.kysely.selectFrom('sourceFiles').selectAll().orderBy('id').execute();
    const sha = new Map(files.map((f) => [f.id, f.sha256]));
    const payments = await db.kysely.selectFrom('payments').select(['id', 'fileId', 'rowNo']).execute();
    const roster = await db.kysely.selectFrom('rosterEntries').select(['id', 'fileId', 'rowNo']).execute();
    const paymentKey = new Map(payments.map((p) => [p.id, `${sha.get(p.fileId)}#${p.rowNo}`]));
    const rosterKey = new Map(roster.map((p) => [p.id, `${sha.get(p.fileId)}#${p.rowNo}`]));
    const recon = (await db.kysely.selectFrom('reconPayments').selectAll().execute()).map(({ id: _id, fileId, paymentId, rosterId, ...rest }) =>
      JSON.stringify({ file: sha.get(fileId), payment: paymentKey.get(paymentId), roster: rosterId === null ? null : rosterKey.get(rosterId), ...rest }),
    );
    const runs = await db.kysely.selectFrom('runs').selectAll().where('outcome', '=', 'done').orderBy('id').execute();
    const latest = runs.at(-1);
    const findings = latest
      ? (await db.kysely.selectFrom('findings').selectAll().where('runId', '=', latest.id).execute())
          .map(({ id: _id, runId: _r, firstSeen, ...rest }) => JSON.stringify({ ...rest, firstSeen: runs.find((r) => r.startedAt === firstSeen)?.id ?? firstSeen }))
          .sort()
      : [];
    const refused = [...new Set((await db.kysely.selectFrom('refusedFiles').select(['sha256', 'fileName', 'code']).execute()).map((r) => JSON.stringify(r)))].sort();
    return {
      files: files.map(({ id: _id, ingestedAt: _t, archivePath, supersededBy, ...rest }) => ({
        ...rest,
        archivePath: archivePath ? relative(config.archive, archivePath).replace(/^\d{4}-\d{2}-\d{2}/, '<day>') : null,
        supersededBy: supersededBy === null ? null : sha.get(supersededBy),
      })),
      roster: await rows(db, 'rosterEntries', sha),
      payments: await rows(db, 'payments', sha),
      staff: await rows(db, 'staff', sha),
      proxies: await rows(db, 'proxyAgreements', sha),
      deaths: await rows(db, 'deaths', sha),
      standards: await rows(db, 'standards', sha),
      rejectedRows: await rows(db, 'rejectedRows', sha),
      refused,
      recon: recon.sort(),
      findings,
      runs: runs.map((r) => {
        const s = JSON.parse(r.statsJson) as Record<string, unknown> & { pipeline?: Record<string, unknown>; rules?: Record<string, unknown>[]; files?: Record<string, unknown>[]; reports?: { dir: string; files: string[] } };
        const { ms: _ms, durationMs: _d, reportsMs: _rm, pipeline, rules, files: fileList, reports, ...rest } = s;
        return {
          id: r.id,
          trigger: r.trigger,
          ...rest,
          pipeline: pipeline ? { startFileId: pipeline.startFileId, coveredFileId: pipeline.coveredFileId, phase: pipeline.phase } : null,
          rules: rules?.map(({ ms: _m, ...o }) => o),
          files: fileList?.map(({ movedTo, ms: _fm, ...f }) => ({ ...f, movedTo: typeof movedTo === 'string' ? relative(join(config.inbox, '..'), movedTo).replace(/\d{4}-\d{2}-\d{2}/, '<day>').replace(/\d{14}_/, '') : movedTo })),
          reports: reports ? reports.files.map((f) => relative(config.reports, f).replace(/^\d{4}-\d{2}-\d{2}/, '<day>')) : null,
        };
      }),
    };
  } finally {
    await db.close();
  }
}

/** Every report file of the latest day's latest run folder, clock readings blanked (the xlsx is a zip: compared by size only). */
export function reportTexts(config: Config): Record<string, string> {
  const days = readdirSync(config.reports).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).sort();
  const dir = join(config.reports, days.at(-1)!, 'latest');
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) {
    out[f] = f.endsWith('.xlsx') ? `zip` : timeless(readFileSync(join(dir, f), 'utf8'));
  }
  return out;
}

/** A child process running one of this suite's scripts under tsx, from the repository root. */
/** The real command line, cli.ts, as an operator runs it. */
export function spawnCli(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'cli.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function spawnScript(script: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, script), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function collect(child: ChildProcess): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Resolves once the child has written `text` on stdout (or rejects if it exits first). */
export function waitForOutput(child: ChildProcess, text: string | RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer) => {
      seen += d.toString();
      if (typeof text === 'string' ? seen.includes(text) : text.test(seen)) {
        child.stdout?.off('data', onData);
        resolve(seen);
      }
    };
    child.stdout?.on('data', onData);
    child.on('exit', () => reject(new Error(`child exited before writing ${String(text)}; it wrote:\n${seen}`)));
  });
}
