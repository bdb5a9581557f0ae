/**
 * The report's words in both languages. Findings are 疑点: leads to verify, not verdicts, and the
 * report says so. A finding's own message stays as the rule wrote it (Chinese).
 */
import { PROGRAMS, type Program } from '../domain/index.ts';
import type { Lang } from '../lang.ts';
import type { Severity } from '../rules/index.ts';
import { MONEY_KIND_EN, MONEY_KIND_ZH, type MoneyKind } from '../findings/index.ts';
import type { ReportModel } from './model-types.ts';

export type Status = 'new' | 'persisting' | 'resolved';
export const STATUSES: readonly Status[] = ['new', 'persisting', 'resolved'];
export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low'];

const STATUS: Record<Lang, Record<Status, string>> = {
  zh: { new: '新增', persisting: '持续', resolved: '已消除' },
  en: { new: 'new', persisting: 'persisting', resolved: 'resolved' },
};
const SEVERITY: Record<Lang, Record<Severity, string>> = {
  zh: { high: '高', medium: '中', low: '低' },
  en: { high: 'high', medium: 'medium', low: 'low' },
};
const MARK: Record<Lang, Record<string, string>> = {
  zh: { confirmed: '已核实', 'false-positive': '误报', fixed: '已整改' },
  en: { confirmed: 'confirmed', 'false-positive': 'false positive', fixed: 'fixed' },
};
const PROGRAM_EN: Record<Program, string> = { dibao: 'Dibao (minimum living)', tekun: 'Tekun (extreme poverty)', linshi: 'Temporary assistance' };
const KIND: Record<Lang, Record<string, string>> = {
  zh: { roster: '审批名册', bank: '代发回盘', staff: '工作人员名单', proxy: '代领协议备案', deaths: '死亡人员名单', standards: '保障标准', allocation: '资金下达', 'petty-cash': '备用金台账' },
  en: { roster: 'roster', bank: 'bank result', staff: 'staff registry', proxy: 'proxy agreements', deaths: 'deaths list', standards: 'standards', allocation: 'allocations', 'petty-cash': 'petty-cash ledger' },
};
const FILE_STATUS: Record<Lang, Record<string, string>> = {
  zh: { ingested: '已导入', duplicate: '重复文件（已导入过）', refused: '拒收', superseded: '已被替代' },
  en: { ingested: 'ingested', duplicate: 'duplicate (ingested before)', refused: 'refused', superseded: 'superseded' },
};

/** The note beside a file in the report's file list: why it was refused, or what it replaced / what replaced it. */
export function fileNoteText(
  lang: Lang,
  f: { refusal: { zh: string; en: string } | null; supersededBy?: string | null; supersedes?: string[] },
): string {
  const notes: string[] = [];
  if (f.refusal) notes.push(lang === 'en' ? f.refusal.en : f.refusal.zh);
  for (const older of f.supersedes ?? []) {
    notes.push(lang === 'en' ? `supersedes the earlier file for this batch: ${older}` : `替代了同一批次的旧文件 ${older}`);
  }
  if (f.supersededBy) {
    notes.push(lang === 'en' ? `superseded by ${f.supersededBy}: kept, its rows no longer counted` : `已被同一批次的新文件 ${f.supersededBy} 替代：保留，不再参与核对`);
  }
  return notes.join(lang === 'en' ? '; ' : '；');
}

const PAYMENT_STATUS: Record<Lang, Record<string, string>> = {
  zh: { paid: '已发放', failed: '发放失败', returned: '退票', pending: '处理中' },
  en: { paid: 'paid', failed: 'failed', returned: 'returned', pending: 'pending' },
};
/** A program as a clerk names it in a table cell (the short form 特困 reads as an abbreviation there). */
const PROGRAM_LABEL_ZH: Record<string, string> = { dibao: '低保', tekun: '特困供养', linshi: '临时救助' };
const AREA: Record<Lang, Record<string, string>> = { zh: { urban: '城市', rural: '农村' }, en: { urban: 'urban', rural: 'rural' } };

