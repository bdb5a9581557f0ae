import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../src/cli/commands/run.ts';
import { terminalProgress, type PipelineResult } from '../../src/pipeline/index.ts';
import { fitWidth } from '../../src/pipeline/progress.ts';
import { main } from '../../src/cli/main.ts';
import { fillInbox, setUp } from './helpers.ts';

/** The command line in-process, as cli.ts calls it (the exit code is what main returns). */
async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), isTty: false });
  return { code, stdout: out.map((l) => `${l}\n`).join(''), stderr: err.map((l) => `${l}\n`).join('') };
}

function result(over: Partial<PipelineResult> = {}): PipelineResult {
  return {
    runId: 1, outcome: 'done', resumed: false, files: [], fileErrors: [], scope: null, rules: [], lifecycle: null,
    open: { high: 0, medium: 0, low: 0 }, reports: null, error: null, ms: 1, ...over,
  };
}

const refused = {
  fileName: 'x.xls', status: 'refused' as const, kind: null, rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, totalFen: 0,
  refusal: { code: 'legacy-xls', zh: '', en: '' }, fileId: null, sha256: 'a', movedTo: null, supersedes: [],
};

describe('exit codes', () => {
  it('0 done, 1 failed or stopped, 2 a refused file, 3 open findings at --fail-on', () => {
    expect(exitCodeOf(result(), null)).toBe(0);
    expect(exitCodeOf(result({ outcome: 'failed' }), null)).toBe(1);
    expect(exitCodeOf(result({ outcome: 'interrupted' }), null)).toBe(1);
    expect(exitCodeOf(result({ fileErrors: [{ fileName: 'a', code: 'EIO', message: '' }] }), null)).toBe(1);
    expect(exitCodeOf(result({ rules: [{ rule: 'x', state: 'failed', error: 'boom' } as never] }), null)).toBe(1);
    expect(exitCodeOf(result({ files: [refused] }), null)).toBe(2);
    const open = { high: 0, medium: 2, low: 5 };
    expect(exitCodeOf(result({ open }), 'high')).toBe(0);
    expect(exitCodeOf(result({ open }), 'medium')).toBe(3);
    expect(exitCodeOf(result({ open }), 'low')).toBe(3);
    expect(exitCodeOf(result({ open: { high: 1, medium: 0, low: 0 } }), 'low')).toBe(3);
    // The more urgent problem wins: a failed run over a refused file over findings.
    expect(exitCodeOf(result({ files: [refused], open }), 'low')).toBe(2);
    expect(exitCodeOf(result({ outcome: 'failed', files: [refused], open }), 'low')).toBe(1);
  });

  it('run --fail-on high exits 3 when high findings are open, quietly when asked and not on a terminal', async () => {
    const { configPath, config } = setUp();
    await fillInbox(config.inbox);
    const r = await cli(['run', '--config', configPath, '--fail-on', 'high', '--quiet']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('未结疑点达到 --fail-on high 的级别（退出码 3）');
    // --quiet: no line per file, no progress; the summary and the report paths remain.
    expect(r.stdout).not.toContain('入库  ');
    expect(r.stderr).not.toContain('\r');
    expect(r.stdout).toMatch(/未结 高 [1-9]\d*/);
    expect(r.stdout).toContain(`报告：${config.reports}`);

    // Nothing new the second time; the open findings are carried, so it still fails on them.
    const again = await cli(['run', '--config', configPath, '--fail-on', 'high']);
    expect(again.code).toBe(3);
    expect(again.stdout).toContain('无新数据（沿用上次结果）');
  });

  it('run exits 2 on a bad --fail-on and when a file in the inbox was refused', async () => {
    const { configPath, config } = setUp();
    const bad = await cli(['run', '--config', configPath, '--fail-on', 'urgent']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--fail-on 只能是 high、medium 或 low');
    writeFileSync(join(config.inbox, '会议签到表.csv'), '序号,单位,参会人\n1,万州区民政局,张三\n');
    const refusedRun = await cli(['run', '--config', configPath, '--fail-on', 'low']);
    expect(refusedRun.code).toBe(2);
    expect(refusedRun.stdout).toContain('拒收  会议签到表.csv：文件被拒收：无法识别表头');
    expect(refusedRun.stdout).toContain(`拒收 1（已移到 ${join(config.inbox, 'rejected')}，旁附 .error.txt 说明）`);
  });
});

describe('progress on a terminal', () => {
  it('draws files, rows and rows/s on one line, and clears it at the end', () => {
    let out = '';
    let now = 0;
    const p = terminalProgress({ write: (s: string) => (out += s), columns: 200 }, 'zh', () => now);
    p.files(4);
    p.file(0, '万州区名册.xlsx');
    now = 500;
    p.rows(5000);
    now = 1000;
    p.file(1, '代发明细.csv');
    now = 2000;
    p.rows(5000);
    const last = out.split('\r\x1b[K').at(-1)!;
    expect(last).toBe('导入 [█████░░░░░░░░░░░░░░░] 1/4 个文件 · 10,000 行 · 5,000 行/秒 · 代发明细.csv');
    p.end();
    expect(out.endsWith('\r\x1b[K')).toBe(true);
  });

  it('never wraps: Chinese characters count as two columns', () => {
    expect(fitWidth('导入 [██] 1/4 个文件', 10)).toBe('导入 [██] ');
    expect(fitWidth('abc', 10)).toBe('abc');
  });
});
