import { join } from 'node:path';
import { loadConfig, type Config } from '../../config.ts';
import type { InputKind } from '../../db/index.ts';
import { formatYuan } from '../../domain/index.ts';
import { EXIT, UserError } from '../../errors.ts';
import { kindZh } from '../../ingest/index.ts';
import { t, type Lang } from '../../lang.ts';
import { msg } from '../../messages/index.ts';
import {
  REJECTED_DIR, runPipeline, silentProgress, stopOnSignals, terminalProgress,
  type FileEntry, type PipelineOptions, type PipelineResult, type Progress,
} from '../../pipeline/index.ts';
import { RULES, SEVERITY_RANK, type Severity } from '../../rules/index.ts';
import { str, type Command, type Io, type ParsedArgs } from '../args.ts';

const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low'];

export function parseFailOn(args: ParsedArgs): Severity | null {
  const v = str(args, 'fail-on');
  if (v === undefined) return null;
  if (!SEVERITIES.includes(v as Severity)) throw new UserError('usage', '--fail-on 只能是 high、medium 或 low', '--fail-on must be high, medium or low', EXIT.badInput);
  return v as Severity;
}

/** Bars on stderr only when it is a terminal and the operator did not ask for quiet. */
export function progressFor(args: ParsedArgs): Progress {
  return args.values.quiet !== true && process.stderr.isTTY ? terminalProgress(process.stderr, args.lang) : silentProgress;
}

export function fileLine(lang: Lang, f: FileEntry): string {
  const kind = f.kind ? (lang === 'en' ? f.kind : kindZh(f.kind as InputKind)) : '';
  switch (f.status) {
    case 'ingested': {
      // Only rosters and bank files carry money; a staff list's "total" would be a meaningless 0.00.
      const money = f.kind === 'roster' || f.kind === 'bank';
      return t(
        lang,
        `  入库  ${f.fileName}：${kind}，接收 ${f.rowsAccepted} 行，拒收 ${f.rowsRejected} 行${money ? `，合计 ${formatYuan(f.totalFen)} 元` : ''}${f.supersedes.length ? `，替代先前文件 ${f.supersedes.length} 个` : ''}`,
        `  stored     ${f.fileName}: ${kind}, ${f.rowsAccepted} rows accepted, ${f.rowsRejected} rejected${money ? `, total ${formatYuan(f.totalFen)}` : ''}${f.supersedes.length ? `, supersedes ${f.supersedes.length} earlier file(s)` : ''}`,
      );
    }
    case 'duplicate':
      return msg(lang, 'cli.run.duplicateTheSameBytes', { fileName: f.fileName });
    case 'refused':
      return t(lang, `  拒收  ${f.fileName}：${f.refusal?.zh ?? ''}`, `  refused    ${f.fileName}: ${f.refusal?.en ?? ''}`);
  }
}

/** The lines every run ends with (even with --quiet): outcome, files, findings, where the reports are. */
export function printSummary(io: Io, lang: Lang, config: Config, r: PipelineResult): void {
  const n = (s: FileEntry['status']) => r.files.filter((f) => f.status === s).length;
  const secs = (r.ms / 1000).toFixed(1);
  const outcome = { done: msg(lang, 'cli.run.done'), interrupted: msg(lang, 'cli.run.interrupted'), failed: msg(lang, 'cli.run.failed') }[r.outcome];
  io.out(t(lang, `第 ${r.runId} 次运行${r.resumed ? '（续上次中断的运行）' : ''}${outcome}，用时 ${secs} 秒`, `run ${r.runId}${r.resumed ? ' (resumed)' : ''} ${outcome} in ${secs} s`));
  io.out(
    t(
      lang,
      `文件：入库 ${n('ingested')}，重复 ${n('duplicate')}，拒收 ${n('refused')}${n('refused') ? `（已移到 ${join(config.inbox, REJECTED_DIR)}，旁附 .error.txt 说明）` : ''}`,
      `files: ${n('ingested')} stored, ${n('duplicate')} duplicate, ${n('refused')} refused${n('refused') ? ` (moved to ${join(config.inbox, REJECTED_DIR)} with a .error.txt note)` : ''}`,
    ),
  );
  for (const e of r.fileErrors) io.out(msg(lang, 'cli.run.couldNotHandleLeft', { fileName: e.fileName, message: e.message }));
  if (r.scope) {
    const periods = r.scope.all ? msg(lang, 'cli.run.everyPeriod') : r.scope.periods.join('、') || msg(lang, 'cli.run.nothingNewFindingsCarried');
    io.out(msg(lang, 'cli.run.checked', { periods }));
    if (r.scope.unchangedReferences?.includes('proxy')) io.out(msg(lang, 'cli.run.proxyRegistryUnchanged'));
  }
  for (const o of r.rules) {
    const title = RULES[o.rule]?.title ?? o.meta?.title ?? o.rule;
    if (o.state === 'cannot-run') io.out(t(lang, `  规则未运行 ${o.rule}（${title}）：${o.zh}`, `  rule not run ${o.rule}: ${o.en}`));
    if (o.state === 'failed') io.out(t(lang, `  规则运行失败 ${o.rule}（${title}）：${o.error}`, `  rule failed ${o.rule}: ${o.error}`));
  }
  if (r.lifecycle) {
    io.out(
      t(
        lang,
        `疑点：新增 ${r.lifecycle.new}，持续 ${r.lifecycle.persisting}，已消除 ${r.lifecycle.resolved}${r.lifecycle.carried ? `，未核对月份沿用 ${r.lifecycle.carried}` : ''}；未结 高 ${r.open.high}、中 ${r.open.medium}、低 ${r.open.low}`,
        `findings: ${r.lifecycle.new} new, ${r.lifecycle.persisting} persisting, ${r.lifecycle.resolved} resolved${r.lifecycle.carried ? `, ${r.lifecycle.carried} carried from unchecked periods` : ''}; open high ${r.open.high}, medium ${r.open.medium}, low ${r.open.low}`,
      ),
    );
  }
  if (r.reports) {
    io.out(msg(lang, 'cli.run.reports', { dir: r.reports.dir }));
    for (const f of r.reports.files) io.out(`  ${f}`);
  }
  if (r.error) io.err(t(lang, `错误：${r.error.zh}`, `error: ${r.error.en}`));
  if (r.outcome === 'interrupted') io.err(msg(lang, 'cli.run.theRunStoppedAt'));
}

