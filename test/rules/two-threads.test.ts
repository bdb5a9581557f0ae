/**
 * The rules on two threads (SQLite: a worker thread with its own connection to the file; PostgreSQL: a second
 * connection) give exactly what one thread gives: the same findings in the same order, the same outcomes. A
 * worker that cannot open the database costs nothing but time: its rules run on the main thread.
 */
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkNow } from '../../src/check.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, scratchDatabaseUrl, testDialect, type Db } from '../../src/db/index.ts';
import type { Program } from '../../src/domain/index.ts';
import { listFindings } from '../../src/findings/index.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { reconcile } from '../../src/reconcile/index.ts';
import { RULES, runRuleJobs, startRuleThread, type RuleJob, type RuleThread } from '../../src/rules/index.ts';
import { generateDataset } from '../../fixtures/generator/index.ts';
import { tempDir } from '../ingest/helpers.ts';

const LISTS = [
  {
    key: 'public-employees', name: '财政供养人员', idColumns: ['身份证号码'], nameColumns: ['姓名'], files: ['财政供养人员名单_*'],
    severity: 'high' as const, title: '财政供养人员领取救助', titleEn: 'Public employee receiving assistance', message: '{who}在{list}中', clause: '五（二）', proxies: true,
  },
];

let dir: string;
let db: Db;
const periods = ['2026-11'];

beforeAll(async () => {
  dir = tempDir('relief-recon-two-threads-');
  const data = await generateDataset({ seed: 11, outDir: dir, period: '2026-11', districts: 3, rosterRows: 800, anomalyRate: 0.05, crossCheckLists: [{ key: 'public-employees', name: '财政供养人员' }] });
  db = await openDatabase(scratchDatabaseUrl(join(dir, 'site.db')));
  const profiles = loadConfig().bankProfiles;
  for (const f of data.files) {
    await ingestFile(
      db,
      {
        path: f.path, kind: f.kind, period: f.options.period, district: f.options.district, program: f.options.program as Program | undefined,
        profile: f.options.profile ? profiles[f.options.profile] : undefined, list: f.options.list ? LISTS.find((l) => l.key === f.options.list) : undefined,
      },
      { archiveDir: null, worker: false },
    );
  }
  // Reconciled once, as a check does before its rules.
  await checkNow(db, { rules: {}, referenceLists: LISTS }, { trigger: 'manual', periods, parallelRules: false });
});

afterAll(async () => {
  await db?.close();
});

/** A second site: a copy of the test's file, opened. */
async function copyOfSite(name: string): Promise<Db> {
  // Everything into the file first: a copy of the file alone would miss what is still in its WAL.
  await sql`pragma wal_checkpoint(truncate)`.execute(db.kysely);
  copyFileSync(join(dir, 'site.db'), join(dir, name));
  return openDatabase(join(dir, name));
}

const jobs = (): RuleJob[] => [...Object.keys(RULES), 'list-public-employees'].map((rule) => ({ rule, periods }));
const shape = (r: { findings: { rule: string; fingerprint: string; message: string; messageEn: string; severity: string; evidence: unknown }[]; outcomes: { rule: string; state: string }[] }) => ({
  findings: r.findings.map((f) => [f.rule, f.fingerprint, f.severity, f.message, f.messageEn, JSON.stringify(f.evidence)]),
  outcomes: r.outcomes.map((o) => [o.rule, o.state, 'findings' in o ? o.findings : null]),
});

/** The rules judged on `site` with a thread started ahead: some on that thread, and all as one thread judges them on the test's site. */
async function expectSameAsOneThread(site: Db, thread: RuleThread): Promise<void> {
  const one = await runRuleJobs(db, jobs(), { settings: {}, referenceLists: LISTS, parallel: false });
  const two = await runRuleJobs(site, thread.jobs, { settings: {}, referenceLists: LISTS, parallel: true, thread, waitForWorker: true });
  expect(two.onSecond).toBeGreaterThan(0);
  expect(shape(two)).toEqual(shape(one));
}

