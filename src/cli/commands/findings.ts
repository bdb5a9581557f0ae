import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/index.ts';
import { findDistrict, maskAccount, maskIdNumber, nowInShanghai } from '../../domain/index.ts';
import { EXIT, UserError } from '../../errors.ts';
import { latestRunId, listFindings, markFinding, messageIn, MARK_ZH, MARKS, type Mark } from '../../findings/index.ts';
import type { Db } from '../../db/index.ts';
import { msg } from '../../messages/index.ts';
import { listRuleId, RULES, SEVERITY_ZH, type Severity } from '../../rules/index.ts';
import { str, type Command, type ParsedArgs } from '../args.ts';

const STATUS_ZH: Record<string, string> = { new: '新增', persisting: '持续', resolved: '已消除' };

function badValue(option: string, value: string, valid: readonly string[], what?: { zh: string; en: string }): UserError {
  return new UserError(
    'usage',
    `--${option} "${value}" 不是有效的${what?.zh ?? '取值'}。可用：${valid.join('、') || '（无）'}`,
    `--${option} "${value}" is not a valid ${what?.en ?? 'value'}. Valid: ${valid.join(', ') || '(none)'}`,
    EXIT.badInput,
  );
}

/** The filters, checked: a value that can match nothing is a mistake to say, not "0 findings". */
async function filtersOf(args: ParsedArgs, db: Db): Promise<{ runId?: number; status?: string; rule?: string; district?: string; severity?: string }> {
  const run = str(args, 'run');
  let runId: number | undefined;
  if (run !== undefined) {
    if (!/^[1-9]\d*$/.test(run)) throw new UserError('usage', `--run 应为运行编号（正整数），而不是 "${run}"`, `--run must be a run number, not "${run}"`, EXIT.badInput);
    runId = Number(run);
  }
  const status = str(args, 'status');
  if (status !== undefined && !(status in STATUS_ZH)) throw badValue('status', status, Object.keys(STATUS_ZH), { zh: '状态', en: 'status' });
  const severity = str(args, 'severity');
  if (severity !== undefined && !(severity in SEVERITY_ZH)) throw badValue('severity', severity, Object.keys(SEVERITY_ZH), { zh: '级别', en: 'severity' });
  const rule = str(args, 'rule');
  if (rule !== undefined && !RULES[rule]) throw badValue('rule', rule, Object.keys(RULES).sort(), { zh: '规则编号', en: 'rule id' });
  let district = str(args, 'district');
  if (district !== undefined) {
    const d = findDistrict(district);
    if (!d) {
      const id = runId ?? (await latestRunId(db));
      const present = id === null ? [] : (await db.kysely.selectFrom('findings').select('district').distinct().where('runId', '=', id).where('district', 'is not', null).execute()).map((r) => r.district!).sort((a, b) => a.localeCompare(b, 'zh'));
      throw new UserError(
        'usage',
        `--district "${district}" 不是重庆市的区县名称或代码。本次运行有疑点的区县：${present.join('、') || '（无）'}`,
        `--district "${district}" is not a Chongqing district name or code. Districts with findings in this run: ${present.join(', ') || '(none)'}`,
        EXIT.badInput,
      );
    }
    district = d.name;
  }
  return { runId, status, rule, district, severity };
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
      const rows = await listFindings(db, await filtersOf(args, db));
      const l = args.lang;
      const whole = args.values.unmask === true;
      const titlesEn = new Map<string, string>([...config.referenceLists.map((r): [string, string] => [listRuleId(r), r.titleEn]), ...Object.values(RULES).map((r): [string, string] => [r.id, r.titleEn])]);
      for (const f of rows) {
        const sev = l === 'en' ? f.severity : SEVERITY_ZH[f.severity as Severity];
        const status = l === 'en' ? f.status : (STATUS_ZH[f.status] ?? f.status);
        const who = [f.name, f.idNumber ? (whole ? f.idNumber : maskIdNumber(f.idNumber)) : '', f.accountNo ? (whole ? f.accountNo : maskAccount(f.accountNo)) : ''].filter(Boolean).join(' ');
        const review = f.review ? ` [${l === 'en' ? f.review.mark : MARK_ZH[f.review.mark]}：${f.review.reviewer}]` : '';
        io.out(`${f.fingerprint.slice(0, 10)}  ${sev}  ${status}  ${l === 'en' ? (titlesEn.get(f.rule) ?? f.title) : f.title}  ${f.period ?? ''} ${f.district ?? ''} ${who}  ${messageIn(f, l)}${review}`);
      }
      io.out(msg(l, 'findings.count', { count: rows.length }));
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
    const missing = [!fp && { zh: '疑点编号', en: 'the finding id' }, !mark && { zh: '--as', en: '--as' }, !reviewer && { zh: '--reviewer 审核人姓名', en: '--reviewer NAME' }].filter((x) => x !== false);
    if (missing.length || !fp || !reviewer) {
      throw new UserError('usage', `缺少${missing.map((m) => m.zh).join('、')}。用法：${markCommand.usage}`, `Missing ${missing.map((m) => m.en).join(', ')}. Usage: ${markCommand.usage}`, EXIT.badInput);
    }
    if (!MARKS.includes(mark as Mark)) throw new UserError('usage', `--as 只能是 ${MARKS.join('、')}`, `--as must be one of ${MARKS.join(', ')}`, EXIT.badInput);
    const config = loadConfig(str(args, 'config'));
    const db = await openDatabase(config.database);
    try {
      await markFinding(db, fp, mark as Mark, str(args, 'note') ?? null, reviewer, nowInShanghai());
      io.out(msg(args.lang, 'findings.marked', { mark: { zh: MARK_ZH[mark as Mark], en: mark as Mark } }));
      return EXIT.ok;
    } finally {
      await db.close();
    }
  },
};
