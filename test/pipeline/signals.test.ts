/**
 * SIGTERM (or Ctrl-C) during a run: the run stops at its next safe point, records itself interrupted,
 * releases the lock, and the next start continues it. The schedule stops firing and exits 0.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.ts';
import { openDatabase } from '../../src/db/index.ts';
import { lockPathFor, logPathFor, memoryLog, runPipeline, silentProgress, stopOnSignals, type Progress } from '../../src/pipeline/index.ts';
import { spawnCli, collect, fillInbox, inboxFiles, setUp, waitForOutput } from './helpers.ts';

/**
 * A bank file big enough that ingesting it takes a noticeable moment (so a signal sent as the first file
 * is in lands while files are still waiting): a batch of transfers the bank could not make (状态 失败),
 * which are stored like any row but pay nobody, so the checks after it cost no more than without it.
 */
function bigBankFile(inbox: string, rows: number): string {
  const lines = ['发放月份,区县,救助类别,户名,身份证号码,银行账号,金额,状态,流水号'];
  for (let i = 0; i < rows; i++) lines.push(`2026-10,万州区,低保,张明华,500101195003150016,62284800${String(i).padStart(11, '0')},770.00,失败,S${i}`);
  const name = 'A_万州区_十月低保代发明细.csv';
  writeFileSync(join(inbox, name), lines.join('\n'));
  return name;
}

async function runs(config: Config) {
  const db = await openDatabase(config.database);
  const rows = await db.kysely.selectFrom('runs').select(['id', 'outcome', 'trigger', 'statsJson']).orderBy('id').execute();
  await db.close();
  return rows;
}

