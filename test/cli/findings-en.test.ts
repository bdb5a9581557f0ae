/**
 * `findings --lang en` through main(): a real finding of a real run reads in English — its rule title
 * and its message, with the numbers behind it — and the same finding reads in Chinese without --lang.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { tempDir } from '../ingest/helpers.ts';
import { buildFixtureRun, HOSTILE_FINGERPRINT } from '../report/fixture-run.ts';

let config: string;
let dir: string;

beforeAll(async () => {
  dir = tempDir('cli-findings-en-');
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
    // No rule message is left in Chinese: what is Chinese is the data (names, districts, labels). The one
    // exception is the fixture's finding stored as an older version did, with no English: it shows its Chinese.
    for (const line of r.out.filter((l) => !l.startsWith(HOSTILE_FINGERPRINT.slice(0, 10)))) expect(line).not.toMatch(/元|笔|核定|实发|晚于|校验|[（）]/);
    // The standard labels are the words a bank must print, so they stay as written.
    expect(r.out.find((l) => l.startsWith('d070605fb6'))).toMatch(/paid dibao 1,540\.00 yuan \(1 payments\) under the label .* it should be 低保金, 最低生活保障金, 城乡最低生活保障金$/);
    expect(r.out.find((l) => l.includes('Invalid ID number'))).toMatch(/ID number has a wrong check digit, found in 1 rows \(bank detail: 1\)$/);
    expect(r.out.find((l) => l.startsWith(HOSTILE_FINGERPRINT.slice(0, 10)))).toContain('不是救助对象本人');
  });

  it('prints the same finding in Chinese without --lang', async () => {
    const r = await cli('findings', '--config', config);
    const late = r.out.find((l) => l.includes('吴玉梅') && l.includes('晚于'));
    expect(late).toMatch(/代发 1,234\.50 元于 2026-11-05 到账，晚于本期发放截止日 2026-10-28，滞后 8 天$/);
    expect(r.out.at(-1)).toBe('共 16 条疑点（疑点是待核实的线索，不是结论）');
  });

  it('writes the English report with English rule messages', async () => {
    const out = join(dir, 'report-en');
    expect((await cli('report', '--config', config, '--out', out, '--lang', 'en')).code).toBe(0);
    const find = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? find(join(d, e.name)) : [join(d, e.name)]));
    const html = readFileSync(find(out).find((f) => f.endsWith('exceptions.html'))!, 'utf8');
    expect(html).toContain('yuan paid on 2026-11-05, after the deadline 2026-10-28 of the period: 8 days late');
    expect(html).not.toContain('晚于本期发放截止日');
  });
});
