import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, testDialect } from '../../src/db/index.ts';
import { acquireDatabaseLock, acquireLock, LockHeldError, lockPathFor, memoryLog, runPipeline } from '../../src/pipeline/index.ts';
import { spawnCli, collect, setUp, smallInbox, spawnScript, stubWriter, waitForOutput } from './helpers.ts';

/**
 * Runs on both halves of the test matrix: on SQLite the lock is a file beside the database, on PostgreSQL a
 * session advisory lock (what a second host would see). The file's own quirks are in lock-file.test.ts.
 */
const onPostgres = testDialect() === 'postgres';
/** Two or three real processes each start under tsx and finish a run: on a loaded 2-core machine that alone can pass a minute. */
const SPAWNING = 180_000;

describe('one run at a time', () => {
  it('lets exactly one of two runs started together proceed; the other exits 1 naming the holder', async () => {
    const { dir, configPath, config } = setUp();
    smallInbox(config.inbox); // the lock is what is tested, not the data
    const gate = join(dir, 'gate');
    const a = spawnScript('pipeline-child.ts', [configPath, 'gate', gate]);
    const b = spawnScript('pipeline-child.ts', [configPath, 'gate', gate]);
    const done = [collect(a), collect(b)];
    // Whichever holds the lock waits at the gate until the other has given up: they truly overlap.
    const never = new Promise<never>(() => {});
    const atGate = (c: typeof a) => waitForOutput(c, 'AT-GATE').then(() => c, () => never);
    const winner = await Promise.race([atGate(a), atGate(b)]);
    const loser = winner === a ? b : a;
    const lost = await done[loser === a ? 0 : 1]!;
    expect(lost.code).toBe(1);
    expect(lost.stderr).toContain(`另一次运行正在进行（进程 ${winner.pid}`);
    expect(lost.stderr).toContain('--wait');
    writeFileSync(gate, '');
    const won = await done[winner === a ? 0 : 1]!;
    expect(won.code).toBe(0);
    expect(won.stdout).toContain('"outcome":"done"');
    expect(existsSync(lockPathFor(config))).toBe(false);
    const db = await openDatabase(config.database);
    expect(await db.kysely.selectFrom('runs').select(['id', 'outcome']).execute()).toEqual([{ id: 1, outcome: 'done' }]);
    await db.close();
  }, SPAWNING);

  it('run --wait queues behind the run in progress, then runs (never alongside)', async () => {
    const { dir, configPath, config } = setUp();
    smallInbox(config.inbox); // the lock is what is tested, not the data
    const gate = join(dir, 'gate');
    const first = spawnScript('pipeline-child.ts', [configPath, 'gate', gate]);
    const firstDone = collect(first);
    await waitForOutput(first, 'AT-GATE');
    if (!onPostgres) {
      const lock = JSON.parse(readFileSync(lockPathFor(config), 'utf8'));
      expect(lock).toMatchObject({ pid: first.pid, host: hostname() });
      expect(lock.startedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    }

    const second = spawnCli(['run', '--config', configPath, '--wait']);
    const secondDone = collect(second);
    let stderr = '';
    await new Promise<void>((resolve) => {
      second.stderr!.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('等待其结束')) resolve();
      });
    });
    expect(stderr).toContain(`进程 ${first.pid}`);
    writeFileSync(gate, '');
    expect((await firstDone).code).toBe(0);
    const waited = await secondDone;
    expect(waited.code).toBe(0);
    expect(waited.stdout).toContain('第 2 次运行完成');
    const db = await openDatabase(config.database);
    const runs = await db.kysely.selectFrom('runs').selectAll().orderBy('id').execute();
    await db.close();
    expect(runs.map((r) => r.outcome)).toEqual(['done', 'done']);
    expect(runs[1]!.startedAt >= runs[0]!.finishedAt!).toBe(true);
  }, SPAWNING);

  it('refuses a second run in the same process while the first holds the lock', async () => {
    const { config } = setUp();
    const other = onPostgres ? await openDatabase(config.database) : null;
    const lock = other ? await acquireDatabaseLock(other) : await acquireLock(lockPathFor(config));
    const refused = runPipeline(config, { trigger: 'manual', log: memoryLog(), writeReports: stubWriter });
    await expect(refused).rejects.toThrow(LockHeldError);
    await expect(refused).rejects.toMatchObject({ messageZh: expect.stringContaining(`另一次运行正在进行（进程 ${process.pid}`) });
    await lock.release();
    await other?.close();
    const r = await runPipeline(config, { trigger: 'manual', log: memoryLog(), writeReports: stubWriter });
    expect(r.outcome).toBe('done');
  });
});
