import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.ts';
import { acquireLock, LockHeldError, lockPathFor, memoryLog, runPipeline } from '../../src/pipeline/index.ts';
import { spawnCli, collect, fillInbox, setUp, spawnScript, stubWriter, waitForOutput } from './helpers.ts';

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid!;
}

describe('one run at a time', () => {
  it('lets exactly one of two runs started together proceed; the other exits 1 naming the holder', async () => {
    const { dir, configPath, config } = setUp();
    await fillInbox(config.inbox);
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
  });

  it('run --wait queues behind the run in progress, then runs (never alongside)', async () => {
    const { dir, configPath, config } = setUp();
    await fillInbox(config.inbox);
    const gate = join(dir, 'gate');
    const first = spawnScript('pipeline-child.ts', [configPath, 'gate', gate]);
    const firstDone = collect(first);
    await waitForOutput(first, 'AT-GATE');
    const lock = JSON.parse(readFileSync(lockPathFor(config), 'utf8'));
    expect(lock).toMatchObject({ pid: first.pid, host: hostname() });
    expect(lock.startedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);

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
  });

  it('refuses a second run in the same process while the first holds the lock', async () => {
    const { config } = setUp();
    const lock = await acquireLock(lockPathFor(config));
    await expect(runPipeline(config, { trigger: 'manual', log: memoryLog(), writeReports: stubWriter })).rejects.toThrow(LockHeldError);
    await lock.release();
    const r = await runPipeline(config, { trigger: 'manual', log: memoryLog(), writeReports: stubWriter });
    expect(r.outcome).toBe('done');
  });

  it('takes over a lock left by a process that is gone, with a log line', async () => {
    const { config } = setUp();
    const pid = deadPid();
    writeFileSync(lockPathFor(config), JSON.stringify({ pid, host: hostname(), bootId: null, startedAt: '2026-11-27T02:00:00+08:00', token: 'old' }));
    const log = memoryLog();
    const notices: string[] = [];
    const r = await runPipeline(config, { trigger: 'schedule', log, writeReports: stubWriter, onNotice: (n) => notices.push(n.zh) });
    expect(r.outcome).toBe('done');
    expect(log.entries).toContainEqual(expect.objectContaining({ stage: 'lock', event: 'stale-taken-over', counts: { holderPid: pid } }));
    expect(notices[0]).toContain(`进程 ${pid}`);
    expect(existsSync(lockPathFor(config))).toBe(false);
  });

  it('treats a lock from before a reboot, or naming this very process, as stale', async () => {
    const { config } = setUp();
    const path = lockPathFor(config);
    writeFileSync(path, JSON.stringify({ pid: 1, host: hostname(), bootId: 'another-boot', startedAt: '2026-11-27T02:00:00+08:00', token: 'x' }));
    const bootId = existsSync('/proc/sys/kernel/random/boot_id');
    if (bootId) await (await acquireLock(path)).release();
    writeFileSync(path, JSON.stringify({ pid: process.pid, host: hostname(), bootId: null, startedAt: '2026-11-27T02:00:00+08:00', token: 'not-ours' }));
    const lock = await acquireLock(path);
    expect(JSON.parse(readFileSync(path, 'utf8')).token).toBe(lock.holder.token);
    await lock.release();
    expect(existsSync(path)).toBe(false);
  });
});
