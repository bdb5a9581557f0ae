/**
 * The config file (YAML, so it can carry comments for the operator): defaults, and validation that
 * names each bad key in Chinese. Relative paths are resolved against the config file's folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseProgram, type PaymentStatus, type Program } from './domain/index.ts';
import { UserError } from './errors.ts';
import { placeholders } from './messages/index.ts';
import type { BankProfile } from './ingest/profile.ts';

export interface RuleSetting {
  severity?: 'high' | 'medium' | 'low' | 'off';
  options?: Record<string, unknown>;
}

export interface Config {
  /** Where the config was read from; null when only defaults are in force. */
  file: string | null;
  database: string;
  inbox: string;
  archive: string;
  reports: string;
  lang: 'zh' | 'en';
  schedule: { cron: string; timezone: string };
  rules: Record<string, RuleSetting>;
  bankProfiles: Record<string, BankProfile>;
  /** Inbox file-name patterns (`*`, `?`) that name the bank profile of a header-less file; first match wins. */
  inboxProfiles: { pattern: string; profile: string }[];
  /** How the operator's banks number their batches; null = batch numbers are not decoded. */
  batchNumber: BatchNumberPattern | null;
  portal: PortalConfig;
  /** 因素法分配 (allocate command): factor weights in percent, as written (decimals kept exact). */
  allocation: { weights: Record<'recipients' | 'hardship' | 'effort' | 'performance', string> };
  notice: NoticeConfig;
  /** Cross-check lists declared by name (财政供养人员, 车辆登记, …), in the config's order. */
  referenceLists: ReferenceListConfig[];
}

/**
 * A cross-check list declared in the config: ingested like the other kinds, and matched against the
 * approved recipients and their proxies by ID number, each list its own rule `list-<key>`.
 */
export interface ReferenceListConfig {
  /** The config key: lower-case words joined by hyphens; the rule id is `list-<key>`. */
  key: string;
  /** What the list is, in Chinese: 财政供养人员. */
  name: string;
  /** Header texts of the ID-number column and of the name column (aliases; the first found is used). */
  idColumns: string[];
  nameColumns: string[];
  /** Inbox file-name patterns (`*`, `?`) that mark a file as this list. */
  files: string[];
  severity: 'high' | 'medium' | 'low';
  title: string;
  titleEn: string;
  /** {who} 救助对象本人 / 代领人, {list}, {listRow}, {programs}, {approvedFen}. */
  message: string;
  /** The message in English, with the same placeholders (default: the default English message when `message` is the default, else `message`). */
  messageEn?: string;
  clause: string;
  /** Match proxies (代领人) too; default true. */
  proxies: boolean;
}

/** How names are shown in a 公示 list: whole (张三明), partial (张*明, the default) or surname only (张**). */
export type NameMask = 'full' | 'partial' | 'surname';
export const NAME_MASKS: readonly NameMask[] = ['full', 'partial', 'surname'];

/** The 公示 (public notice) lists of the notice command (plan 五（四）). */
export interface NoticeConfig {
  nameMask: NameMask;
  /** Days the list stays posted (公示期). */
  days: number;
  /** Where objections go: the office, telephone or address printed under every list. */
  complaintChannel: string;
  /** Who posts the list; null = the township (街道) of each page. */
  issuer: string | null;
}

/**
 * A bank batch number decoded into the batch's facts: a regular expression with named groups `period`
 * (YYYYMM), `district` (6-digit code or name) and `program` (looked up in `programs`, else read as a
 * program name). Used only for what the ingest facts and the file's columns left unknown.
 */
export interface BatchNumberPattern {
  pattern: RegExp;
  programs: Readonly<Record<string, Program>>;
}

export const BATCH_NUMBER_GROUPS = ['period', 'district', 'program'] as const;

export type PortalRole = 'operator' | 'bank' | 'supervisor';
export const PORTAL_ROLES: readonly PortalRole[] = ['operator', 'bank', 'supervisor'];

