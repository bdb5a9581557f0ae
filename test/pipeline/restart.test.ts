/**
 * A run killed at any point and started again ends with the same database and the same reports as a
 * run that was never interrupted.
 *
 * One child process runs the pipeline and freezes (its whole thread blocked: no timer, no I/O) at each
 * kill point in the order a run reaches them; at each, this test copies the data folder — the database
 * with its WAL, the lock, the inbox, the archive, half-written reports — exactly as a SIGKILL at that
 * instant would leave it, then lets the child go on. After the last point the child is killed with
 * SIGKILL, so every copy's lock names a dead process. Each case then puts its copy back at the original
 * path (paths inside the database are absolute) and starts the pipeline again in-process, and compares.
 */
import { copyFileSync, cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { openDatabase } from '../../src/db/index.ts';
import { lockPathFor, memoryLog, runPipeline } from '../../src/pipeline/index.ts';
import { collect, fillInbox, inboxFiles, reportTexts, setUp, snapshot, spawnScript, tempDir, timeless } from './helpers.ts';

async function prepare(): Promise<{ dir: string; configPath: string; config: Config }> {
  const s = setUp();
  const names = await fillInbox(s.config.inbox, { bad: true });
  copyFileSync(join(s.config.inbox, names[0]!), join(s.config.inbox, 'zz-同一文件再次发送.csv'));
  return s;
}

function rejectedNotes(config: Config): Record<string, string> {
  const dir = join(config.inbox, 'rejected');
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, f.endsWith('.error.txt') ? timeless(readFileSync(join(dir, f), 'utf8')).replaceAll(config.inbox, '<inbox>') : 'file']));
}

function archived(config: Config): string[] {
  return readdirSync(config.archive).flatMap((day) => readdirSync(join(config.archive, day))).sort();
}

let reference: { config: Config; snapshot: Record<string, unknown>; reports: Record<string, string> };

const KILL_POINTS = ['mid-ingest', 'after-commit', 'mid-rules', 'after-findings', 'before-reports', 'after-reports'] as const;

/** The killed run's data folder and, per kill point, a copy of it as the kill left it. */
let killed: { dir: string; copies: Map<string, string>; signal: NodeJS.Signals | null; reached: string[] };

/** Runs pipeline-child.ts in `sequence` mode over `dir`, copying `dir` at every kill point (twice at `twice`). */
async function killedAtEveryPoint(dir: string, configPath: string, twice: string): Promise<typeof killed> {
  const gates = tempDir('relief-recon-gates-');
  const child = spawnScript('pipeline-child.ts', [configPath, 'sequence', gates]);
  const finished = collect(child);
  const copies = new Map<string, string>();
  const reached: string[] = [];
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    child.on('exit', () => reject(new Error(`the child exited before its last kill point; it wrote:\n${seen}`)));
    child.stdout!.on('data', (d: Buffer) => {
      seen += d.toString();
      for (const m of seen.matchAll(/^KILLPOINT (\S+)$/gm)) {
        const point = m[1]!;
        if (reached.includes(point)) continue;
        reached.push(point);
        // The child is frozen: what is on disk now is what a SIGKILL now would leave.
        copies.set(point, cpTo(dir, `${dir}.${point}`));
        if (point === twice) copies.set(`${point}:again`, cpTo(dir, `${dir}.${point}.again`));
        if (point === KILL_POINTS.at(-1)) {
          child.kill('SIGKILL');
          resolve();
        } else writeFileSync(join(gates, point), '');
      }
    });
  });
  return { dir, copies, reached, signal: (await finished).signal };
}

function cpTo(from: string, to: string): string {
  cpSync(from, to, { recursive: true });
  return to;
}

/** Puts the copy taken at `point` back where the killed run's data folder was, and loads its config. */
function restore(point: string): Config {
  rmSync(killed.dir, { recursive: true, force: true });
  renameSync(killed.copies.get(point)!, killed.dir);
  return loadConfig(join(killed.dir, 'relief-recon.yaml'));
}

