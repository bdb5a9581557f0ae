/**
 * Dispatches a command line to one command; prints user errors in one place and turns them into
 * exit codes. An unexpected error is a bug: it is reported briefly, without personal data.
 */
import { EXIT, UserError } from '../errors.ts';
import type { Lang } from '../lang.ts';
import { parseCommandArgs, type Command, type Io } from './args.ts';
/**
 * The commands, loaded only when one is run: each command module pulls in its whole dependency tree (Excel,
 * the portal, the pipeline), so `relief-recon --help` must not import them. The one-line summaries are
 * repeated here for the overview; test/cli/catalog.test.ts checks they equal each command's own.
 */
export interface CatalogEntry {
  name: string;
  summaryZh: string;
  summaryEn: string;
  load: () => Promise<Command>;
}

export const CATALOG: readonly CatalogEntry[] = [
  { name: 'init', summaryZh: '创建数据库和带注释的默认配置文件', summaryEn: 'create the database and a commented default config file', load: async () => (await import('./commands/init.ts')).initCommand },
  { name: 'ingest', summaryZh: '导入名册、银行回盘、工作人员、代领备案等文件，逐个打印回执', summaryEn: 'ingest roster, bank, staff, proxy (and reference) files, printing a receipt per file', load: async () => (await import('./commands/ingest.ts')).ingestCommand },
  { name: 'validate', summaryZh: '只校验文件（银行联络员上传前自查），不入库', summaryEn: 'check files without storing anything (for bank liaisons before uploading)', load: async () => (await import('./commands/ingest.ts')).validateCommand },
  { name: 'run', summaryZh: '立即运行夜间任务：导入收件箱的文件、核对、运行规则、写报告', summaryEn: 'run the nightly job now: ingest the inbox, reconcile, run the rules, write the reports', load: async () => (await import('./commands/run.ts')).runCommand },
  { name: 'schedule', summaryZh: '按计划定时运行夜间任务（默认每天 2:00 北京时间），直到被停止', summaryEn: 'run the nightly job on a schedule (default 02:00 Asia/Shanghai) until stopped', load: async () => (await import('./commands/schedule.ts')).scheduleCommand },
  { name: 'check', summaryZh: '立即核对：对已导入的数据运行全部规则，记录本次运行的疑点', summaryEn: 'reconcile and run every enabled rule over the data already ingested, now', load: async () => (await import('./commands/check.ts')).checkCommand },
  { name: 'findings', summaryZh: '列出最近一次运行的疑点（可按状态、规则、区县、级别筛选）', summaryEn: 'list the findings of the latest run (filter by status, rule, district, severity)', load: async () => (await import('./commands/findings.ts')).findingsCommand },
  { name: 'mark', summaryZh: '给疑点加审核标记：已核实 / 误报 / 已整改', summaryEn: 'mark a finding reviewed: confirmed / false-positive / fixed', load: async () => (await import('./commands/findings.ts')).markCommand },
  { name: 'report', summaryZh: '生成（或重新生成）一次运行的异常预警报告：Excel、HTML、findings.json、findings.csv', summaryEn: 'write (or re-write) the reports of a run: Excel, HTML, findings.json, findings.csv', load: async () => (await import('./commands/report.ts')).reportCommand },
  { name: 'notice', summaryZh: '生成公示名单（按村/社区分页的 A4 打印版 HTML 和 Excel，不含身份证号、账号、电话）或公示汇总', summaryEn: 'write the public notice (公示) lists — A4 HTML, one page per village, and Excel; never an ID, account or phone number — or the public summary', load: async () => (await import('./commands/notice.ts')).noticeCommand },
  { name: 'evidence', summaryZh: '为审计和第三方评估打包一次运行的证据（报告、疑点、复核记录、配置、规则版本、源文件清单），附 SHA256SUMS', summaryEn: 'package the evidence of a run for auditors and assessors (reports, findings, reviews, config, rule versions, source files) with SHA256SUMS', load: async () => (await import('./commands/evidence.ts')).evidenceCommand },
  { name: 'lists', summaryZh: '列出配置中声明的比对名单（财政供养人员、车辆登记等）及当前有效的名单文件；--docs 生成各名单规则的说明页', summaryEn: 'show the cross-check lists declared in the config and the file in force for each; --docs writes their rule pages', load: async () => (await import('./commands/lists.ts')).listsCommand },
  { name: 'serve', summaryZh: '启动网页门户：银行联络员上传文件，监督人员查看报告和审核疑点，操作员管理运行', summaryEn: 'serve the web portal: bank liaisons upload, supervisors read reports and review findings, operators run', load: async () => (await import('./commands/serve.ts')).serveCommand },
  { name: 'user', summaryZh: '管理网页门户的账号：开设、列出、停用、重设密码', summaryEn: 'manage portal accounts: add, list, disable, reset a password', load: async () => (await import('./commands/user.ts')).userCommand },
  { name: 'generate', summaryZh: '生成带预埋异常的重庆演示数据（含标准答案 ground-truth.json）', summaryEn: 'generate realistic Chongqing demo data with planted anomalies (and ground-truth.json)', load: async () => (await import('./commands/generate.ts')).generateCommand },
  { name: 'demo', summaryZh: '主任务演示：生成一个月的样例数据放入收件箱，运行夜间任务并给出报告位置（全新环境可直接运行）', summaryEn: 'the main job on sample data: generate a month into the inbox, run the nightly job, print where the reports are (works on a fresh clone)', load: async () => (await import('./commands/demo.ts')).demoCommand },
  { name: 'estimate', summaryZh: '资金测算（四（一））：按审批名册历史测算下一年度各区县、各救助类别的资金需求，写出 Excel', summaryEn: 'budget estimate (四（一）): next year per district × program from the roster history, as Excel', load: async () => (await import('./commands/estimate.ts')).estimateCommand },
  { name: 'allocate', summaryZh: '因素法分配测算（四（二））：按各区县因素和权重把总额分到分，写出 Excel', summaryEn: 'factor-method allocation (四（二）): split a total among districts to the fen, as Excel', load: async () => (await import('./commands/allocate.ts')).allocateCommand },
];

/** Every command, loaded (for tests and tooling; the CLI itself loads only the one it runs). */
export async function loadCommands(): Promise<Command[]> {
  return Promise.all(CATALOG.map((c) => c.load()));
}

function langOf(argv: string[]): Lang {
  const i = argv.indexOf('--lang');
  return i >= 0 && argv[i + 1] === 'en' ? 'en' : argv.includes('--lang=en') ? 'en' : 'zh';
}

function overview(lang: Lang): string {
  const lines = [lang === 'en' ? 'relief-recon — social-assistance fund reconciliation' : 'relief-recon —— 社会救助资金核对与异常预警', ''];
  lines.push(lang === 'en' ? 'Usage: relief-recon <command> [options]   (--help on any command)' : '用法：relief-recon <命令> [选项]（每个命令都可加 --help）');
  lines.push('');
  for (const c of CATALOG) lines.push(`  ${c.name.padEnd(10)} ${lang === 'en' ? c.summaryEn : c.summaryZh}`);
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
  const entry = CATALOG.find((c) => c.name === name);
  try {
    if (!entry) throw new UserError('usage', `未知命令：${name}\n\n${overview('zh')}`, `Unknown command: ${name}\n\n${overview('en')}`, EXIT.badInput);
    const cmd = await entry.load();
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
