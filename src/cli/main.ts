/**
 * Dispatches a command line to one command; prints user errors in one place and turns them into
 * exit codes. An unexpected error is a bug: it is reported briefly, without personal data.
 */
import { EXIT, UserError } from '../errors.ts';
import type { Lang } from '../lang.ts';
import { parseCommandArgs, type Command, type Io } from './args.ts';
import { initCommand } from './commands/init.ts';
import { ingestCommand, validateCommand } from './commands/ingest.ts';
import { generateCommand } from './commands/generate.ts';
import { demoCommand } from './commands/demo.ts';
import { checkCommand } from './commands/check.ts';
import { runCommand } from './commands/run.ts';
import { reportCommand } from './commands/report.ts';
import { serveCommand } from './commands/serve.ts';
import { userCommand } from './commands/user.ts';
import { scheduleCommand } from './commands/schedule.ts';
import { findingsCommand, markCommand } from './commands/findings.ts';
import { allocateCommand } from './commands/allocate.ts';
import { estimateCommand } from './commands/estimate.ts';
import { noticeCommand } from './commands/notice.ts';
import { evidenceCommand } from './commands/evidence.ts';
import { listsCommand } from './commands/lists.ts';

export const COMMANDS: readonly Command[] = [initCommand, ingestCommand, validateCommand, runCommand, scheduleCommand, checkCommand, findingsCommand, markCommand, reportCommand, noticeCommand, evidenceCommand, listsCommand, serveCommand, userCommand, generateCommand, demoCommand, estimateCommand, allocateCommand];

function langOf(argv: string[]): Lang {
  const i = argv.indexOf('--lang');
  return i >= 0 && argv[i + 1] === 'en' ? 'en' : argv.includes('--lang=en') ? 'en' : 'zh';
}

function overview(lang: Lang): string {
  const lines = [lang === 'en' ? 'relief-recon — social-assistance fund reconciliation' : 'relief-recon —— 社会救助资金核对与异常预警', ''];
  lines.push(lang === 'en' ? 'Usage: relief-recon <command> [options]   (--help on any command)' : '用法：relief-recon <命令> [选项]（每个命令都可加 --help）');
  lines.push('');
  for (const c of COMMANDS) lines.push(`  ${c.name.padEnd(10)} ${lang === 'en' ? c.summaryEn : c.summaryZh}`);
  lines.push('', lang === 'en' ? 'Common options: --config FILE, --lang zh|en, --quiet' : '通用选项：--config 配置文件，--lang zh|en，--quiet');
  return lines.join('\n');
}

export async function main(argv: string[], io: Io): Promise<number> {
  const lang = langOf(argv);
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview(lang));
    return name ? EXIT.ok : EXIT.badInput;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  try {
    if (!cmd) throw new UserError('usage', `未知命令：${name}\n\n${overview('zh')}`, `Unknown command: ${name}\n\n${overview('en')}`, EXIT.badInput);
    const args = parseCommandArgs(cmd, rest);
    if (args.values.help) {
      io.out(`${cmd.usage}\n\n${lang === 'en' ? cmd.summaryEn : cmd.summaryZh}\n${lang === 'en' ? cmd.helpEn : cmd.helpZh}\n  --config, -c FILE     配置文件 / config file (default relief-recon.yaml)\n  --lang zh|en\n  --quiet, -q`);
      return EXIT.ok;
    }
    return await cmd.run(args, io);
  } catch (e) {
    if (e instanceof UserError) {
      io.err(lang === 'en' ? `error: ${e.messageEn}` : `错误：${e.messageZh}`);
      return e.exitCode;
    }
    const msg = e instanceof Error ? e.message : String(e);
    io.err(lang === 'en' ? `internal error (please report): ${msg}` : `内部错误（请报告维护人员）：${msg}`);
    if (process.env.RELIEF_RECON_DEBUG && e instanceof Error) io.err(e.stack ?? '');
    return EXIT.runFailed;
  }
}
