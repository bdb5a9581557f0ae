import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, DEFAULT_CONFIG_TEXT } from '../../src/config.ts';
import { profileFor } from '../../src/pipeline/index.ts';
import { main } from '../../src/cli/main.ts';
import { tempDir } from './helpers.ts';

/** The command line in-process, as cli.ts calls it. */
async function collect(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), isTty: false });
  return { code, stdout: out.map((l) => `${l}\n`).join(''), stderr: err.map((l) => `${l}\n`).join('') };
}

describe('the main job (demo)', () => {
  it('on an empty folder: writes the config, puts a month of sample data in the inbox, runs the job, prints where the reports are', async () => {
    const dir = tempDir();
    const configPath = join(dir, 'relief-recon.yaml');
    const r = await collect(['demo', '--config', configPath, '--rows', '300']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`已写入默认配置：${configPath}`);
    expect(r.stdout).toMatch(/样例数据：18 个文件（万州区、渝中区、酉阳土家族苗族自治县，2026-11/);
    expect(r.stdout).toContain('文件：入库 18，重复 0，拒收 0');
    const reportDir = r.stdout.match(/^报告：(.+)$/m)![1]!;
    const listed = [...r.stdout.matchAll(/^ {2}(\/.+\.(?:xlsx|html|json|csv))$/gm)].map((m) => m[1]!);
    expect(listed.map((f) => f.slice(reportDir.length + 1)).sort()).toEqual(['findings.csv', 'findings.json', '异常预警报告.html', '异常预警报告.xlsx']);
    expect(listed.every((f) => existsSync(f))).toBe(true);
    expect(readdirSync(join(dir, 'data', 'inbox'))).toEqual([]);
    expect(existsSync(join(dir, 'data', 'sample', '2026-11', 'ground-truth.json'))).toBe(true);

    expect(reportDir).toMatch(/\/data\/reports\/\d{4}-\d{2}-\d{2}\/run-1$/);

    // Again: the same bytes are duplicates, the findings carry over, the reports are written again —
    // into the second run's own folder, the first run's left as they were.
    const again = await collect(['demo', '--config', configPath, '--rows', '300', '--quiet']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('文件：入库 0，重复 18，拒收 0');
    expect(again.stdout).toContain(`报告：${reportDir.replace(/run-1$/, 'run-2')}`);
    expect(listed.every((f) => existsSync(f))).toBe(true);
  });
});

describe('inboxProfiles in the config', () => {
  it('names the bank profile of a header-less file by its name, and is checked', () => {
    const config = parseConfig(DEFAULT_CONFIG_TEXT, '/x/relief-recon.yaml', null);
    expect(config.inboxProfiles).toEqual([{ pattern: 'CQRCB_DF_*.txt', profile: 'cq-rcb' }]);
    expect(profileFor('CQRCB_DF_500103_01_20261121.txt', config.inboxProfiles)).toBe('cq-rcb');
    expect(profileFor('cqrcb_df_500103.TXT', config.inboxProfiles)).toBe('cq-rcb');
    expect(profileFor('CQRCB代发回盘_500101.csv', config.inboxProfiles)).toBeNull();
    expect(() => parseConfig(`${DEFAULT_CONFIG_TEXT.replace('"CQRCB_DF_*.txt": cq-rcb', '"X_*.txt": no-such-bank')}`, 'c.yaml', null)).toThrow(/inboxProfiles/);
    expect(() => parseConfig('inboxProfiles: [a, b]\n', 'c.yaml', null)).toThrow(/inboxProfiles/);
    expect(parseConfig('lang: zh\n', 'c.yaml', null).inboxProfiles).toEqual([]);
  });
});
