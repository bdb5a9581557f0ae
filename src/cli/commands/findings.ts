import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/index.ts';
import { maskIdNumber, nowInShanghai } from '../../domain/index.ts';
import { EXIT, UserError } from '../../errors.ts';
import { listFindings, markFinding, MARK_ZH, MARKS, type Mark } from '../../findings/index.ts';
import { t } from '../../lang.ts';
import { SEVERITY_ZH, type Severity } from '../../rules/index.ts';
import { str, type Command } from '../args.ts';

const STATUS_ZH: Record<string, string> = { new: '新增', persisting: '持续', resolved: '已消除' };

export function maskAccount(account: string | null): string {
  return account ? `****${account.slice(-4)}` : '';
}

export const findingsCommand: Command = {
  name: 'findings',
  summaryZh: '列出最近一次运行的疑点（可按状态、规则、区县、级别筛选）',
  summaryEn: 'list the findings of the latest run (filter by status, rule, district, severity)',
  usage: 'relief-recon findings [--status new|persisting|resolved] [--rule ID] [--district 名称] [--severity high|medium|low] [--run N] [--unmask]',
  helpZh: '身份证号和账号默认打码；--unmask 显示完整号码（请注意个人信息保护）。误报标记的疑点显示但不计入未结。',
  helpEn: 'ID and account numbers are masked unless --unmask. Findings marked false-positive are shown but not counted as open.',
  options: {
    status: { type: 'string' },
    rule: { type: 'string' },
    district: { type: 'string', short: 'd' },
    severity: { type: 'string' },
    run: { type: 'string' },
    unmask: { type: 'boolean' },
  },
  async run(args, io) {
    const config = loadConfig(str(args, 'config'));
    const db = await openDatabase(config.database);
    try {
      const run = str(args, 'run');
      const rows = await listFindings(db, {
        runId: run === undefined ? undefined : Number(run),
        status: str(args, 'status'),
        rule: str(args, 'rule'),
        district: str(args, 'district'),
        severity: str(args, 'severity'),
      });
      const l = args.lang;
      const whole = args.values.unmask === true;
      for (const f of rows) {
        const sev = l === 'en' ? f.severity : SEVERITY_ZH[f.severity as Severity];
        const status = l === 'en' ? f.status : (STATUS_ZH[f.status] ?? f.status);
        const who = [f.name, f.idNumber ? (whole ? f.idNumber : maskIdNumber(f.idNumber)) : '', f.accountNo ? (whole ? f.accountNo : maskAccount(f.accountNo)) : ''].filter(Boolean).join(' ');
        const review = f.review ? ` [${l === 'en' ? f.review.mark : MARK_ZH[f.review.mark]}：${f.review.reviewer}]` : '';
        io.out(`${f.fingerprint.slice(0, 10)}  ${sev}  ${status}  ${f.title}  ${f.period ?? ''} ${f.district ?? ''} ${who}  ${f.message}${review}`);
      }
      io.out(t(l, `共 ${rows.length} 条疑点（疑点是待核实的线索，不是结论）`, `${rows.length} findings (leads to verify, not verdicts)`));
      return EXIT.ok;
    } finally {
      await db.close();
    }
  },
};

export const markCommand: Command = {
  name: 'mark',
  summaryZh: '给疑点加审核标记：已核实 / 误报 / 已整改',
  summaryEn: 'mark a finding reviewed: confirmed / false-positive / fixed',
  usage: 'relief-recon mark 疑点编号 --as confirmed|false-positive|fixed --reviewer 姓名 [--note 说明]',
  helpZh: '疑点编号取 findings 列出的前几位即可。标记永久保存，后续报告都会显示；误报不再计入未结疑点。',
  helpEn: 'A prefix of the fingerprint shown by findings is enough. Marks are kept forever and shown in later reports; false-positive stops counting as open.',
  options: { as: { type: 'string' }, reviewer: { type: 'string' }, note: { type: 'string' } },
  async run(args, io) {
    const fp = args.positionals[0];
    const mark = str(args, 'as');
    const reviewer = str(args, 'reviewer');
    if (!fp || !mark || !reviewer) throw new UserError('usage', `用法：${markCommand.usage}`, `Usage: ${markCommand.usage}`, EXIT.badInput);
    if (!MARKS.includes(mark as Mark)) throw new UserError('usage', `--as 只能是 ${MARKS.join('、')}`, `--as must be one of ${MARKS.join(', ')}`, EXIT.badInput);
    const config = loadConfig(str(args, 'config'));
    const db = await openDatabase(config.database);
    try {
      await markFinding(db, fp, mark as Mark, str(args, 'note') ?? null, reviewer, nowInShanghai());
      io.out(t(args.lang, `已标记为「${MARK_ZH[mark as Mark]}」`, `marked ${mark}`));
      return EXIT.ok;
    } finally {
      await db.close();
    }
  },
};
