import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/index.ts';
import { EXIT, UserError } from '../../errors.ts';
import { formatReceipt, ingestFile, keptParserFor, validateFile } from '../../ingest/index.ts';
import { str, type Command } from '../args.ts';
import { INGEST_HELP_EN, INGEST_HELP_ZH, INGEST_OPTIONS, ingestArgs } from '../options.ts';

/** Files named on the command line; a folder stands for the files directly in it. */
export function expandFiles(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let s;
    try {
      s = statSync(p);
    } catch {
      throw new UserError('no-file', `找不到文件：${p}`, `No such file: ${p}`, EXIT.badInput);
    }
    if (s.isDirectory()) {
      for (const f of readdirSync(p).sort()) if (statSync(join(p, f)).isFile() && !f.startsWith('.')) out.push(join(p, f));
    } else out.push(p);
  }
  if (!out.length) throw new UserError('usage', '请给出要处理的文件', 'Name the files to process', EXIT.badInput);
  return out;
}

export const ingestCommand: Command = {
  name: 'ingest',
  summaryZh: '导入名册、银行回盘、工作人员、代领备案等文件，逐个打印回执',
  summaryEn: 'ingest roster, bank, staff, proxy (and reference) files, printing a receipt per file',
  usage: 'relief-recon ingest [选项] 文件...',
  helpZh: `每个文件一个事务：要么全部入库，要么一行不留。同一文件（SHA-256 相同）再次导入会被跳过。
选项：
${INGEST_HELP_ZH}`,
  helpEn: `One transaction per file: all of its rows or none. The same bytes again are skipped.
Options:
${INGEST_HELP_EN}`,
  options: INGEST_OPTIONS,
  async run(args, io) {
    const config = loadConfig(str(args, 'config'));
    const opts = ingestArgs(args, config);
    const files = expandFiles(args.positionals);
    const db = await openDatabase(config.database);
    let refused = 0;
    const parser = await keptParserFor(files, 'auto');
    try {
      for (const path of files) {
        const receipt = await ingestFile(db, { path, ...opts }, { archiveDir: config.archive, worker: 'auto', parser });
        if (receipt.status === 'refused') refused++;
        io.out(formatReceipt(receipt, args.lang));
      }
    } finally {
      await parser?.close();
      await db.close();
    }
    return refused ? EXIT.badInput : EXIT.ok;
  },
};

export const validateCommand: Command = {
  name: 'validate',
  summaryZh: '只校验文件（银行联络员上传前自查），不入库',
  summaryEn: 'check files without storing anything (for bank liaisons before uploading)',
  usage: 'relief-recon validate [选项] 文件...',
  helpZh: `与 ingest 打印相同的回执，但不写数据库。有文件被拒收时退出码为 2。
选项：
${INGEST_HELP_ZH}`,
  helpEn: `Prints the same receipt as ingest, storing nothing. Exit code 2 when a file is refused.
Options:
${INGEST_HELP_EN}`,
  options: INGEST_OPTIONS,
  async run(args, io) {
    const config = loadConfig(str(args, 'config'));
    const opts = ingestArgs(args, config);
    let refused = 0;
    for (const path of expandFiles(args.positionals)) {
      const receipt = await validateFile({ path, ...opts }, { worker: 'auto' });
      if (receipt.status === 'refused') refused++;
      io.out(formatReceipt(receipt, args.lang));
    }
    return refused ? EXIT.badInput : EXIT.ok;
  },
};
