/**
 * Every command against a PostgreSQL database named in the config (password from RELIEF_DB_PASSWORD), driven
 * through main() in-process like a user at the terminal: init, validate, ingest, run, check, findings, mark,
 * report, user. (serve and schedule run the same database code: the portal and the pipeline.)
 */
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { DEFAULT_CONFIG_TEXT } from '../../src/config.ts';
import { scratchPostgresUrl } from '../../src/db/index.ts';
import { ROWS, tempDir } from '../ingest/helpers.ts';
import { fillInbox } from '../pipeline/helpers.ts';

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
    const line = findings.out.split('\n').find((l) => l.includes('核定未发放'))!;
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
});