/** The web portal (`serve`): where it listens, what it accepts, who sees whole ID numbers. */
export interface PortalConfig {
  host: string;
  port: number;
  /** Fastify's trustProxy: false, true, a hop count, or the proxy addresses (`127.0.0.1,10.0.0.0/8`). */
  trustProxy: boolean | number | string;
  /** Uploads wait here (validated, not yet confirmed) before they are moved into the inbox. */
  staging: string;
  maxUploadBytes: number;
  /** An upload not read within this time is refused (its parse stopped): a crafted file cannot hold a core. */
  parseSeconds: number;
  sessionHours: number;
  /** The key that signs the session cookie: created (mode 0600) on first start when missing. */
  secretFile: string;
  /** Roles that see whole ID and account numbers in the portal; everyone else sees them masked. */
  unmaskRoles: PortalRole[];
  /** Failed sign-ins allowed per account and per address within loginWindowMinutes. */
  loginAttempts: number;
  loginWindowMinutes: number;
}

export const DEFAULT_CONFIG_FILE = 'relief-recon.yaml';

export const DEFAULT_CONFIG_TEXT = `# relief-recon 配置文件 / configuration
# 相对路径以本文件所在目录为准。Relative paths are relative to this file.

# 数据库：SQLite 文件路径（默认内置），或 PostgreSQL 地址 postgres://用户@主机:端口/库名（密码用环境变量 RELIEF_DB_PASSWORD）。
# Database: a SQLite file path, or postgres://user@host:port/db (password in the RELIEF_DB_PASSWORD environment variable).
database: data/relief-recon.db

# 待处理文件目录（夜间任务从这里取文件）、原件归档目录、报告输出目录。
inbox: data/inbox
archive: data/archive
reports: data/reports

# 界面语言：zh（中文）或 en。
lang: zh

# 夜间定时任务（node-cron 表达式，北京时间）。Nightly schedule.
schedule:
  cron: "0 2 * * *"
  timezone: Asia/Shanghai

# 规则设置：规则编号: off | high | medium | low，或 { severity: ..., options: {...} }
# Rule settings, e.g.
#   amount-mismatch: { options: { toleranceFen: 0 } }
#   late-payment: { options: { deadlineDay: 28 } }
#   staff-recipient: off
rules: {}

# 银行配置：没有表头的银行回盘文本文件按此读取。新增银行只需在此添加，无需改代码。
# Bank profiles for header-less result files. columns: the canonical field of each column, in order
# (accountNo, accountHolder, idNumber, amount, fee, label, paidOn, status, serialNo, batchNo,
#  failReason, period, district, program; null = ignore the column).
bankProfiles:
  # 重庆农村商业银行代发回盘：竖线分隔、GBK、无表头，金额以分为单位，第 8 列（网点号）不用。
  cq-rcb:
    bank: 重庆农村商业银行   # 这些文件所属的银行：批次只能由同一家银行的文件替代
    delimiter: "|"
    encoding: gb18030
    columns: [batchNo, serialNo, accountNo, accountHolder, idNumber, amount, fee, null, label, paidOn, status, failReason]
    statusCodes: { S: paid, F: failed, B: returned, P: pending }
    amountsInFen: true

# 批次号规则（可选）：文件既未指定、也没有区县/类别列时，从银行批次号中读出所属期、区县和类别，用于把每笔发放
# 对应到正确的核定记录。正则表达式的命名分组：period（YYYYMM）、district（6 位区划代码或区县名）、program（类别代码，
# 按 programs 表查找）。例如重庆各代发银行的「年月 + 区划代码 + 类别代码 + 序号」：
# Batch-number pattern (optional): decodes a batch's period / district / program when neither the ingest facts
# nor the file's columns give them. Named groups: period, district, program (looked up in programs).
# batchNumber:
#   pattern: '^(?<period>\\d{6})(?<district>\\d{6})(?<program>\\d{2})\\d+$'
#   programs: { "01": 低保, "02": 特困, "03": 临时救助 }

# 收件箱中没有表头的银行文件按文件名选用银行配置（通配符：* 任意字符，? 单个字符；按顺序取第一个匹配）。
# Header-less bank files in the inbox: file-name pattern → bank profile (first match wins).
inboxProfiles:
  "CQRCB_DF_*.txt": cq-rcb

# 网页门户（serve 命令）：银行联络员上传回盘文件，监督人员查看报告、标记疑点，操作员管理运行。
# Web portal (the serve command). Put it behind an HTTPS reverse proxy; keep host 127.0.0.1 then.
portal:
  host: 127.0.0.1            # 监听地址 / listen address
  port: 8640                 # 端口 / port
  trustProxy: false          # 反向代理地址（如 "127.0.0.1"）或 true；经 HTTPS 代理时 Cookie 带 Secure
  staging: data/staging      # 上传暂存目录（确认后才移入收件箱）
  maxUploadMb: 50            # 单个上传文件大小上限（MB）
  parseSeconds: 60           # 上传文件校验的时间上限（秒），超时即停止并拒收
  sessionHours: 8            # 登录有效时长（小时）
  secretFile: data/portal-secret.key   # Cookie 签名密钥文件（首次启动自动生成，权限 0600）
  unmaskRoles: [operator]    # 可看完整身份证号、账号的角色（operator / bank / supervisor）；其余一律打码
  loginAttempts: 5           # 同一账号或同一地址在下述时间内允许的登录失败次数
  loginWindowMinutes: 15

# 因素法分配（allocate 命令）各因素权重（百分数，合计须为 100）。Factor weights of the allocate command (percent, sum 100).
allocation:
  weights:
    recipients: 50     # 救助对象人数
    hardship: 20       # 财政困难程度
    effort: 15         # 工作努力程度
    performance: 15    # 绩效评价

# 公示名单（notice 命令，方案五（四））：按村（社区）打印张贴的救助对象名单，从不含身份证号、账号、电话。
# Public notice lists (the notice command): never an ID, account or phone number.
notice:
  nameMask: partial          # 姓名显示：partial（张*明，默认）、surname（张**）、full（全名）
  days: 7                    # 公示期（天）
  complaintChannel: 所在乡镇（街道）社会救助经办机构及县级民政部门   # 异议受理渠道（可写电话、地址）
  # issuer: 某某镇人民政府     # 公示单位；不写则为每页所在的乡镇（街道）

# 比对名单（可选）：按名称声明任意名单（财政供养人员、车辆登记、工商登记、服刑人员……），入库后与救助对象
# 及代领人按身份证号比对，每个名单是一条规则 list-<代号>。ingest --list 代号 文件，或按 files 通配符从收件箱识别。
# Cross-check lists declared by name; each is a rule list-<key>. Example:
# referenceLists:
#   public-employees:
#     name: 财政供养人员
#     files: ["财政供养人员*"]
#     idColumns: [身份证号码, 公民身份号码]     # 默认：身份证号码、身份证号、公民身份号码、证件号码、身份证
#     nameColumns: [姓名]                       # 默认：姓名、名称
#     severity: high                            # 默认 medium
#     title: 救助对象为财政供养人员
#     clause: 渝民发〔2020〕5号 四（二）
#     # message: "{who}出现在「{list}」中（{listRow}），本月享受{programs}，核定 {approvedFen} 元"
#     # proxies: true                           # 代领人也比对（默认 true）
`;

