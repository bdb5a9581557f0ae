/**
 * The config file (YAML, so it can carry comments for the operator), checked against its schema
 * (config-schema.ts): a bad key or value is refused with its YAML line and what is allowed, in Chinese
 * and English. Relative paths are resolved against the config file's folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { configError } from './config-errors.ts';
import { configSchema } from './config-schema.ts';
import { configTemplate } from './config-template.ts';
import { parseProgram, type Program } from './domain/index.ts';
import { UserError } from './errors.ts';
import type { BankProfile } from './ingest/profile.ts';

export {
  BATCH_NUMBER_GROUPS, DEFAULT_ALLOCATION_WEIGHTS, DEFAULT_COMPLAINT_CHANNEL, DEFAULT_ID_COLUMNS, DEFAULT_LIST_MESSAGE, DEFAULT_LIST_MESSAGE_EN, DEFAULT_NAME_COLUMNS, NAME_MASKS, PORTAL_ROLES,
} from './config-schema.ts';

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

export type PortalRole = 'operator' | 'bank' | 'supervisor';

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

export const DEFAULT_CONFIG_TEXT = configTemplate();

export function loadConfig(path?: string): Config {
  const file = resolve(path ?? DEFAULT_CONFIG_FILE);
  if (!existsSync(file)) {
    if (path) throw new UserError('config', `找不到配置文件 ${file}。可先运行 init 生成默认配置。`, `Config file ${file} not found; run init first.`);
    return parseConfig(DEFAULT_CONFIG_TEXT, file, null);
  }
  return parseConfig(readFileSync(file, 'utf8'), file, file);
}

/**
 * A key left empty (`rules:` with every line under it commented out, `issuer:`) means its default, as it
 * always has: mappings lose their null entries (a list keeps its nulls: a bank profile's ignored column).
 */
function withoutEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => (x !== null && typeof x === 'object' ? withoutEmpty(x) : x));
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, withoutEmpty(x)]));
}

/** Reads and checks a config text; `where` names it in messages and anchors its relative paths. */
export function parseConfig(text: string, where: string, file: string | null): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    const why = doc.errors[0]!.message;
    throw new UserError('config', `配置文件 ${where} 不是有效的 YAML：${why}`, `Config ${where} is not valid YAML: ${why}`);
  }
  const raw = withoutEmpty(doc.toJS()) ?? {};
  // The lists the file declares are rules too (list-<key>), so `rules` may set them.
  const lists = (raw as { referenceLists?: unknown }).referenceLists;
  const listKeys = lists && typeof lists === 'object' && !Array.isArray(lists) ? Object.keys(lists) : [];
  const schema = configSchema(listKeys);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw configError(where, parsed.error.issues, schema, raw, doc, lineCounter);
  const c = parsed.data;
  const base = dirname(where);
  // A server database (postgres://…) is a URL, not a path beside the config.
  const path = (v: string): string => (v === ':memory:' || /^postgres(ql)?:\/\//i.test(v) ? v : resolve(base, v));
  const { maxUploadMb, ...portal } = c.portal;
  return {
    file,
    database: path(c.database),
    inbox: path(c.inbox),
    archive: path(c.archive),
    reports: path(c.reports),
    lang: c.lang,
    schedule: c.schedule,
    rules: c.rules as Record<string, RuleSetting>,
    bankProfiles: Object.fromEntries(
      Object.entries(c.bankProfiles).map(([name, p]): [string, BankProfile] => [
        name,
        { name, delimiter: p.delimiter, encoding: p.encoding === 'gbk' ? 'gb18030' : p.encoding, columns: p.columns, statusCodes: p.statusCodes, amountsInFen: p.amountsInFen, ...(p.bank ? { bank: p.bank } : {}) },
      ]),
    ),
    inboxProfiles: Object.entries(c.inboxProfiles).map(([pattern, profile]) => ({ pattern, profile })),
    batchNumber: c.batchNumber && {
      pattern: new RegExp(c.batchNumber.pattern, 'u'),
      programs: Object.fromEntries(Object.entries(c.batchNumber.programs).map(([code, name]) => [code, parseProgram(name)!])),
    },
    portal: { ...portal, staging: path(portal.staging), secretFile: path(portal.secretFile), maxUploadBytes: maxUploadMb * 1024 * 1024 },
    allocation: c.allocation,
    notice: c.notice,
    referenceLists: Object.entries(c.referenceLists).map(([key, l]) => ({
      key, ...l, files: l.files ?? [], titleEn: l.titleEn ?? `Recipient or proxy is in the list ${key}`,
    })),
  };
}