describe('SIGTERM during a run', () => {
  it('run: a SIGTERM during reconciliation is honoured — no rules, no reports, run interrupted; the next start checks again', async () => {
    const { config } = setUp();
    await fillInbox(config.inbox);
    // The signal is sent as the check stage begins: the database work that follows is synchronous, so
    // only a safe point that lets the event loop turn can see it.
    const progress: Progress = { ...silentProgress, stage: (label) => void (label.en.startsWith('reconciling') && process.kill(process.pid, 'SIGTERM')) };
    const stop = stopOnSignals();
    let first;
    try {
      first = await runPipeline(config, { trigger: 'manual', signal: stop.signal, progress, log: memoryLog(), worker: false });
    } finally {
      stop.dispose();
    }
    expect(first).toMatchObject({ runId: 1, outcome: 'interrupted', reports: null, rules: [] });
    const db = await openDatabase(config.database);
    const run = await db.kysely.selectFrom('runs').select(['outcome', 'statsJson']).where('id', '=', 1).executeTakeFirstOrThrow();
    const findings = await db.kysely.selectFrom('findings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await db.close();
    expect(run.outcome).toBe('interrupted');
    expect(JSON.parse(run.statsJson).stoppedAt).toMatch(/^reconcile:/);
    expect(Number(findings.n)).toBe(0);
    expect(existsSync(config.reports) ? readdirSync(config.reports) : []).toEqual([]);

    const again = await runPipeline(config, { trigger: 'manual', log: memoryLog(), worker: false });
    expect(again).toMatchObject({ runId: 1, resumed: true, outcome: 'done' });
    expect(again.rules.filter((r) => r.state === 'ran').length).toBeGreaterThan(10);
    expect(again.open.high + again.open.medium + again.open.low).toBeGreaterThan(0);
    expect(again.reports?.files.length).toBe(4);
  });

  it('run: a stop requested while the rules run stops before the next rule', async () => {
    const { config } = setUp();
    await fillInbox(config.inbox);
    const controller = new AbortController();
    // Stop once the reconciliation is stored, i.e. as the rules begin.
    const openDb = async (url: string) => {
      const db = await openDatabase(url);
      const write = db.write.bind(db);
      db.write = (async (fn: Parameters<typeof write>[0]) => {
        const out = await write(fn);
        // Reconcile's last write stores the batches: the step just before the rules.
        if ((await db.kysely.selectFrom('reconBatches').select('period').limit(1).execute()).length) controller.abort('SIGTERM');
        return out;
      }) as typeof db.write;
      return db;
    };
    const r = await runPipeline(config, { trigger: 'manual', signal: controller.signal, log: memoryLog(), worker: false, openDb });
    expect(r.outcome).toBe('interrupted');
    const db = await openDatabase(config.database);
    const run = await db.kysely.selectFrom('runs').select(['outcome', 'statsJson']).where('id', '=', 1).executeTakeFirstOrThrow();
    await db.close();
    expect(run.outcome).toBe('interrupted');
    expect(JSON.parse(run.statsJson).stoppedAt).toMatch(/^rules/);
  });

  it('run: stops after the file in hand, records the run interrupted, exits 1; the next start finishes it', async () => {
    const { configPath, config } = setUp();
    const all = await fillInbox(config.inbox);
    bigBankFile(config.inbox, 40_000);
    const child = spawnCli(['run', '--config', configPath]);
    const finished = collect(child);
    await waitForOutput(child, '入库');
    child.kill('SIGTERM');
    const r = await finished;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('收到停止信号');
    expect(r.stderr).toContain('再次运行会从中断处继续');
    expect(r.stdout).toContain('第 1 次运行已中断');

    const left = inboxFiles(config);
    expect(left.length).toBeGreaterThan(0);
    expect(left.length).toBeLessThan(all.length + 1);
    expect(existsSync(lockPathFor(config))).toBe(false);
    const [run] = await runs(config);
    expect(run).toMatchObject({ id: 1, outcome: 'interrupted', trigger: 'manual' });
    const handled = JSON.parse(run!.statsJson).files as { fileName: string }[];
    // Every file is either handled (and listed) or still waiting: none half-taken.
    expect([...handled.map((f) => f.fileName), ...left].sort()).toEqual([...all, 'A_万州区_十月低保代发明细.csv'].sort());
    const log = readFileSync(logPathFor(config), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log.map((l) => `${l.stage}:${l.event}`)).toEqual(expect.arrayContaining(['ingest:stopped', 'run:interrupted', 'lock:released']));

    const again = await runPipeline(config, { trigger: 'manual', log: memoryLog(), worker: false });
    expect(again).toMatchObject({ runId: 1, resumed: true, outcome: 'done' });
    expect(inboxFiles(config)).toEqual([]);
    const [done] = await runs(config);
    const stats = JSON.parse(done!.statsJson);
    expect(done!.outcome).toBe('done');
    expect(stats.files.map((f: { fileName: string }) => f.fileName).sort()).toEqual([...all, 'A_万州区_十月低保代发明细.csv'].sort());
    expect(stats.pipeline.attempts).toBe(2);
  });

  it('schedule: stops firing, lets the current run reach a safe point, exits 0', async () => {
    const { configPath, config } = setUp();
    await fillInbox(config.inbox);
    bigBankFile(config.inbox, 40_000);
    const child = spawnCli(['schedule', '--config', configPath, '--cron', '* * * * * *']);
    const finished = collect(child);
    await waitForOutput(child, '运行开始（定时');
    // Wait until the run is really under way: its first file is in.
    const logPath = logPathFor(config);
    const entries = () => (existsSync(logPath) ? readFileSync(logPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { stage: string; event: string; counts?: Record<string, number> }) : []);
    while (!entries().some((e) => e.event === 'file-ingested')) await sleep(10);
    child.kill('SIGTERM');
    const r = await finished;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('正在停止：等待当前运行在安全点结束');
    expect(r.stdout).toContain('第 1 次运行已中断（下次运行继续）');
    expect(r.stdout).toContain('定时任务已停止');
    expect(r.stdout.match(/运行开始（定时/g)).toHaveLength(1);
    expect(existsSync(lockPathFor(config))).toBe(false);
    expect((await runs(config)).map((x) => x.outcome)).toEqual(['interrupted']);
    expect(inboxFiles(config).length).toBeGreaterThan(0);
    expect(entries().at(-1)).toMatchObject({ stage: 'schedule', event: 'stopped', counts: { fired: 1 } });
  });

  it('schedule: a stop while idle exits at once', async () => {
    const { configPath } = setUp();
    const child = spawnCli(['schedule', '--config', configPath]);
    const finished = collect(child);
    await waitForOutput(child, '定时任务已启动：0 2 * * *（Asia/Shanghai）');
    child.kill('SIGINT');
    // Exits by itself (the test's own timeout is the only clock): nothing left to wait for.
    const r = await finished;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('定时任务已停止');
  });
});