const TOP_KEYS = ['database', 'inbox', 'archive', 'reports', 'lang', 'schedule', 'rules', 'bankProfiles', 'inboxProfiles', 'batchNumber', 'portal', 'allocation', 'notice', 'referenceLists'];
const WEIGHT_KEYS = ['recipients', 'hardship', 'effort', 'performance'] as const;
/** Documented defaults of the 因素法 weights (docs/funds.md). */
export const DEFAULT_ALLOCATION_WEIGHTS = { recipients: '50', hardship: '20', effort: '15', performance: '15' } as const;
const STATUSES: readonly PaymentStatus[] = ['paid', 'failed', 'returned', 'pending'];
const BANK_FIELDS = ['accountNo', 'accountHolder', 'idNumber', 'amount', 'fee', 'label', 'paidOn', 'status', 'serialNo', 'batchNo', 'failReason', 'period', 'district', 'program', 'bankName'];

function bad(file: string, key: string, zh: string, en: string): UserError {
  return new UserError('config', `配置文件 ${file} 中的「${key}」${zh}`, `Config ${file}: "${key}" ${en}`);
}

export function loadConfig(path?: string): Config {
  const file = resolve(path ?? DEFAULT_CONFIG_FILE);
  if (!existsSync(file)) {
    if (path) throw new UserError('config', `找不到配置文件 ${file}。可先运行 init 生成默认配置。`, `Config file ${file} not found; run init first.`);
    return parseConfig(DEFAULT_CONFIG_TEXT, file, null);
  }
  return parseConfig(readFileSync(file, 'utf8'), file, file);
}