/** A payment's state (`paid` …) in words: 已发放, 发放失败, 退票, 处理中. */
export const paymentStatusText = (lang: Lang, s: string): string => PAYMENT_STATUS[lang][s] ?? s;

/**
 * A stored value as a person reads it: codes (program, payment status, area, file kind) become words.
 * Any other field's value is returned as it is.
 */
export function valueText(lang: Lang, field: string, value: string): string {
  if (value === '') return value;
  if (field === 'program') return lang === 'zh' ? (PROGRAM_LABEL_ZH[value] ?? programText(lang, value)) : programText(lang, value);
  if (field === 'status') return paymentStatusText(lang, value);
  if (field === 'area') return AREA[lang][value] ?? value;
  if (field === 'kind') return kindText(lang, value);
  return value;
}

export const statusText = (lang: Lang, s: string): string => STATUS[lang][s as Status] ?? s;
export const severityText = (lang: Lang, s: string): string => SEVERITY[lang][s as Severity] ?? s;
export const markText = (lang: Lang, m: string): string => MARK[lang][m] ?? m;
export const kindText = (lang: Lang, k: string | null): string => (k ? (KIND[lang][k] ?? k) : '');
export const fileStatusText = (lang: Lang, s: string): string => FILE_STATUS[lang][s] ?? s;
export const unknownText = (lang: Lang): string => (lang === 'en' ? 'unknown' : '未知');

export function programText(lang: Lang, program: string | null): string {
  if (!program) return '';
  const p = PROGRAMS[program as Program];
  if (!p) return program === '未知' ? unknownText(lang) : program;
  return lang === 'en' ? PROGRAM_EN[program as Program] : p.short;
}

export const POLICY = '渝民发〔2020〕5号';

