/** The SQLite run lock is a file beside the database: stale files (dead process, reboot) are taken over. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { acquireLock, lockPathFor, memoryLog, runPipeline } from '../../src/pipeline/index.ts';
import { setUp, stubWriter } from './helpers.ts';

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid!;
}

describe('the lock file', () => {
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