/** 1 the run failed (or stopped), 2 a file was refused, 3 open findings reach --fail-on, else 0. */
export function exitCodeOf(r: PipelineResult, failOn: Severity | null): number {
  if (r.outcome !== 'done' || r.fileErrors.length || r.rules.some((o) => o.state === 'failed')) return EXIT.runFailed;
  if (r.files.some((f) => f.status === 'refused')) return EXIT.badInput;
  if (failOn && SEVERITIES.some((s) => SEVERITY_RANK[s] >= SEVERITY_RANK[failOn] && r.open[s] > 0)) return EXIT.findingsAtThreshold;
  return EXIT.ok;
}

/** Runs the pipeline with the terminal's manners: progress, a line per file, Ctrl-C handled. */
export async function runWithTerminal(args: ParsedArgs, io: Io, config: Config, opts: Pick<PipelineOptions, 'all' | 'wait'>): Promise<PipelineResult> {
  const lang = args.lang;
  const quiet = args.values.quiet === true;
  const progress = progressFor(args);
  const stop = stopOnSignals({
    onStop: () =>
      progress.above(() =>
        io.err(msg(lang, 'cli.run.stopRequestedStoppingAt')),
      ),
  });
  try {
    return await runPipeline(config, {
      trigger: 'manual',
      ...opts,
      signal: stop.signal,
      progress,
      onFile: quiet ? undefined : (f) => progress.above(() => io.out(fileLine(lang, f))),
      onNotice: (n) => progress.above(() => io.err(t(lang, n.zh, n.en))),
    });
  } finally {
    stop.dispose();
  }
}

export const runCommand: Command = {
  name: 'run',
  summaryZh: '立即运行夜间任务：导入收件箱的文件、核对、运行规则、写报告',
  summaryEn: 'run the nightly job now: ingest the inbox, reconcile, run the rules, write the reports',
  usage: 'relief-recon run [--all] [--fail-on high|medium|low] [--wait] [--quiet]',
  helpZh: `依次处理收件箱（配置项 inbox）中的每个文件：入库的和重复的移入归档，被拒收的移到 rejected/ 并附 .error.txt 说明；
然后核对新文件涉及的月份，与上次运行比较，写报告。同一时间只允许一个运行；中断后再次运行会从中断处继续。
  --all                 重新核对所有月份（不只是新文件涉及的月份）
  --fail-on LEVEL       未结疑点达到该级别（high / medium / low）时退出码为 3，便于监控告警
  --wait                已有运行在进行时排队等待，而不是退出
退出码：0 完成；1 运行失败或被中断，或已有运行在进行；2 有文件被拒收；3 见 --fail-on。`,
  helpEn: `Takes every file in the inbox (config: inbox): stored and duplicate files go to the archive, refused ones to rejected/
with a .error.txt note; then checks the periods the new files touch, compares with the previous run and writes the reports.
One run at a time; a run stopped part-way continues where it stopped when run again.
  --all                 re-check every period, not only those the new files touch
  --fail-on LEVEL       exit 3 when open findings reach LEVEL (high / medium / low), for monitoring
  --wait                wait for a run in progress instead of exiting
Exit codes: 0 done; 1 the run failed or was stopped, or another run is in progress; 2 a file was refused; 3 see --fail-on.`,
  options: { all: { type: 'boolean' }, 'fail-on': { type: 'string' }, wait: { type: 'boolean' } },
  async run(args, io) {
    const failOn = parseFailOn(args);
    const config = loadConfig(str(args, 'config'));
    const result = await runWithTerminal(args, io, config, { all: args.values.all === true, wait: args.values.wait === true });
    printSummary(io, args.lang, config, result);
    const code = exitCodeOf(result, failOn);
    if (code === EXIT.findingsAtThreshold) {
      io.err(msg(args.lang, 'cli.run.openFindingsReachFail', { failOn }));
    }
    return code;
  },
};