beforeAll(async () => {
  const { config } = await prepare();
  const r = await runPipeline(config, { trigger: 'manual', log: memoryLog(), worker: false });
  expect(r.outcome).toBe('done');
  reference = { config, snapshot: await snapshot(config), reports: reportTexts(config) };
  const { dir, configPath } = await prepare();
  killed = await killedAtEveryPoint(dir, configPath, 'before-reports');
}, 120_000);

describe('a run killed and started again', () => {
  it('the child reached every kill point in order and died by SIGKILL', () => {
    expect(killed.reached).toEqual([...KILL_POINTS]);
    expect(killed.signal).toBe('SIGKILL');
  });

  it.each([
    ['mid-ingest', 'inside the transaction of a file'],
    ['after-commit', 'after a file committed, before it is listed and moved'],
    ['mid-rules', 'inside the transaction that stores the findings'],
    ['after-findings', 'after the findings are stored, before the run is marked done'],
    ['before-reports', 'after the checks, before the reports'],
    ['after-reports', 'after the reports are written, before the run records them'],
  ])('killed %s (%s) ends as if never interrupted', async (mode) => {
    const config = restore(mode);
    // The killed process left its lock behind; the restart finds it stale and takes it over.
    expect(existsSync(lockPathFor(config))).toBe(true);

    const log = memoryLog();
    const again = await runPipeline(config, { trigger: 'manual', log, worker: false });
    expect(again.outcome).toBe('done');
    expect(again.resumed).toBe(true);
    expect(again.runId).toBe(1);
    expect(log.entries.map((e) => e.event)).toContain('stale-taken-over');

    expect(await snapshot(config)).toEqual(reference.snapshot);
    expect(reportTexts(config)).toEqual(reference.reports);
    expect(inboxFiles(config)).toEqual(['rejected']);
    expect(rejectedNotes(config)).toEqual(rejectedNotes(reference.config));
    expect(archived(config)).toEqual(archived(reference.config));

    const db = await openDatabase(config.database);
    const runs = await db.kysely.selectFrom('runs').select(['id', 'outcome', 'statsJson']).execute();
    await db.close();
    expect(runs.map((r) => [r.id, r.outcome])).toEqual([[1, 'done']]);
    expect(JSON.parse(runs[0]!.statsJson).pipeline.attempts).toBe(2);
  });

  it('a run interrupted on an earlier day is not resumed: it is marked abandoned and its files are still checked', async () => {
    const config = restore('before-reports:again');
    expect(existsSync(lockPathFor(config))).toBe(true);
    // Pretend the killed run started yesterday and never got as far as its checks.
    const db = await openDatabase(config.database);
    const run = await db.kysely.selectFrom('runs').selectAll().executeTakeFirstOrThrow();
    const stats = JSON.parse(run.statsJson);
    stats.pipeline.phase = 'ingest';
    await db.kysely.updateTable('runs').set({ startedAt: '2026-01-01T02:00:00+08:00', outcome: 'running', statsJson: JSON.stringify(stats) }).execute();
    await db.close();

    const again = await runPipeline(config, { trigger: 'manual', log: memoryLog(), worker: false });
    expect(again).toMatchObject({ outcome: 'done', resumed: false, runId: 2 });
    expect(again.files).toEqual([]); // its files were taken in by the abandoned run
    expect(again.scope).toMatchObject({ all: true, periods: [], reconcile: ['2026-11'] }); // ... and are checked now
    const ref = reference.snapshot as { findings: string[] };
    expect(((await snapshot(config)) as { findings: string[] }).findings.map((f) => f.replace(/"firstSeen":\d+/, ''))).toEqual(
      ref.findings.map((f) => f.replace(/"firstSeen":\d+/, '')),
    );
    const check = await openDatabase(config.database);
    expect((await check.kysely.selectFrom('runs').select(['id', 'outcome']).orderBy('id').execute()).map((r) => r.outcome)).toEqual(['abandoned', 'done']);
    expect(await check.kysely.selectFrom('findings').select('runId').where('runId', '=', 1).execute()).toEqual([]);
    await check.close();
  });
});
