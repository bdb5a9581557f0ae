/**
 * The config file (YAML, so it can carry comments for the operator): defaults, and validation that
 * names each bad key in Chinese. Relative paths are resolved against the config file's folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { PaymentStatus } from './domain/index.ts';
import { UserError } from './errors.ts';
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
  portal: PortalConfig;
}

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
    delimiter: "|"
    encoding: gb18030
    columns: [batchNo, serialNo, accountNo, accountHolder, idNumber, amount, fee, null, label, paidOn, status, failReason]
    statusCodes: { S: paid, F: failed, B: returned, P: pending }
    amountsInFen: true

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
  sessionHours: 8            # 登录有效时长（小时）
  secretFile: data/portal-secret.key   # Cookie 签名密钥文件（首次启动自动生成，权限 0600）
  unmaskRoles: [operator]    # 可看完整身份证号、账号的角色（operator / bank / supervisor）；其余一律打码
  loginAttempts: 5           # 同一账号或同一地址在下述时间内允许的登录失败次数
  loginWindowMinutes: 15
`;

const TOP_KEYS = ['database', 'inbox', 'archive', 'reports', 'lang', 'schedule', 'rules', 'bankProfiles', 'inboxProfiles', 'portal'];
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
    portal: parsePortal(where, o.portal, (v) => (v === ':memory:' ? v : resolve(base, v))),
  };
}

const PORTAL_KEYS = ['host', 'port', 'trustProxy', 'staging', 'maxUploadMb', 'sessionHours', 'secretFile', 'unmaskRoles', 'loginAttempts', 'loginWindowMinutes'];

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
  };
}
