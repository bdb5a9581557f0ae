/**
 * Every command against a PostgreSQL database named in the config (password from RELIEF_DB_PASSWORD), driven
 * through main() in-process like a user at the terminal: init, validate, ingest, run, check, findings, mark,
 * report, user, notice, evidence, estimate, lists. The two that run until stopped (schedule, serve) and
 * `user add` (which reads the password from standard input) run as the command itself, as a process.
 * (allocate reads a factors file and never opens the database.)
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { DEFAULT_CONFIG_TEXT } from '../../src/config.ts';
import { openDatabase, scratchPostgresUrl } from '../../src/db/index.ts';
import { ROWS, tempDir } from '../ingest/helpers.ts';
import { collect, fillInbox, ROOT, spawnCli, waitForOutput } from '../pipeline/helpers.ts';
import { Client } from '../portal/client.ts';

function terminal() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), isTty: false }, out, err };
}

async function cli(...argv: string[]) {
  const t = terminal();
  const code = await main(argv, t.io);
  return { code, out: t.out.join('\n'), err: t.err.join('\n') };
}

describe('the commands on PostgreSQL', () => {
  it('init, validate, ingest, run, check, findings, mark, report and user all work against a postgres:// database', async () => {
    const dir = tempDir('relief-recon-pg-cli-');
    const url = scratchPostgresUrl();
    const config = join(dir, 'relief-recon.yaml');
    writeFileSync(config, DEFAULT_CONFIG_TEXT.replace(/^database: .*$/m, `database: ${url}`));

    const init = await cli('init', '--config', config);
    expect(init).toMatchObject({ code: 0 });
    expect(init.out).toContain(`数据库就绪：${url}`);

    const roster = join(ROWS, 'roster-wanzhou-dibao-2026-11-three-people.csv');
    const bank = join(ROWS, 'bank-batch-wanzhou-dibao-first-send.csv');
    expect((await cli('validate', '--config', config, bank)).code).toBe(0);
    const ingested = await cli('ingest', '--config', config, roster, bank);
    expect(ingested.code).toBe(0);
    expect((await cli('ingest', '--config', config, roster)).out).toMatch(/已入库|重复|duplicate/);

    const check = await cli('check', '--config', config);
    expect(check.code).toBe(0);
    const findings = await cli('findings', '--config', config, '--lang', 'en');
    expect(findings.code).toBe(0);
    expect(findings.out).toContain('3 findings');
    const line = findings.out.split('\n').find((l) => l.includes('Approved but not paid'))!;
    expect(line).toContain('王建国 500101********035X');
    const fingerprint = /^([0-9a-f]{8,})\s/.exec(line)?.[1];
    expect(fingerprint).toBeDefined();
    expect((await cli('mark', '--config', config, fingerprint!, '--as', 'confirmed', '--reviewer', '张科长', '--note', '已电话核实')).code).toBe(0);

    const inbox = join(dir, 'data', 'inbox');
    await fillInbox(inbox);
    copyFileSync(join(ROWS, 'bank-batch-wanzhou-dibao-resent-corrected.csv'), join(inbox, 'bank-batch-wanzhou-dibao-resent-corrected.csv'));
    const run = await cli('run', '--config', config);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(readdirSync(inbox)).toEqual([]);

    const report = await cli('report', '--config', config);
    expect(report.code).toBe(0);
    const reports = join(dir, 'data', 'reports');
    expect(readdirSync(reports).some((d) => existsSync(join(reports, d, '异常预警报告.xlsx')))).toBe(true);

    const users = await cli('user', 'list', '--config', config, '--lang', 'en');
    expect(users).toMatchObject({ code: 0, out: '0 accounts' });
    expect((await cli('user', 'disable', 'nobody', '--config', config)).code).not.toBe(0);
  });

  it('notice, evidence, estimate and lists read what a run on PostgreSQL stored; mark changes what findings shows', async () => {
    const { dir, config } = await siteWithRun();
    const notice = await cli('notice', '--config', config, '--period', '2026-11');
    expect(notice.code).toBe(0);
    expect(readdirSync(join(dir, 'data', 'reports', '公示')).sort()).toEqual(['公示名单-2026-11.html', '公示名单-2026-11.xlsx']);

    const zip = join(dir, 'evidence.zip');
    const evidence = await cli('evidence', '--config', config, '--run', '1', '--out', zip, '--by', '审计联络员');
    expect(evidence.err).toBe('');
    expect(evidence.out).toMatch(/^第 1 次运行的证据包已写入 .*evidence\.zip（SHA-256 [0-9a-f]{64}）：/);
    expect(evidence.out).toContain('findings.json');
    expect((await cli('evidence', '--config', config, '--run', '99', '--out', zip)).code).toBe(2);

    const estimate = await cli('estimate', '--config', config, '--year', '2027', '--out', join(dir, 'e.xlsx'));
    expect(estimate.err).toBe('');
    expect(estimate.out).toMatch(/^2027 年测算（依据 2026-11 至 2026-11 的名册/);
    expect(existsSync(join(dir, 'e.xlsx'))).toBe(true);
    expect((await cli('estimate', '--config', config, '--year', '2026')).code).toBe(2);

    expect(await cli('lists', '--config', config)).toMatchObject({ code: 0 });

    const before = await cli('findings', '--config', config);
    const line = before.out.split('\n').find((l) => l.includes('核定未发放'))!;
    const first = /^([0-9a-f]{8,})\s/.exec(line)![1]!;
    expect(line).not.toContain('[误报');
    expect((await cli('mark', '--config', config, first, '--as', 'false-positive', '--reviewer', '张科长', '--note', '已核实为误报')).code).toBe(0);
    const after = await cli('findings', '--config', config);
    expect(after.out.split('\n').find((l) => l.startsWith(first))).toMatch(/\[误报：张科长\]$/);
    const db = await openDatabase(readUrl(config));
    try {
      const reviews = await db.kysely.selectFrom('reviews').select(['reviewer', 'note']).execute();
      expect(reviews).toEqual([{ reviewer: '张科长', note: '已核实为误报' }]);
    } finally {
      await db.close();
    }
  });

  it('user add (password on standard input), serve and schedule work against the same PostgreSQL database', async () => {
    const { dir, config } = await siteWithRun();
    const add = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'cli.ts'), 'user', 'add', 'op-li', '--role', 'operator', '--config', config], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const added = collect(add);
    add.stdin!.end('correct-horse-42\n');
    expect(await added).toMatchObject({ code: 0 });
    expect(await cli('user', 'list', '--config', config, '--lang', 'en')).toMatchObject({ code: 0, out: expect.stringContaining('op-li') });

    // serve: the portal signs the operator in from the PostgreSQL users table and lists the run stored there.
    const serve = spawnCli(['serve', '--config', config, '--port', '0']);
    const served = collect(serve);
    try {
      const url = /网页门户已启动：(http:\/\/\S+)（/.exec(await waitForOutput(serve, /网页门户已启动：http:\/\/\S+（/))![1]!;
      const op = new Client(url);
      expect((await op.signIn('op-li', 'correct-horse-42')).status).toBe(303);
      const page = await (await op.request('/operator')).text();
      expect(page).toMatch(/<tr data-run="1"><td>1<\/td><td>[^<]+<\/td><td>手动<\/td><td><span class="badge done">完成<\/span>/);
    } finally {
      serve.kill('SIGTERM');
    }
    expect((await served).code).toBe(0);

    // schedule: fires every second, takes the inbox, records the run in PostgreSQL, stops on SIGTERM.
    const inbox = join(dir, 'data', 'inbox');
    copyFileSync(join(ROWS, 'bank-batch-wanzhou-dibao-resent-corrected.csv'), join(inbox, 'bank-batch-wanzhou-dibao-resent-corrected.csv'));
    const schedule = spawnCli(['schedule', '--config', config, '--cron', '* * * * * *']);
    const scheduled = collect(schedule);
    try {
      await waitForOutput(schedule, /运行结束：第 2 次运行完成/);
    } finally {
      schedule.kill('SIGTERM');
    }
    const s = await scheduled;
    expect(s.code).toBe(0);
    expect(s.stdout).toContain('定时任务已停止');
    expect(readdirSync(inbox).filter((n) => n.endsWith('.csv'))).toEqual([]);
    const db = await openDatabase(readUrl(config));
    try {
      const runs = await db.kysely.selectFrom('runs').select(['id', 'trigger', 'outcome']).orderBy('id').execute();
      expect(runs.slice(0, 2)).toEqual([
        { id: 1, trigger: 'manual', outcome: 'done' },
        { id: 2, trigger: 'schedule', outcome: 'done' },
      ]);
    } finally {
      await db.close();
    }
  }, 180_000); // three commands started as processes
});

/** A site whose config names a fresh PostgreSQL schema, with one run made from the scenario's inbox. */
async function siteWithRun(): Promise<{ dir: string; config: string }> {
  const dir = tempDir('relief-recon-pg-cli-');
  const config = join(dir, 'relief-recon.yaml');
  writeFileSync(config, DEFAULT_CONFIG_TEXT.replace(/^database: .*$/m, `database: ${scratchPostgresUrl()}`));
  await fillInbox(join(dir, 'data', 'inbox'));
  const run = await cli('run', '--config', config);
  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  return { dir, config };
}

function readUrl(config: string): string {
  return /^database: (.*)$/m.exec(readFileSync(config, 'utf8'))![1]!;
}