export function parseConfig(text: string, where: string, file: string | null): Config {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new UserError('config', `配置文件 ${where} 不是有效的 YAML：${(e as Error).message}`, `Config ${where} is not valid YAML: ${(e as Error).message}`);
  }
  const o = (raw ?? {}) as Record<string, unknown>;
  if (typeof o !== 'object' || Array.isArray(o)) throw bad(where, '(根)', '应为键值对', 'must be a mapping');
  for (const k of Object.keys(o)) if (!TOP_KEYS.includes(k)) throw bad(where, k, `不是已知的配置项（可用：${TOP_KEYS.join(', ')}）`, `is not a known key (${TOP_KEYS.join(', ')})`);
  const base = dirname(where);
  const path = (key: string, def: string): string => {
    const v = o[key] ?? def;
    if (typeof v !== 'string' || v === '') throw bad(where, key, '应为路径文本', 'must be a path');
    // A server database (postgres://…) is a URL, not a path beside the config.
    return v === ':memory:' || /^postgres(ql)?:\/\//i.test(v) ? v : resolve(base, v);
  };
  const lang = o.lang ?? 'zh';
  if (lang !== 'zh' && lang !== 'en') throw bad(where, 'lang', '只能是 zh 或 en', 'must be zh or en');
  const schedule = (o.schedule ?? {}) as Record<string, unknown>;
  const cron = schedule.cron ?? '0 2 * * *';
  const timezone = schedule.timezone ?? 'Asia/Shanghai';
  if (typeof cron !== 'string') throw bad(where, 'schedule.cron', '应为 cron 表达式文本', 'must be a cron expression');
  if (typeof timezone !== 'string') throw bad(where, 'schedule.timezone', '应为时区名称', 'must be a time zone name');
  const rules = (o.rules ?? {}) as Record<string, unknown>;
  if (typeof rules !== 'object' || Array.isArray(rules)) throw bad(where, 'rules', '应为键值对', 'must be a mapping');
  const ruleSettings: Record<string, RuleSetting> = {};
  for (const [id, v] of Object.entries(rules)) {
    if (typeof v === 'string') {
      if (!['off', 'high', 'medium', 'low'].includes(v)) throw bad(where, `rules.${id}`, '只能是 off、high、medium、low', 'must be off, high, medium or low');
      ruleSettings[id] = { severity: v as RuleSetting['severity'] };
    } else if (v && typeof v === 'object') {
      ruleSettings[id] = v as RuleSetting;
    } else throw bad(where, `rules.${id}`, '应为级别或 { severity, options }', 'must be a severity or { severity, options }');
  }
  const profiles: Record<string, BankProfile> = {};
  for (const [name, v] of Object.entries((o.bankProfiles ?? {}) as Record<string, unknown>)) {
    profiles[name] = parseProfile(where, name, v);
  }
  const inboxProfiles = (o.inboxProfiles ?? {}) as Record<string, unknown>;
  if (typeof inboxProfiles !== 'object' || Array.isArray(inboxProfiles)) throw bad(where, 'inboxProfiles', '应为「文件名通配符: 银行配置名」的键值对', 'must map file-name patterns to bank profile names');
  for (const [pattern, name] of Object.entries(inboxProfiles)) {
    if (typeof name !== 'string' || !profiles[name]) {
      throw bad(where, `inboxProfiles."${pattern}"`, `应为 bankProfiles 中已定义的银行配置名（已有：${Object.keys(profiles).join('、') || '无'}）`, `must name a profile defined under bankProfiles (${Object.keys(profiles).join(', ') || 'none'})`);
    }
  }
  return {
    file,
    database: path('database', 'data/relief-recon.db'),
    inbox: path('inbox', 'data/inbox'),
    archive: path('archive', 'data/archive'),
    reports: path('reports', 'data/reports'),
    lang,
    schedule: { cron, timezone },
    rules: ruleSettings,
    bankProfiles: profiles,
    inboxProfiles: Object.entries(inboxProfiles).map(([pattern, profile]) => ({ pattern, profile: profile as string })),
    batchNumber: parseBatchNumber(where, o.batchNumber),
    portal: parsePortal(where, o.portal, (v) => (v === ':memory:' ? v : resolve(base, v))),
    allocation: parseAllocation(where, o.allocation),
    notice: parseNotice(where, o.notice),
    referenceLists: parseReferenceLists(where, o.referenceLists),
  };
}

