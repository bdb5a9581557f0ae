import { existsSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandArgs } from '../../src/cli/args.ts';
import { reportCommand } from '../../src/cli/commands/report.ts';
import { UserError } from '../../src/errors.ts';
import { tempDir } from '../ingest/helpers.ts';
import { buildFixtureRun } from './fixture-run.ts';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), isTty: false }, out, err };
}

describe('relief-recon report', () => {
  it('writes the reports of the latest run into the config’s reports folder, or of --run N into --out', async () => {
    const dir = tempDir('report-cli-');
    const fx = await buildFixtureRun(dir, join(dir, 'relief-recon.db'));
    await fx.db.close();
    const config = join(dir, 'relief-recon.yaml');
    writeFileSync(config, 'database: relief-recon.db\nreports: reports\n');

    const a = io();
    expect(await reportCommand.run(parseCommandArgs(reportCommand, ['--config', config]), a.io)).toBe(0);
    const day = join(dir, 'reports', '2026-11-28', `run-${fx.runId}`);
    for (const f of ['异常预警报告.xlsx', '异常预警报告.html', 'findings.json', 'findings.csv']) expect(existsSync(join(day, f))).toBe(true);
    expect(statSync(join(day, 'findings.csv')).mode & 0o777).toBe(0o600);
    // The day's latest and the newest overall are reachable by stable paths.
    expect(readlinkSync(join(dir, 'reports', '2026-11-28', 'latest'))).toBe(`run-${fx.runId}`);
    expect(readFileSync(join(dir, 'reports', 'latest', '异常预警报告.html'), 'utf8')).toBe(readFileSync(join(day, '异常预警报告.html'), 'utf8'));

    // Re-writing an older run's reports does not move "latest" back, nor touch the newer run's files.
    const older = io();
    expect(await reportCommand.run(parseCommandArgs(reportCommand, ['--config', config, '--run', String(fx.firstRunId)]), older.io)).toBe(0);
    expect(readlinkSync(join(dir, 'reports', 'latest'))).toBe(join('2026-11-28', `run-${fx.runId}`));
    expect(existsSync(join(dir, 'reports', '2026-11-27', `run-${fx.firstRunId}`, '异常预警报告.html'))).toBe(true);
    expect(a.out[0]).toContain(`第 ${fx.runId} 次运行`);

    const b = io();
    const out = join(dir, 'elsewhere');
    expect(await reportCommand.run(parseCommandArgs(reportCommand, ['--config', config, '--run', String(fx.firstRunId), '--out', out, '--lang', 'en', '--unmask']), b.io)).toBe(0);
    expect(existsSync(join(out, '2026-11-27', `run-${fx.firstRunId}`, 'exceptions.html'))).toBe(true);
    expect(b.err.join('\n')).toMatch(/whole ID/);

    await expect(reportCommand.run(parseCommandArgs(reportCommand, ['--config', config, '--run', '99']), io().io)).rejects.toBeInstanceOf(UserError);
    await expect(reportCommand.run(parseCommandArgs(reportCommand, ['--config', config, '--run', 'x']), io().io)).rejects.toThrow(/--run/);
  });
});
