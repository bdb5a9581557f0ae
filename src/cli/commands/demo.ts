import { copyFile, mkdir } from 'node:fs/promises';
import { existsSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { generateDataset } from '../../demo/index.ts';
import { DEFAULT_CONFIG_FILE, DEFAULT_CONFIG_TEXT, loadConfig } from '../../config.ts';
import { parsePeriod } from '../../domain/index.ts';
import { EXIT, UserError } from '../../errors.ts';
import { t } from '../../lang.ts';
import { msg } from '../../messages/index.ts';
import { profileFor } from '../../pipeline/index.ts';
import { str, type Command } from '../args.ts';
import { exitCodeOf, printSummary, runWithTerminal } from './run.ts';

export const demoCommand: Command = {
  name: 'demo',
  summaryZh: '主任务演示：生成一个月的样例数据放入收件箱，运行夜间任务并给出报告位置（全新环境可直接运行）',
  summaryEn: 'the main job on sample data: generate a month into the inbox, run the nightly job, print where the reports are (works on a fresh clone)',
  usage: 'relief-recon demo [--seed N] [--period YYYY-MM] [--rows N]',
  helpZh: `没有配置文件时先写入默认配置。生成三个重庆区县一个月的样例数据（名册、银行回盘、工作人员、代领备案、死亡名单、保障标准，
含预埋异常；同一 seed 每次逐字节相同）到 <数据目录>/sample/<月份>/（含标准答案 ground-truth.json），复制到收件箱，
然后运行与 run 相同的夜间任务，最后打印报告的位置。再次运行时文件均为重复，疑点沿用。`,
  helpEn: `Writes the default config when none exists. Generates a month of sample data for three Chongqing districts (rosters, bank
results, staff, proxies, deaths, standards, with planted anomalies; the same seed gives the same bytes) under
<data>/sample/<period>/ (with ground-truth.json), copies it into the inbox, runs the same job as \`run\` and prints where the reports are.
Run again, every file is a duplicate and the findings carry over.`,
  options: { seed: { type: 'string' }, period: { type: 'string', short: 'p' }, rows: { type: 'string' } },
  async run(args, io) {
    const lang = args.lang;
    const configPath = resolve(str(args, 'config') ?? DEFAULT_CONFIG_FILE);
    if (!existsSync(configPath)) {
      writeFileSync(configPath, DEFAULT_CONFIG_TEXT, { mode: 0o600 });
      io.out(msg(lang, 'cli.demo.wroteTheDefaultConfig', { configPath }));
    }
    const config = loadConfig(configPath);
    const seed = Number(str(args, 'seed') ?? 20261128);
    if (!Number.isSafeInteger(seed)) throw new UserError('usage', '--seed 应为整数', '--seed must be an integer', EXIT.badInput);
    const period = parsePeriod(str(args, 'period') ?? '2026-11');
    if (!period) throw new UserError('usage', '--period 不是有效月份（如 2026-11）', '--period is not a month (e.g. 2026-11)', EXIT.badInput);
    const rows = Number(str(args, 'rows') ?? 3000);
    if (!Number.isSafeInteger(rows) || rows < 10) throw new UserError('usage', '--rows 应为不小于 10 的整数', '--rows must be an integer of at least 10', EXIT.badInput);

    const sampleDir = join(dirname(config.inbox), 'sample', period);
    const dataset = await generateDataset({ seed, outDir: sampleDir, period, districts: 3, rosterRows: rows, anomalyRate: 0.02 });
    await mkdir(config.inbox, { recursive: true });
    for (const f of dataset.files) {
      await copyFile(f.path, join(config.inbox, basename(f.path)));
      if (f.options.profile && !profileFor(basename(f.path), config.inboxProfiles)) {
        io.err(
          msg(lang, 'cli.demo.noteIsAHeader', { file: basename(f.path), configPath }),
        );
      }
    }
    io.out(
      t(
        lang,
        `样例数据：${dataset.files.length} 个文件（${dataset.stats.districts.join('、')}，${period}，名册 ${dataset.stats.rosterRows} 人，预埋异常 ${dataset.stats.planted} 处）已放入收件箱 ${config.inbox}；原件与标准答案在 ${sampleDir}`,
        `sample data: ${dataset.files.length} files (${dataset.stats.districts.join(', ')}, ${period}, ${dataset.stats.rosterRows} roster rows, ${dataset.stats.planted} planted anomalies) put in the inbox ${config.inbox}; originals and ground truth in ${sampleDir}`,
      ),
    );

    const result = await runWithTerminal(args, io, config, {});
    printSummary(io, lang, config, result);
    if (result.outcome === 'done') {
      io.out(msg(lang, 'cli.demo.listFindingsNpmRun'));
    }
    return exitCodeOf(result, null);
  },
};
