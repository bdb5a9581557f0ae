import { appendFileSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { todayInShanghai } from '../../src/domain/index.ts';
import { exitCodeOf } from '../../src/cli/commands/run.ts';
import { openDatabase } from '../../src/db/index.ts';
import { memoryLog, runPipeline } from '../../src/pipeline/index.ts';
import { fillInbox, inboxFiles, setUp, smallInbox, stubWriter } from './helpers.ts';

describe('when something other than a file goes wrong', () => {
  it('a file that fails for another reason (disk, bug) stays in the inbox, the others go on, the run exits 1', async () => {
    const { config } = setUp();
    const names = await fillInbox(config.inbox);
    const victim = names[1]!;
    const log = memoryLog();
    const r = await runPipeline(config, {
      trigger: 'manual', log, writeReports: stubWriter, worker: false, batchSize: 20,
      hooks: { afterBatch: (f) => { if (f.name === victim) throw new Error('disk I/O error (simulated)'); } },
    });
    expect(r.outcome).toBe('done');
    expect(r.fileErrors).toEqual([{ fileName: victim, code: 'Error', message: 'disk I/O error (simulated)' }]);
    expect(r.files.map((f) => f.fileName)).toEqual(names.filter((n) => n !== victim));
    expect(inboxFiles(config)).toEqual([victim]);
    expect(exitCodeOf(r, null)).toBe(1);
    expect(log.entries).toContainEqual(expect.objectContaining({ event: 'file-error', counts: { fileError: 0 }, code: 'Error' }));
    // Next night it is simply tried again.
    const next = await runPipeline(config, { trigger: 'schedule', log: memoryLog(), writeReports: stubWriter, worker: false });
    expect(next.files.map((f) => [f.fileName, f.status])).toEqual([[victim, 'ingested']]);
    expect(inboxFiles(config)).toEqual([]);
  });

  it('a file written to while it is read is stored as read but stays in the inbox, and is taken again the next night', async () => {
    const { config } = setUp();
    const [roster, bank] = smallInbox(config.inbox);
    const log = memoryLog();
    let appended = false;
    const r = await runPipeline(config, {
      trigger: 'manual', log, writeReports: stubWriter, worker: false, batchSize: 1,
      hooks: {
        // The bank's upload tool is still writing: one more row lands after the first was read.
        afterBatch: (f) => {
          if (f.name !== bank || appended) return;
          appended = true;
          appendFileSync(f.path, '\n');
        },
      },
    });
    expect(appended).toBe(true);
    const entry = r.files.find((f) => f.fileName === bank)!;
    expect(entry).toMatchObject({ status: 'ingested', movedTo: null });
    expect(r.files.find((f) => f.fileName === roster)!.movedTo).not.toBeNull();
    expect(inboxFiles(config)).toEqual([bank]);
    expect(log.entries).toContainEqual(expect.objectContaining({ stage: 'ingest', event: 'file-changed-while-read', counts: expect.objectContaining({ file: r.files.indexOf(entry) }) }));
    // The next night reads what is there now (a new hash): stored again, replacing the batch read half-written.
    const next = await runPipeline(config, { trigger: 'schedule', log: memoryLog(), writeReports: stubWriter, worker: false });
    expect(next.files.map((f) => [f.fileName, f.status, f.supersedes])).toEqual([[bank, 'ingested', [entry.fileId]]]);
    expect(inboxFiles(config)).toEqual([]);
  });

  it('reports that cannot be written leave the checks standing; the next start writes them for the same run', async () => {
    const { config } = setUp();
    await fillInbox(config.inbox);
    const failed = await runPipeline(config, {
      trigger: 'manual', log: memoryLog(), worker: false,
      writeReports: async () => { throw new Error('ENOSPC: no space left on device'); },
    });
    expect(failed.outcome).toBe('failed');
    expect(failed.error?.zh).toContain('报告写入失败：ENOSPC');
    expect(failed.lifecycle!.new).toBeGreaterThan(0);
    expect(exitCodeOf(failed, null)).toBe(1);
    const again = await runPipeline(config, { trigger: 'manual', log: memoryLog(), writeReports: stubWriter, worker: false });
    expect(again).toMatchObject({ runId: failed.runId, resumed: true, outcome: 'done', files: failed.files });
    expect(again.reports!.files).toHaveLength(1);
    expect(again.open).toEqual(failed.open);
    const db = await openDatabase(config.database);
    const runs = await db.kysely.selectFrom('runs').select(['id', 'outcome', 'statsJson']).execute();
    await db.close();
    expect(runs).toHaveLength(1);
    const stats = JSON.parse(runs[0]!.statsJson);
    expect(stats.reportError).toBeUndefined();
    expect(stats.pipeline.phase).toBe('done');
  });

  it('a report write killed part-way leaves no .part behind once the run is resumed; a second run that day gets its own folder', async () => {
    const { config } = setUp();
    await fillInbox(config.inbox);
    const day = todayInShanghai();
    const runDir = join(config.reports, day, 'run-1');
    // What kill -9 during the Excel write leaves: a half-written temporary beside the final name.
    const killed = await runPipeline(config, {
      trigger: 'manual', log: memoryLog(), worker: false,
      writeReports: async () => {
        mkdirSync(runDir, { recursive: true });
        writeFileSync(join(runDir, '异常预警报告.xlsx.0a1b2c3d.part'), 'PK half a workbook');
        throw new Error('killed');
      },
    });
    expect(killed.outcome).toBe('failed');
    const resumed = await runPipeline(config, { trigger: 'manual', log: memoryLog(), worker: false });
    expect(resumed).toMatchObject({ runId: 1, resumed: true, outcome: 'done' });
    expect(readdirSync(runDir).sort()).toEqual(['findings.csv', 'findings.json', '异常预警报告.html', '异常预警报告.xlsx']);

    // A manual re-run the same day: the nightly report stays where the supervisor found it.
    const nightly = readFileSync(join(runDir, '异常预警报告.html'), 'utf8');
    const rerun = await runPipeline(config, { trigger: 'manual', log: memoryLog(), worker: false });
    expect(rerun).toMatchObject({ runId: 2, outcome: 'done' });
    expect(rerun.reports!.dir).toBe(join(config.reports, day, 'run-2'));
    expect(readFileSync(join(runDir, '异常预警报告.html'), 'utf8')).toBe(nightly);
    expect(readlinkSync(join(config.reports, day, 'latest'))).toBe('run-2');
    expect(readdirSync(join(config.reports, 'latest')).sort()).toEqual(['findings.csv', 'findings.json', '异常预警报告.html', '异常预警报告.xlsx']);
  });
});