/** The batch-number pattern: a regular expression with at least one usable named group, and its program-code table. */
export function parseBatchNumber(where: string, v: unknown): BatchNumberPattern | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw bad(where, 'batchNumber', '应为 { pattern, programs }', 'must be { pattern, programs }');
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (k !== 'pattern' && k !== 'programs') throw bad(where, `batchNumber.${k}`, '不是已知的配置项（可用：pattern, programs）', 'is not a known key (pattern, programs)');
  if (typeof o.pattern !== 'string' || o.pattern === '') throw bad(where, 'batchNumber.pattern', '应为正则表达式文本', 'must be a regular expression');
  let pattern: RegExp;
  try {
    pattern = new RegExp(o.pattern, 'u');
  } catch (e) {
    throw bad(where, 'batchNumber.pattern', `不是有效的正则表达式：${(e as Error).message}`, `is not a valid regular expression: ${(e as Error).message}`);
  }
  // The names of the pattern's groups, read off a match-free probe of its source.
  const groups = [...o.pattern.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)].map((m) => m[1]!);
  const usable = groups.filter((g) => (BATCH_NUMBER_GROUPS as readonly string[]).includes(g));
  if (usable.length === 0) {
    throw bad(where, 'batchNumber.pattern', `没有可用的命名分组：应含 (?<period>…)、(?<district>…) 或 (?<program>…) 至少一个`, 'has no usable named group: it needs (?<period>…), (?<district>…) or (?<program>…)');
  }
  const table = (o.programs ?? {}) as Record<string, unknown>;
  if (typeof table !== 'object' || Array.isArray(table)) throw bad(where, 'batchNumber.programs', '应为「类别代码: 类别」的键值对', 'must map program codes to programs');
  const programs: Record<string, Program> = {};
  for (const [code, name] of Object.entries(table)) {
    const p = typeof name === 'string' ? parseProgram(name) : null;
    if (!p) throw bad(where, `batchNumber.programs."${code}"`, '应为低保、特困或临时救助', 'must be 低保, 特困 or 临时救助');
    programs[code] = p;
  }
  if (usable.includes('program') && Object.keys(programs).length === 0) {
    throw bad(where, 'batchNumber.programs', '缺少：pattern 有 program 分组，需要类别代码表（如 { "01": 低保 }）', 'is missing: the pattern has a program group, so give the program-code table (e.g. { "01": 低保 })');
  }
  return { pattern, programs };
}

const LIST_KEYS = ['name', 'idColumns', 'nameColumns', 'files', 'severity', 'title', 'titleEn', 'message', 'messageEn', 'clause', 'proxies'];
export const DEFAULT_ID_COLUMNS = ['身份证号码', '身份证号', '公民身份号码', '证件号码', '身份证'];
export const DEFAULT_NAME_COLUMNS = ['姓名', '名称'];
export const DEFAULT_LIST_MESSAGE = '{who}出现在「{list}」中（{listRow}），本月享受{programs}，核定 {approvedFen} 元';
export const DEFAULT_LIST_MESSAGE_EN = '{who} is on the list "{list}" ({listRow}), receives {programs} this month, {approvedFen} yuan approved';

