import { resolve } from 'node:path';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/index.ts';
import { EXIT, UserError } from '../../errors.ts';
import { buildEvidencePackage } from '../../evidence/index.ts';
import { type Lang } from '../../lang.ts';
import { msg } from '../../messages/index.ts';
import { str, type Command } from '../args.ts';

export const evidenceCommand: Command = {
  name: 'evidence',
  summaryZh: '为审计和第三方评估打包一次运行的证据（报告、疑点、复核记录、配置、规则版本、源文件清单），附 SHA256SUMS',
  summaryEn: 'package the evidence of a run for auditors and assessors (reports, findings, reviews, config, rule versions, source files) with SHA256SUMS',
  usage: 'relief-recon evidence --run N --out 文件.zip [--unmask --reason 用途 [--with-sources]] [--by 姓名]',
  helpZh: `  --run N           运行编号
  --out FILE.zip    输出的证据包
  --unmask          身份证号、账号不打码（须同时写 --reason；记入审计日志）
  --reason TEXT     用途，如「区审计局 2026 年专项审计」
  --with-sources    附带归档的原始文件（原件无法打码，须与 --unmask 同用）
  --by NAME         经办人（默认：当前系统用户），记入审计日志
解压后在包目录中运行 sha256sum -c SHA256SUMS 即可校验每个文件未被改动。`,
  helpEn: `  --run N           the run
  --out FILE.zip    the package to write
  --unmask          whole ID and account numbers (needs --reason; written to the audit log)
  --reason TEXT     why, e.g. "district audit office, 2026 special audit"
  --with-sources    add the archived originals (they cannot be masked: only with --unmask)
  --by NAME         who makes it (default: the operating-system user), written to the audit log
Unzip and run sha256sum -c SHA256SUMS in the package folder to verify every file.`,
  options: { run: { type: 'string' }, out: { type: 'string', short: 'o' }, unmask: { type: 'boolean' }, reason: { type: 'string' }, 'with-sources': { type: 'boolean' }, by: { type: 'string' } },
  async run(args, io) {
    const config = loadConfig(str(args, 'config'));
    const lang: Lang = args.values.lang === undefined ? config.lang : args.lang;
    const runArg = str(args, 'run');
    if (runArg === undefined || !/^[1-9]\d*$/.test(runArg)) throw new UserError('usage', '--run 应为运行编号（正整数）', '--run must be a run number', EXIT.badInput);
    const out = str(args, 'out');
    if (!out || !out.toLowerCase().endsWith('.zip')) throw new UserError('usage', '--out 应为以 .zip 结尾的文件名', '--out must name a .zip file', EXIT.badInput);
    const db = await openDatabase(config.database);
    try {
      const unmask = args.values.unmask === true;
      const r = await buildEvidencePackage(db, config, {
        runId: Number(runArg), out: resolve(out), lang, unmask, reason: str(args, 'reason') ?? null, by: str(args, 'by') ?? null, withSources: args.values['with-sources'] === true,
      });
      if (unmask) io.err(msg(lang, 'cli.evidence.cautionThePackageHolds'));
      if (!args.values.quiet) {
        io.out(msg(lang, 'cli.evidence.evidencePackageOfRun', { out: r.out, sha256: r.sha256, runArg }));
        for (const e of r.entries) if (e.path !== '(zip)') io.out(`  ${String(e.size).padStart(10)}  ${e.path}`);
      }
      return EXIT.ok;
    } finally {
      await db.close();
    }
  },
};
