/**
 * A run killed at any point and started again ends with the same database and the same reports as a
 * run that was never interrupted. Each case kills a child process (SIGKILL: no clean-up of any kind)
 * while it is blocked at a known point, then starts the pipeline again and compares.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.ts';
import { openDatabase } from '../../src/db/index.ts';
import { lockPathFor, memoryLog, runPipeline } from '../../src/pipeline/index.ts';
import { collect, fillInbox, inboxFiles, reportTexts, setUp, snapshot, spawnScript, timeless, waitForOutput } from './helpers.ts';

async function prepare(): Promise<{ configPath: string; config: Config }> {
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

beforeAll(async () => {
  const { config } = await prepare();
  const r = await runPipeline(config, { trigger: 'manual', log: memoryLog(), worker: false });
  expect(r.outcome).toBe('done');
  reference = { config, snapshot: await snapshot(config), reports: reportTexts(config) };
});

describe('a run killed and started again', () => {
  it.each([
    ['mid-ingest', 'inside the transaction of a file'],
    ['after-commit', 'after a file committed, before it is listed and moved'],
    ['mid-rules', 'inside the transaction that stores the findings'],
    ['after-findings', 'after the findings are stored, before the run is marked done'],
    ['before-reports', 'after the checks, before the reports'],
    ['after-reports', 'after the reports are written, before the run records them'],
  ])('killed %s (%s) ends as if never interrupted', async (mode) => {
    const { configPath, config } = await prepare();
    const child = spawnScript('pipeline-child.ts', [configPath, mode]);
    const finished = collect(child);
    await waitForOutput(child, `KILLPOINT ${mode}`);
    child.kill('SIGKILL');
    expect((await finished).signal).toBe('SIGKILL');
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
    const { configPath, config } = await prepare();
    const child = spawnScript('pipeline-child.ts', [configPath, 'before-reports']);
    const finished = collect(child);
    await waitForOutput(child, 'KILLPOINT before-reports');
    child.kill('SIGKILL');
    await finished;
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
