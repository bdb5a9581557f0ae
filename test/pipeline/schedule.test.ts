import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/db/index.ts';
import { UserError } from '../../src/errors.ts';
import { lockPathFor, memoryLog, runPipeline, type PipelineResult } from '../../src/pipeline/index.ts';
import { startSchedule, validateSchedule } from '../../src/schedule.ts';
import { fillInbox, inboxFiles, setUp } from './helpers.ts';

function fakeResult(runId: number, outcome: PipelineResult['outcome'] = 'done'): PipelineResult {
  return {
    runId, outcome, resumed: false, files: [], fileErrors: [], scope: null, rules: [], lifecycle: null,
    open: { high: 0, medium: 0, low: 0 }, reports: null, error: null, ms: 1,
  };
}

/** The test's clock: node-cron's timers and Date, driven by the test instead of the wall. */
const fakeClock = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
/** A wait inside a fake run: on the test's clock (the global setTimeout is the faked one). */
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

afterEach(() => {
  vi.useRealTimers();
});

describe('the schedule', () => {
  it('fires at the times the cron expression names, in the configured zone', () => {
    const lines: string[] = [];
    const s = startSchedule({ cron: '0 2 * * *', timezone: 'Asia/Shanghai', run: async () => fakeResult(1), log: memoryLog(), out: (l) => lines.push(l), lang: 'zh' });
    const next = s.nextRun()!;
    // 02:00 in Shanghai is 18:00 UTC of the day before.
    expect([next.getUTCHours(), next.getUTCMinutes(), next.getUTCSeconds()]).toEqual([18, 0, 0]);
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600 * 1000);
    expect(lines[0]).toMatch(/定时任务已启动：0 2 \* \* \*（Asia\/Shanghai），下次运行 \d{4}-\d{2}-\d{2}T02:00:00\+08:00/);
    return s.stop();
  });

  it('never runs two at once: a firing while a run is still going is skipped and logged', async () => {
    fakeClock();
    const log = memoryLog();
    const lines: string[] = [];
    const spans: [number, number][] = [];
    let active = 0;
    let maxActive = 0;
    const s = startSchedule({
      cron: '* * * * * *', // every second
      timezone: 'Asia/Shanghai',
      log,
      lang: 'zh',
      out: (l) => lines.push(l),
      run: async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        const start = Date.now();
        await pause(1500);
        spans.push([start, Date.now()]);
        active--;
        return fakeResult(spans.length);
      },
    });
    // Five seconds on the test's clock: every firing while a run takes 1.5 s.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(spans.length).toBeGreaterThanOrEqual(2);
    const stopping = s.stop();
    await vi.advanceTimersByTimeAsync(2_000);
    await stopping;
    expect(maxActive).toBe(1);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
    expect(log.entries.filter((e) => e.event === 'skipped-still-running').length).toBeGreaterThanOrEqual(1);
    // One line as each run starts and one as it ends.
    const starts = lines.filter((l) => l.includes('运行开始（定时'));
    const ends = lines.filter((l) => l.includes('运行结束：第'));
    expect(starts).toHaveLength(s.fired);
    expect(ends).toHaveLength(spans.length);
    expect(ends[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00 运行结束：第 1 次运行完成；文件 入库 0、重复 0、拒收 0；未结疑点 高 0、中 0、低 0；用时 0\.0 秒$/);
  });

  it('fires the real pipeline: the scheduled run takes the inbox and writes its reports', async () => {
    const { config } = setUp();
    await fillInbox(config.inbox);
    const lines: string[] = [];
    const log = memoryLog();
    let finished!: (r: PipelineResult) => void;
    const result = new Promise<PipelineResult>((resolve) => (finished = resolve));
    // The cron's timer is on the test's clock until it fires; then the pipeline does real work with real I/O.
    fakeClock();
    const s = startSchedule({
      cron: '* * * * * *',
      timezone: config.schedule.timezone,
      log,
      lang: 'zh',
      out: (l) => lines.push(l),
      run: async (signal) => {
        const r = await runPipeline(config, { trigger: 'schedule', wait: true, signal, log, worker: false });
        finished(r);
        return r;
      },
    });
    while (s.fired === 0) await vi.advanceTimersByTimeAsync(100);
    vi.useRealTimers();
    const first = await result;
    await s.stop();
    expect(first).toMatchObject({ outcome: 'done', runId: 1 });
    expect(first.reports!.files.every((f) => existsSync(f))).toBe(true);
    expect(inboxFiles(config)).toEqual([]);
    expect(lines.find((l) => l.includes('运行结束：第 1 次运行完成'))).toContain(`报告：${first.reports!.dir}`);
    const db = await openDatabase(config.database);
    expect(await db.kysely.selectFrom('runs').select(['trigger', 'outcome']).where('id', '=', 1).executeTakeFirst()).toEqual({ trigger: 'schedule', outcome: 'done' });
    await db.close();
    expect(existsSync(lockPathFor(config))).toBe(false);
  });

  it('stops cleanly: no new firings, the current run asked to stop and waited for', async () => {
    fakeClock();
    const lines: string[] = [];
    let sawAbort = false;
    let started = false;
    const s = startSchedule({
      cron: '* * * * * *',
      timezone: 'Asia/Shanghai',
      log: memoryLog(),
      lang: 'zh',
      out: (l) => lines.push(l),
      run: async (signal) => {
        started = true;
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
        sawAbort = true;
        await pause(200); // reaching the safe point
        return fakeResult(7, 'interrupted');
      },
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(started).toBe(true);
    const stopping = s.stop();
    await vi.advanceTimersByTimeAsync(200);
    await stopping;
    expect(sawAbort).toBe(true);
    const fired = s.fired;
    await vi.advanceTimersByTimeAsync(3_000);
    expect(s.fired).toBe(fired);
    expect(lines.some((l) => l.includes('正在停止：等待当前运行在安全点结束'))).toBe(true);
    expect(lines.find((l) => l.includes('运行结束'))).toContain('第 7 次运行已中断（下次运行继续）');
    expect(lines.at(-1)).toContain('定时任务已停止');
  });

  it('says which config key is wrong when the expression or the zone is not valid', () => {
    expect(() => validateSchedule('0 25 * * *', 'Asia/Shanghai')).toThrow(UserError);
    expect(() => validateSchedule('0 25 * * *', 'Asia/Shanghai')).toThrow(/schedule\.cron/);
    expect(() => validateSchedule('0 2 * * *', 'Asia/Chongqing-Old')).toThrow(/schedule\.timezone/);
    // Fails when nothing is thrown (no try/catch that passes either way).
    const error = (() => {
      try {
        validateSchedule('every night', 'Asia/Shanghai');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as UserError).messageZh).toContain('「schedule.cron」');
  });
});
