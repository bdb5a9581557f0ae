import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/index.ts';
import { EXIT, UserError } from '../../errors.ts';
import { latestRunId } from '../../findings/index.ts';
import { type Lang } from '../../lang.ts';
import { msg } from '../../messages/index.ts';
import { writeReports } from '../../report/index.ts';
import { str, type Command } from '../args.ts';

export const reportCommand: Command = {
  name: 'report',
  summaryZh: '生成（或重新生成）一次运行的异常预警报告：Excel、HTML、findings.json、findings.csv',
  summaryEn: 'write (or re-write) the reports of a run: Excel, HTML, findings.json, findings.csv',
  usage: 'relief-recon report [--run N] [--out 目录] [--unmask] [--lang en]',
  helpZh: `默认为最近一次完成的运行，写入配置中 reports 目录下以运行日期（北京时间）命名的子目录。
  --run N        指定运行编号
  --out DIR      输出目录（默认：配置文件的 reports）
  --unmask       Excel 和 HTML 中显示完整身份证号和银行账号（默认打码；请注意个人信息保护）
findings.json / findings.csv 供其他系统使用，始终含完整号码，文件权限 0600。报告中的“疑点”是待核实的线索，不是结论。`,
  helpEn: `Defaults to the latest finished run, written under the config's reports folder in a sub-folder named for the run's date (Asia/Shanghai).
  --run N        the run to report
  --out DIR      output folder (default: the config's reports)
  --unmask       whole ID and account numbers in the Excel and HTML reports (masked by default; mind PIPL)
findings.json / findings.csv are for other systems: whole numbers, file mode 0600. Findings are leads to verify, not verdicts.`,
  options: { run: { type: 'string' }, out: { type: 'string', short: 'o' }, unmask: { type: 'boolean' } },
  async run(args, io) {
    const config = loadConfig(str(args, 'config'));
    const lang: Lang = args.values.lang === undefined ? config.lang : args.lang;
    const runArg = str(args, 'run');
    if (runArg !== undefined && !/^[1-9]\d*$/.test(runArg)) throw new UserError('usage', `--run "${runArg}" 应为运行编号（正整数）`, `--run "${runArg}" must be a run number`, EXIT.badInput);
    const db = await openDatabase(config.database);
    try {
      const runId = runArg !== undefined ? Number(runArg) : await latestRunId(db);
      if (runId === null) throw new UserError('no-run', '还没有完成的运行，请先运行核对（check）', 'No finished run yet; run check first', EXIT.badInput);
      const unmask = args.values.unmask === true;
      if (unmask) io.err(msg(lang, 'cli.report.cautionTheReportsWill'));
      const started = performance.now();
      const { dir, files } = await writeReports(db, runId, { outDir: str(args, 'out') ?? config.reports, lang, unmask });
      if (!args.values.quiet) {
        io.out(msg(lang, 'cli.report.reportsOfRunWritten', { seconds: ((performance.now() - started) / 1000).toFixed(1), dir, runId }));
        for (const f of files) io.out(`  ${f}`);
      }
      return EXIT.ok;
    } finally {
      await db.close();
    }
  },
};