/** Fixed words of the report, by key. */
export const WORDS = {
  zh: {
    title: '社会救助资金异常预警报告',
    leadNote: '本报告列出的是“疑点”：需要核实的线索，不是结论。请结合原始凭证逐条核实后再作处理。',
    privacyMasked: '身份证号、银行账号已按《个人信息保护法》打码显示。',
    privacyWhole: '注意：本报告显示完整身份证号和银行账号，请妥善保管，不得外传。',
    overview: '概览', batches: '批次核对', rejected: '拒收数据',
    run: '运行编号', startedAt: '开始时间', finishedAt: '结束时间', trigger: '触发方式', outcome: '运行结果', periods: '核对月份',
    previousRun: '上一次运行', generatedAt: '报告生成时间', payments: '核对付款笔数',
    triggerManual: '手动', triggerSchedule: '定时', outcomeDone: '完成', outcomeFailed: '失败', outcomeRunning: '运行中', none: '无',
    open: '未结疑点', total: '疑点总数（含已消除）', falsePositive: '标记误报（不计入未结）', reviewed: '已审核标记',
    severity: '级别', status: '状态', rule: '规则', clause: '政策依据', count: '数量', district: '区县', program: '救助类别', period: '所属期',
    name: '姓名', idNumber: '身份证号', accountNo: '银行账号', expectedYuan: '应发/核定（元）', actualYuan: '实发（元）', diffYuan: '差额（元）',
    message: '疑点说明', firstSeen: '首次发现', reviewMark: '审核标记', reviewNote: '审核说明', reviewer: '审核人', evidence: '数据来源',
    fingerprint: '疑点编号', label: '发放名目', ruleId: '规则编号',
    where: '所属期 / 区县', person: '对象', amountsYuan: '金额（元）', expectedShort: '核定', actualShort: '实发', diffShort: '差额',
    summaryCounts: '疑点概况', byRule: '按规则', byDistrict: '按区县', bySeverity: '按级别', trend: '近期趋势（最近 30 次运行）',
    rulesNotRun: '未能运行的规则', rulesNotRunNote: '以下规则本次没有运行，相关问题未经检查，不代表没有问题：', ruleFailed: '运行出错',
    ruleOff: '已在配置中关闭',
    filesIn: '本次收到的文件', fileName: '文件名', kind: '类型', fileStatus: '处理结果', rowsRead: '读取行数', rowsAccepted: '接收行数',
    rowsRejected: '拒收行数', totalYuan: '金额合计（元）', refusal: '拒收原因',
    approvedCount: '核定人数', approvedYuan: '核定金额（元）', paidCount: '实发笔数', paidYuan: '实发金额（元）', countDiff: '人数差',
    fenDiff: '金额差（元）', matches: '是否相符', yes: '相符', no: '不符',
    rowNo: '行号', reasons: '拒收原因', field: '字段', cells: '原始内容',
    charts: '图表', chartByDistrict: '各区县未结疑点', chartByRule: '各规则未结疑点', chartTrend: '未结疑点趋势',
    findings: '疑点清单', filters: '筛选', all: '全部', showing: '显示', of: '共', rows: '条', search: '搜索姓名/说明',
    capNote: (shown: number, total: number) => `本页列出其中 ${shown} 条（每条规则最多列出若干条，新增优先）；全部 ${total} 条见 Excel 报告和 findings.csv。`,
    rejectedCapNote: (shown: number, total: number) => `本页列出前 ${shown} 行；全部 ${total} 行见 Excel 报告“拒收数据”表。`,
    sheetCapNote: (shown: number, total: number) => `本表只能容纳 ${shown} 行，共 ${total} 行；全部数据见 findings.csv。`,
    noFindings: '本次运行没有疑点。', noRejected: '本次导入的文件没有拒收行。',
    runNo: (id: number) => `第 ${id} 次`, newSince: '较上次新增', resolvedSince: '较上次消除', persistingSince: '持续存在',
    unknownRule: '（未登记规则）', date: '日期', colon: '：', reason: '原因',
    filesIngested: '导入文件', filesDuplicate: '重复文件（已导入过）', filesRefused: '拒收文件',
    money: '涉及金额', moneyNote: '未结疑点涉及的资金（元）：金额差异按每人每月实发与核定之差的绝对值计；批次合计类疑点与之重复，不计入。',
    moneyTotal: '合计', moneyKind: '类别', moneyYuan: '金额（元）', noMoney: '未结疑点不涉及金额差异、未经审批的付款、收费或向已死亡人员的付款。',
    topNew: (n: number) => `新增高风险疑点（按涉及金额前 ${n} 条）`, noTopNew: '本次没有新增的高风险疑点。', amountYuan: '涉及金额（元）',
  },
  en: {
    title: 'Social-assistance funds: exception report',
    leadNote: 'Every item in this report is a lead to verify, not a verdict. Check each against the source records before acting.',
    privacyMasked: 'ID and bank account numbers are masked (PIPL).',
    privacyWhole: 'Caution: this report shows whole ID and account numbers. Keep it safe; do not pass it on.',
    overview: 'Overview', batches: 'Batches', rejected: 'Rejected rows',
    run: 'Run', startedAt: 'Started', finishedAt: 'Finished', trigger: 'Trigger', outcome: 'Outcome', periods: 'Periods checked',
    previousRun: 'Previous run', generatedAt: 'Report written', payments: 'Payments checked',
    triggerManual: 'manual', triggerSchedule: 'schedule', outcomeDone: 'done', outcomeFailed: 'failed', outcomeRunning: 'running', none: 'none',
    open: 'Open leads', total: 'All leads (incl. resolved)', falsePositive: 'Marked false positive (not open)', reviewed: 'With a review mark',
    severity: 'Severity', status: 'Status', rule: 'Rule', clause: 'Clause', count: 'Count', district: 'District', program: 'Program', period: 'Period',
    name: 'Name', idNumber: 'ID number', accountNo: 'Account', expectedYuan: 'Approved (yuan)', actualYuan: 'Paid (yuan)', diffYuan: 'Difference (yuan)',
    message: 'Lead', firstSeen: 'First seen', reviewMark: 'Review mark', reviewNote: 'Review note', reviewer: 'Reviewer', evidence: 'Source (file:row)',
    fingerprint: 'Lead id', label: 'Label', ruleId: 'Rule id',
    where: 'Period / district', person: 'Recipient', amountsYuan: 'Amounts (yuan)', expectedShort: 'approved', actualShort: 'paid', diffShort: 'diff',
    summaryCounts: 'Leads at a glance', byRule: 'By rule', byDistrict: 'By district', bySeverity: 'By severity', trend: 'Trend (last 30 runs)',
    rulesNotRun: 'Rules that did not run', rulesNotRunNote: 'These rules did not run this time; what they check was not checked — that is not a clean result:',
    ruleFailed: 'failed', ruleOff: 'off in the config',
    filesIn: 'Files received', fileName: 'File', kind: 'Kind', fileStatus: 'Result', rowsRead: 'Rows read', rowsAccepted: 'Accepted',
    rowsRejected: 'Rejected', totalYuan: 'Total (yuan)', refusal: 'Refusal',
    approvedCount: 'Approved count', approvedYuan: 'Approved (yuan)', paidCount: 'Paid count', paidYuan: 'Paid (yuan)', countDiff: 'Count diff',
    fenDiff: 'Amount diff (yuan)', matches: 'Agrees', yes: 'yes', no: 'no',
    rowNo: 'Row', reasons: 'Reasons', field: 'Field', cells: 'Cells as read',
    charts: 'Charts', chartByDistrict: 'Open leads by district', chartByRule: 'Open leads by rule', chartTrend: 'Open leads over recent runs',
    findings: 'Leads', filters: 'Filter', all: 'all', showing: 'Showing', of: 'of', rows: '', search: 'Search name / text',
    capNote: (shown: number, total: number) => `${shown} listed here (a capped number per rule, new first); all ${total} are in the Excel report and findings.csv.`,
    rejectedCapNote: (shown: number, total: number) => `The first ${shown} rows are listed here; all ${total} are in the Excel report, sheet "Rejected rows".`,
    sheetCapNote: (shown: number, total: number) => `This sheet holds ${shown} of ${total} rows; all of them are in findings.csv.`,
    noFindings: 'This run found no leads.', noRejected: 'The files taken in had no rejected rows.',
    runNo: (id: number) => `run ${id}`, newSince: 'new since last run', resolvedSince: 'resolved since last run', persistingSince: 'persisting',
    unknownRule: '(unregistered rule)', date: 'Date', colon: ': ', reason: 'Reason',
    filesIngested: 'Files stored', filesDuplicate: 'Duplicate files (stored before)', filesRefused: 'Files refused',
    money: 'Money at stake', moneyNote: 'Money the open leads are about (yuan): a difference counts as |paid − approved| per person and month; batch-total leads restate it and are not added.',
    moneyTotal: 'Total', moneyKind: 'Kind', moneyYuan: 'Amount (yuan)', noMoney: 'No open lead is about a difference, an unapproved payment, a fee or a payment to a deceased person.',
    topNew: (n: number) => `New high-severity leads (the ${n} largest by money)`, noTopNew: 'No new high-severity leads this run.', amountYuan: 'At stake (yuan)',
  },
} as const;

export type Words = (typeof WORDS)['zh'] | (typeof WORDS)['en'];
export const words = (lang: Lang): Words => WORDS[lang];

/** A kind of money at stake in words: 差额, 名单外发放, 收取费用, 死亡后发放. */
export const moneyKindText = (lang: Lang, k: MoneyKind): string => (lang === 'en' ? MONEY_KIND_EN[k] : MONEY_KIND_ZH[k]);

/** A rule's title as the run recorded it (declared lists included), else its id. */
export function ruleTitleOf(model: Pick<ReportModel, 'lang' | 'rules'>, rule: string): string {
  const r = model.rules.find((x) => x.rule === rule);
  return r ? (model.lang === 'en' ? r.titleEn : r.title) : rule;
}