/** A declared list's English message: the same {placeholders} as its Chinese one, or refused. */
function listMessageEn(where: string, at: string, zhText: string, enText: string): string {
  const [a, b] = [placeholders(zhText).join(', '), placeholders(enText).join(', ')];
  if (a !== b) throw bad(where, `${at}.messageEn`, `的占位符（${b || '无'}）应与 message 的相同（${a || '无'}）`, `must have the placeholders of message (${a || 'none'}), not (${b || 'none'})`);
  return enText;
}

function parseReferenceLists(where: string, v: unknown): ReferenceListConfig[] {
  if (v === undefined || v === null) return [];
  if (typeof v !== 'object' || Array.isArray(v)) throw bad(where, 'referenceLists', '应为「名单代号: { name, title, clause, … }」的键值对', 'must map list keys to { name, title, clause, … }');
  return Object.entries(v as Record<string, unknown>).map(([key, raw]) => {
    const at = `referenceLists.${key}`;
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(key)) throw bad(where, at, '的代号只能用小写字母、数字和连字符（如 public-employees）', 'key must be lower-case words joined by hyphens');
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw bad(where, at, '应为键值对', 'must be a mapping');
    const l = raw as Record<string, unknown>;
    for (const k of Object.keys(l)) if (!LIST_KEYS.includes(k)) throw bad(where, `${at}.${k}`, `不是已知的配置项（可用：${LIST_KEYS.join(', ')}）`, `is not a known key (${LIST_KEYS.join(', ')})`);
    const text = (k: string, def?: string): string => {
      const s = l[k] ?? def;
      if (typeof s !== 'string' || s.trim() === '') throw bad(where, `${at}.${k}`, '应为文本（必填）', 'must be text (required)');
      return s.trim();
    };
    const list = (k: string, def: string[]): string[] => {
      const a = l[k] ?? def;
      if (!Array.isArray(a) || a.length === 0 || a.some((x) => typeof x !== 'string' || x.trim() === '')) throw bad(where, `${at}.${k}`, '应为非空的文本列表', 'must be a list of texts');
      return (a as string[]).map((x) => x.trim());
    };
    const severity = l.severity ?? 'medium';
    if (!['high', 'medium', 'low'].includes(severity as string)) throw bad(where, `${at}.severity`, '只能是 high、medium、low', 'must be high, medium or low');
    if (l.proxies !== undefined && typeof l.proxies !== 'boolean') throw bad(where, `${at}.proxies`, '只能是 true 或 false', 'must be true or false');
    const name = text('name');
    return {
      key, name, idColumns: list('idColumns', DEFAULT_ID_COLUMNS), nameColumns: list('nameColumns', DEFAULT_NAME_COLUMNS), files: l.files === undefined ? [] : list('files', []),
      severity: severity as ReferenceListConfig['severity'], title: text('title'), titleEn: text('titleEn', `Recipient or proxy is in the list ${key}`),
      message: text('message', DEFAULT_LIST_MESSAGE), ...(l.messageEn === undefined ? {} : { messageEn: listMessageEn(where, at, text('message', DEFAULT_LIST_MESSAGE), text('messageEn')) }),
      clause: text('clause'), proxies: l.proxies !== false,
    };
  });
}

const NOTICE_KEYS = ['nameMask', 'days', 'complaintChannel', 'issuer'];
export const DEFAULT_COMPLAINT_CHANNEL = '所在乡镇（街道）社会救助经办机构及县级民政部门';

