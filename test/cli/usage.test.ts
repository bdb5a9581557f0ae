/**
 * The command line as an operator meets it, run in-process through main(): filters that can match
 * nothing are refused with the valid values, the option parser's complaints in our own words (both
 * languages), a missing required option named, `generate --quiet` quiet, and a closed pipe ending
 * output without a stack trace.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { terminalIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { tempDir } from '../ingest/helpers.ts';
import { buildFixtureRun, type FixtureRun } from '../report/fixture-run.ts';

let dir: string;
let config: string;
let fx: FixtureRun;

beforeAll(async () => {
  dir = tempDir('cli-usage-');
  fx = await buildFixtureRun(dir, join(dir, 'relief-recon.db'));
  await fx.db.close();
  config = join(dir, 'relief-recon.yaml');
  writeFileSync(config, 'database: relief-recon.db\nreports: reports\n');
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), isTty: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('findings filters', () => {
  it('lists the findings of the latest run, and filters by a district given by name or code', async () => {
    const all = await cli('findings', '--config', config);
    expect(all.code).toBe(0);
    expect(all.out).toMatch(/共 \d+ 条疑点/);
    const byName = await cli('findings', '--config', config, '--district', '渝中区');
    const byCode = await cli('findings', '--config', config, '--district', '500103');
    expect(byName.out).toBe(byCode.out);
    expect(byName.out).toContain('渝中区');
    expect(byName.out).not.toContain('万州区');
  });

  it.each([
    [['--severity', 'urgent'], /--severity "urgent" 不是有效的级别。可用：high、medium、low/],
    [['--status', 'bogus'], /--status "bogus" 不是有效的状态。可用：new、persisting、resolved/],
    [['--rule', 'nosuch'], /--rule "nosuch" 不是有效的规则编号。可用：.*amount-mismatch.*unapproved-payment/],
    [['--district', '不存在区'], /--district "不存在区" 不是重庆市的区县名称或代码。本次运行有疑点的区县：万州区、渝中区/],
    [['--run', 'x'], /--run 应为运行编号/],
  ])('findings %j exits 2 and lists what is valid', async (args, message) => {
    const r = await cli('findings', '--config', config, ...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it('says it in English with --lang en', async () => {
    const r = await cli('findings', '--config', config, '--severity', 'urgent', '--lang', 'en');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--severity "urgent" is not a valid severity. Valid: high, medium, low');
  });
});

describe('usage errors in our own words', () => {
  it('an unknown option: named, with the valid ones, no option-parser English in the Chinese message', async () => {
    const r = await cli('run', '--bogus');
    expect(r.code).toBe(2);
    expect(r.err).toContain('错误：未知选项 --bogus（可用：--config、--lang、--help、--quiet、--all、--fail-on、--wait）。用法：relief-recon run');
    expect(r.err).not.toMatch(/Unknown option|To specify/);
    const en = await cli('run', '--bogus', '--lang', 'en');
    expect(en.err).toContain('error: unknown option --bogus (valid: --config, --lang, --help, --quiet, --all, --fail-on, --wait). Usage: relief-recon run');
  });

  it('an option without its value, and a value given to a switch', async () => {
    expect((await cli('findings', '--config')).err).toContain('错误：选项 --config 缺少取值');
    expect((await cli('findings', '--rule', '--lang', 'en')).err).toContain('error: option --rule needs a value');
    expect((await cli('run', '--all=yes')).err).toContain('错误：选项 --all 不带取值');
  });

  it('mark without --reviewer names the missing option', async () => {
    const r = await cli('mark', 'abc123', '--as', 'fixed', '--config', config);
    expect(r.code).toBe(2);
    expect(r.err).toContain('缺少--reviewer 审核人姓名');
    const en = await cli('mark', '--as', 'fixed', '--lang', 'en');
    expect(en.err).toContain('Missing the finding id, --reviewer NAME');
  });
});

describe('quiet and pipes', () => {
  it('generate --quiet prints nothing and still writes the files', async () => {
    const out = join(dir, 'generated');
    const r = await cli('generate', '--out', out, '--rows', '40', '--districts', '1', '--quiet');
    expect(r).toEqual({ code: 0, out: '', err: '' });
    const loud = await cli('generate', '--out', join(dir, 'generated-2'), '--rows', '40', '--districts', '1');
    expect(loud.out).toContain('ground-truth.json');
  });

  it('findings | head: a closed pipe ends the output quietly, with the command’s own exit code', async () => {
    let writes = 0;
    const epipe = () => Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    // A reader that takes one line and goes away, as head -1 does.
    const stdout = new Writable({ write: (_c, _e, cb) => (writes++ ? cb(epipe()) : cb()) });
    const errs: string[] = [];
    const stderr = new Writable({ write: (c: Buffer, _e, cb) => (errs.push(c.toString()), cb()) });
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      const code = await main(['findings', '--config', config], terminalIo(stdout, stderr));
      await new Promise((r) => setImmediate(r));
      expect(code).toBe(0);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
    expect(errs).toEqual([]);
    expect(writes).toBeGreaterThan(1);
  });
});
