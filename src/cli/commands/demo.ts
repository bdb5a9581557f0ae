import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateDataset } from '../../../fixtures/generator/index.ts';
import { DEFAULT_CONFIG_FILE, DEFAULT_CONFIG_TEXT, loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/index.ts';
import { EXIT, UserError } from '../../errors.ts';
import { formatReceipt, ingestFile } from '../../ingest/index.ts';
import { t } from '../../lang.ts';
import { str, type Command } from '../args.ts';

export const demoCommand: Command = {
  name: 'demo',
  summaryZh: '主任务演示：生成一个月的样例数据并导入（全新环境可直接运行）',
  summaryEn: 'the main job on sample data: generate a month of data and ingest it (works on a fresh clone)',
  usage: 'relief-recon demo [--seed N] [--period YYYY-MM]',
  helpZh: '没有配置文件时先写入默认配置；样例数据写入 <inbox>/../sample（同一 seed 每次相同），再逐个导入并打印回执。',
  helpEn: 'Writes the default config when none exists; sample files go to <inbox>/../sample (same seed, same bytes), then each is ingested with its receipt.',
  options: { seed: { type: 'string' }, period: { type: 'string', short: 'p' } },
  async run(args, io) {
    const configPath = resolve(str(args, 'config') ?? DEFAULT_CONFIG_FILE);
    if (!existsSync(configPath)) writeFileSync(configPath, DEFAULT_CONFIG_TEXT, { mode: 0o600 });
    const config = loadConfig(configPath);
    const sampleDir = join(config.inbox, '..', 'sample');
    mkdirSync(sampleDir, { recursive: true });
    const seed = Number(str(args, 'seed') ?? 20261128);
    if (!Number.isSafeInteger(seed)) throw new UserError('usage', '--seed 应为整数', '--seed must be an integer', EXIT.badInput);
    const dataset = await generateDataset({ seed, outDir: sampleDir, period: str(args, 'period') ?? '2026-11', districts: 3, rosterRows: 3000, anomalyRate: 0.02 });
    io.out(t(args.lang, `样例数据：${sampleDir}（${dataset.files.length} 个文件）`, `sample data: ${sampleDir} (${dataset.files.length} files)`));
    const db = await openDatabase(config.database);
    let accepted = 0;
    let rejected = 0;
    let refused = 0;
    try {
      for (const f of dataset.files) {
        const profile = f.options.profile ? config.bankProfiles[f.options.profile] : undefined;
        const receipt = await ingestFile(
          db,
          { path: f.path, kind: f.kind, period: f.options.period, district: f.options.district, program: f.options.program as never, profile },
          { archiveDir: config.archive, worker: 'auto' },
        );
        accepted += receipt.rowsAccepted;
        rejected += receipt.rowsRejected;
        if (receipt.status === 'refused') refused++;
        if (!args.values.quiet) io.out(formatReceipt(receipt, args.lang));
      }
    } finally {
      await db.close();
    }
    io.out(
      t(
        args.lang,
        `完成：接收 ${accepted} 行，拒收 ${rejected} 行，拒收文件 ${refused} 个。数据库：${config.database}`,
        `done: ${accepted} rows accepted, ${rejected} rejected, ${refused} files refused. Database: ${config.database}`,
      ),
    );
    return refused ? EXIT.badInput : EXIT.ok;
  },
};