function parseNotice(where: string, v: unknown): NoticeConfig {
  const n = (v ?? {}) as Record<string, unknown>;
  if (typeof n !== 'object' || Array.isArray(n)) throw bad(where, 'notice', '应为键值对', 'must be a mapping');
  for (const k of Object.keys(n)) if (!NOTICE_KEYS.includes(k)) throw bad(where, `notice.${k}`, `不是已知的配置项（可用：${NOTICE_KEYS.join(', ')}）`, `is not a known key (${NOTICE_KEYS.join(', ')})`);
  const nameMask = n.nameMask ?? 'partial';
  if (!NAME_MASKS.includes(nameMask as NameMask)) throw bad(where, 'notice.nameMask', '只能是 partial（张*明）、surname（张**）或 full（全名）', 'must be partial, surname or full');
  const days = n.days ?? 7;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 90) throw bad(where, 'notice.days', '应为 1 到 90 之间的整数', 'must be a whole number from 1 to 90');
  const channel = n.complaintChannel ?? DEFAULT_COMPLAINT_CHANNEL;
  if (typeof channel !== 'string' || channel.trim() === '') throw bad(where, 'notice.complaintChannel', '应为文本（异议受理的机构、电话或地址）', 'must be text');
  const issuer = n.issuer ?? null;
  if (issuer !== null && (typeof issuer !== 'string' || issuer.trim() === '')) throw bad(where, 'notice.issuer', '应为文本', 'must be text');
  return { nameMask: nameMask as NameMask, days, complaintChannel: channel.trim(), issuer: issuer === null ? null : (issuer as string).trim() };
}

const PORTAL_KEYS = ['host', 'port', 'trustProxy', 'staging', 'maxUploadMb', 'parseSeconds', 'sessionHours', 'secretFile', 'unmaskRoles', 'loginAttempts', 'loginWindowMinutes'];

function parseAllocation(where: string, v: unknown): Config['allocation'] {
  const a = (v ?? {}) as Record<string, unknown>;
  if (typeof a !== 'object' || Array.isArray(a)) throw bad(where, 'allocation', '应为键值对', 'must be a mapping');
  for (const k of Object.keys(a)) if (k !== 'weights') throw bad(where, `allocation.${k}`, '不是已知的配置项（可用：weights）', 'is not a known key (weights)');
  const w = (a.weights ?? {}) as Record<string, unknown>;
  if (typeof w !== 'object' || Array.isArray(w)) throw bad(where, 'allocation.weights', '应为键值对', 'must be a mapping');
  const weights: Record<string, string> = { ...DEFAULT_ALLOCATION_WEIGHTS };
  for (const [k, x] of Object.entries(w)) {
    if (!(WEIGHT_KEYS as readonly string[]).includes(k)) throw bad(where, `allocation.weights.${k}`, `不是已知的因素（可用：${WEIGHT_KEYS.join(', ')}）`, `is not a known factor (${WEIGHT_KEYS.join(', ')})`);
    if (typeof x !== 'number' && typeof x !== 'string') throw bad(where, `allocation.weights.${k}`, '应为百分数（如 50）', 'must be a percentage (e.g. 50)');
    weights[k] = String(x);
  }
  return { weights: weights as Config['allocation']['weights'] };
}

