/**
 * `findings --lang en` through main(): a real finding of a real run reads in English — its rule title
 * and its message, with the numbers behind it — and the same finding reads in Chinese without --lang.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { tempDir } from '../ingest/helpers.ts';
import { buildFixtureRun, HOSTILE_FINGERPRINT } from '../report/fixture-run.ts';

let config: string;

beforeAll(async () => {
  const dir = tempDir('cli-findings-en-');
  const fx = await buildFixtureRun(dir, join(dir, 'relief-recon.db'));
  await fx.db.close();
  config = join(dir, 'relief-recon.yaml');
  writeFileSync(config, 'database: relief-recon.db\nreports: reports\n');
});

async function cli(...argv: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: () => {}, isTty: false });
  return { code, out };
}

describe('findings --lang en', () => {
  it('prints English rule titles and messages', async () => {
    const r = await cli('findings', '--config', config, '--lang', 'en');
    expect(r.code).toBe(0);
    const late = r.out.find((l) => l.includes('吴玉梅') && l.includes('Paid after the deadline'));
    expect(late).toMatch(/ 1,234\.50 yuan paid on 2026-11-05, after the deadline 2026-10-28 of the period: 8 days late$/);
    expect(r.out.find((l) => l.startsWith('e6d71df285'))).toMatch(/Paid count differs from approved count .* 3 approved, 2 paid, difference -1 \[false-positive：陈科长\]$/);
    expect(r.out.at(-1)).toBe('16 findings (leads to verify, not verdicts)');
    // The fixture's finding stored as an older version did, with no English, shows its Chinese.
    expect(r.out.find((l) => l.startsWith(HOSTILE_FINGERPRINT.slice(0, 10)))).toContain('不是救助对象本人');
  });

  it('prints the same finding in Chinese without --lang', async () => {
    const r = await cli('findings', '--config', config);
    const late = r.out.find((l) => l.includes('吴玉梅') && l.includes('晚于'));
    expect(late).toMatch(/代发 1,234\.50 元于 2026-11-05 到账，晚于本期发放截止日 2026-10-28，滞后 8 天$/);
    expect(r.out.at(-1)).toBe('共 16 条疑点（疑点是待核实的线索，不是结论）');
  });
});