describe('rules on two threads', () => {
  it('give the findings and outcomes of one thread, in the same order, with rules done on the second', async () => {
    const one = await runRuleJobs(db, jobs(), { settings: {}, referenceLists: LISTS, parallel: false });
    const two = await runRuleJobs(db, jobs(), { settings: {}, referenceLists: LISTS, parallel: true, waitForWorker: true });
    expect(one.onSecond).toBe(0);
    expect(two.onSecond).toBeGreaterThan(0);
    expect(one.findings.length).toBeGreaterThan(50);
    expect(new Set(one.findings.map((f) => f.rule)).size).toBeGreaterThan(15);
    expect(shape(two)).toEqual(shape(one));
  });

});

// The worker thread and the file it opens are SQLite's: on PostgreSQL the second runner is a second connection
// of the pool, with no file to miss or copy, so these are not defined there (the first case covers it).
const sqliteOnly = testDialect() === 'sqlite' ? describe : () => {};
sqliteOnly('rules on two threads (SQLite: the worker and its file)', () => {
  it('run every rule on the main thread when the worker cannot open the database', async () => {
    const notADir = join(dir, 'not-a-folder');
    writeFileSync(notADir, 'x');
    const broken: Db = { ...db, file: join(notADir, 'site.db') };
    const one = await runRuleJobs(db, jobs(), { settings: {}, referenceLists: LISTS, parallel: false });
    const two = await runRuleJobs(broken, jobs(), { settings: {}, referenceLists: LISTS, parallel: true, waitForWorker: true });
    expect(two.onSecond).toBe(0);
    expect(shape(two)).toEqual(shape(one));
  });

  it('a whole check records the same findings either way', async () => {
    const other = await copyOfSite('copy.db');
    try {
      await checkNow(db, { rules: {}, referenceLists: LISTS }, { trigger: 'manual', periods, parallelRules: false });
      await checkNow(other, { rules: {}, referenceLists: LISTS }, { trigger: 'manual', periods, parallelRules: true });
      const listed = async (d: Db) => (await listFindings(d)).map((f) => [f.rule, f.fingerprint, f.status, f.message]);
      expect(await listed(other)).toEqual(await listed(db));
    } finally {
      await other.close();
    }
  });

  it('a thread started before the reconciliation takes no rule until told, and then judges what the reconciliation stored', async () => {
    const other = await copyOfSite('early.db');
    try {
      // As a check starts it: nothing reconciled yet (a night's new month).
      await other.kysely.deleteFrom('reconPayments').execute();
      await other.kysely.deleteFrom('reconBatches').execute();
      const thread = startRuleThread(other, jobs(), { settings: {}, referenceLists: LISTS })!;
      expect(thread).not.toBeNull();
      await thread.started;
      await reconcile(other, periods);
      await expectSameAsOneThread(other, thread);
    } finally {
      await other.close();
    }
  });

  it('a thread started before the reconciliation opens the file only when told to go, so its planner reads the statistics taken meanwhile', async () => {
    // SQLite reads a connection's statistics when it opens (and again only when the schema changes): a connection
    // opened before the reconciliation's ANALYZE would plan with the figures of the month before. Here the file is
    // not even there when the thread starts; it is in place, statistics and all, before the thread is told to go.
    const path = join(dir, 'later.db');
    const thread = startRuleThread({ ...db, file: path }, jobs(), { settings: {}, referenceLists: LISTS })!;
    await thread.started;
    expect(existsSync(path)).toBe(false);
    const other = await copyOfSite('later.db');
    try {
      await expectSameAsOneThread(other, thread);
    } finally {
      await other.close();
    }
  });

  it('a thread not used is stopped, and one given for other jobs is refused', async () => {
    const thread = startRuleThread(db, jobs(), { settings: {}, referenceLists: LISTS })!;
    await expect(runRuleJobs(db, jobs(), { settings: {}, referenceLists: LISTS, parallel: true, thread })).rejects.toThrow(/rule thread/);
    await thread.stop();
    await thread.done;
    expect(startRuleThread({ ...db, file: ':memory:' }, jobs(), { settings: {}, referenceLists: LISTS })).toBeNull();
  });
});