function parsePortal(where: string, v: unknown, path: (p: string) => string): PortalConfig {
  const p = (v ?? {}) as Record<string, unknown>;
  if (typeof p !== 'object' || Array.isArray(p)) throw bad(where, 'portal', '应为键值对', 'must be a mapping');
  for (const k of Object.keys(p)) if (!PORTAL_KEYS.includes(k)) throw bad(where, `portal.${k}`, `不是已知的配置项（可用：${PORTAL_KEYS.join(', ')}）`, `is not a known key (${PORTAL_KEYS.join(', ')})`);
  const int = (key: string, def: number, min: number, max: number): number => {
    const n = p[key] ?? def;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) throw bad(where, `portal.${key}`, `应为 ${min} 到 ${max} 之间的整数`, `must be a whole number from ${min} to ${max}`);
    return n;
  };
  const text = (key: string, def: string): string => {
    const s = p[key] ?? def;
    if (typeof s !== 'string' || s === '') throw bad(where, `portal.${key}`, '应为文本', 'must be text');
    return s;
  };
  const trustProxy = p.trustProxy ?? false;
  if (typeof trustProxy !== 'boolean' && typeof trustProxy !== 'string' && !(typeof trustProxy === 'number' && Number.isInteger(trustProxy) && trustProxy >= 0)) {
    throw bad(where, 'portal.trustProxy', '应为 true / false、代理层数，或代理地址（如 "127.0.0.1"）', 'must be true / false, a hop count, or proxy addresses');
  }
  const roles = p.unmaskRoles ?? ['operator'];
  if (!Array.isArray(roles) || roles.some((r) => !PORTAL_ROLES.includes(r as PortalRole))) {
    throw bad(where, 'portal.unmaskRoles', `应为角色列表（可用：${PORTAL_ROLES.join('、')}）`, `must be a list of roles (${PORTAL_ROLES.join(', ')})`);
  }
  return {
    host: text('host', '127.0.0.1'),
    port: int('port', 8640, 0, 65535),
    trustProxy,
    staging: path(text('staging', 'data/staging')),
    maxUploadBytes: int('maxUploadMb', 50, 1, 2048) * 1024 * 1024,
    parseSeconds: int('parseSeconds', 60, 1, 3600),
    sessionHours: int('sessionHours', 8, 1, 24 * 30),
    secretFile: path(text('secretFile', 'data/portal-secret.key')),
    unmaskRoles: roles as PortalRole[],
    loginAttempts: int('loginAttempts', 5, 1, 1000),
    loginWindowMinutes: int('loginWindowMinutes', 15, 1, 24 * 60),
  };
}

function parseProfile(where: string, name: string, v: unknown): BankProfile {
  const key = `bankProfiles.${name}`;
  if (!v || typeof v !== 'object') throw bad(where, key, '应为键值对', 'must be a mapping');
  const p = v as Record<string, unknown>;
  const delimiter = p.delimiter === '\\t' ? '\t' : p.delimiter;
  if (typeof delimiter !== 'string' || delimiter.length !== 1) throw bad(where, `${key}.delimiter`, '应为单个分隔字符，如 "|"', 'must be one character');
  const encoding = p.encoding ?? 'auto';
  if (!['auto', 'utf-8', 'utf-8-bom', 'gb18030', 'gbk'].includes(String(encoding))) throw bad(where, `${key}.encoding`, '只能是 auto、utf-8、gb18030（或 gbk）', 'must be auto, utf-8 or gb18030');
  if (!Array.isArray(p.columns) || p.columns.length === 0) throw bad(where, `${key}.columns`, '应为列名列表', 'must be a list of fields');
  for (const c of p.columns) {
    if (c !== null && !BANK_FIELDS.includes(String(c))) throw bad(where, `${key}.columns`, `中的「${String(c)}」不是已知字段（可用：${BANK_FIELDS.join(', ')}）`, `has unknown field ${String(c)}`);
  }
  const cols = p.columns as (string | null)[];
  if (!cols.includes('amount') || !cols.includes('status') || !(cols.includes('accountNo') || cols.includes('idNumber'))) {
    throw bad(where, `${key}.columns`, '至少要有 amount、status，以及 accountNo 或 idNumber', 'needs amount, status, and accountNo or idNumber');
  }
  const bank = p.bank === undefined ? undefined : typeof p.bank === 'string' && p.bank.trim() ? p.bank.trim().slice(0, 100) : null;
  if (bank === null) throw bad(where, `${key}.bank`, '应为银行名称，如 重庆农村商业银行', 'must be a bank name');
  const codes = (p.statusCodes ?? {}) as Record<string, unknown>;
  for (const [code, s] of Object.entries(codes)) {
    if (!STATUSES.includes(s as PaymentStatus)) throw bad(where, `${key}.statusCodes.${code}`, `只能是 ${STATUSES.join('、')}`, `must be one of ${STATUSES.join(', ')}`);
  }
  return {
    name,
    delimiter,
    encoding: encoding === 'gbk' ? 'gb18030' : (encoding as BankProfile['encoding']),
    columns: cols,
    statusCodes: codes as Record<string, PaymentStatus>,
    amountsInFen: p.amountsInFen === true,
    ...(bank ? { bank } : {}),
  };
}
