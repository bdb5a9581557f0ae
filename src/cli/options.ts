/** Ingest options given on the command line (--kind, --period, --district, --program, --profile), checked. */
import { findDistrict, parsePeriod, parseProgram, type Program } from '../domain/index.ts';
import type { InputKind } from '../db/index.ts';
import type { Config } from '../config.ts';
import { EXIT, UserError } from '../errors.ts';
import type { BankProfile, ListRequest } from '../ingest/index.ts';
import { str, type ParsedArgs } from './args.ts';

export const INGEST_OPTIONS = {
  kind: { type: 'string', short: 'k' },
  period: { type: 'string', short: 'p' },
  district: { type: 'string', short: 'd' },
  program: { type: 'string' },
  profile: { type: 'string' },
  list: { type: 'string' },
  bank: { type: 'string' },
} as const;

export const INGEST_HELP_ZH = `  --kind, -k KIND       文件类型：roster | bank | staff | proxy | deaths | standards | allocation | petty-cash（默认按表头自动识别）
  --period, -p YYYY-MM  文件未写明时的发放月份
  --district, -d NAME   文件未写明时的区县（名称或代码）
  --program PROGRAM     文件未写明时的救助类别（低保 / 特困 / 临时救助）
  --profile NAME        无表头银行文件所用的银行配置（见配置文件 bankProfiles）
  --list KEY            按配置 referenceLists 中声明的比对名单读取（如 public-employees）
  --bank NAME           银行文件所属的银行（默认取银行配置的 bank）；批次只能由同一家银行的文件替代`;
export const INGEST_HELP_EN = `  --kind, -k KIND       roster | bank | staff | proxy | deaths | standards | allocation | petty-cash (default: detected from the header)
  --period, -p YYYY-MM  period when the file does not state it
  --district, -d NAME   district (name or code) when the file does not state it
  --program PROGRAM     program (低保 / 特困 / 临时救助) when the file does not state it
  --profile NAME        bank profile for a header-less bank file (config: bankProfiles)
  --list KEY            a cross-check list declared under referenceLists in the config
  --bank NAME           the bank that sent a bank file (default: the profile's bank); a batch is replaced only by its own bank`;

const KINDS: readonly InputKind[] = ['roster', 'bank', 'staff', 'proxy', 'deaths', 'standards', 'allocation', 'petty-cash'];

export interface IngestArgs {
  kind?: InputKind;
  period?: string;
  district?: string;
  program?: Program;
  profile?: BankProfile;
  list?: ListRequest;
  bank?: string;
}

function usage(zh: string, en: string): UserError {
  return new UserError('usage', zh, en, EXIT.badInput);
}

export function ingestArgs(args: ParsedArgs, config: Config): IngestArgs {
  const out: IngestArgs = {};
  const kind = str(args, 'kind');
  if (kind !== undefined) {
    if (!KINDS.includes(kind as InputKind)) throw usage(`--kind 只能是 ${KINDS.join('、')}`, `--kind must be one of ${KINDS.join(', ')}`);
    out.kind = kind as InputKind;
  }
  const period = str(args, 'period');
  if (period !== undefined) {
    const p = parsePeriod(period);
    if (!p) throw usage(`--period "${period}" 不是有效月份（如 2026-11）`, `--period "${period}" is not a month (e.g. 2026-11)`);
    out.period = p;
  }
  const district = str(args, 'district');
  if (district !== undefined) {
    const d = findDistrict(district);
    if (!d) throw usage(`--district "${district}" 不是重庆市的区县名称或代码`, `--district "${district}" is not a Chongqing district name or code`);
    out.district = d.name;
  }
  const program = str(args, 'program');
  if (program !== undefined) {
    const p = parseProgram(program);
    if (!p) throw usage(`--program "${program}" 不是已知的救助类别（低保、特困、临时救助）`, `--program "${program}" is not a known program`);
    out.program = p;
  }
  const profile = str(args, 'profile');
  if (profile !== undefined) {
    const p = config.bankProfiles[profile];
    if (!p) throw usage(`配置文件中没有名为「${profile}」的银行配置（已有：${Object.keys(config.bankProfiles).join('、') || '无'}）`, `No bank profile "${profile}" in the config`);
    out.profile = p;
    if (out.kind && out.kind !== 'bank') throw usage('--profile 只用于银行文件（--kind bank）', '--profile is for bank files only');
  }
  const list = str(args, 'list');
  if (list !== undefined) {
    const l = config.referenceLists.find((x) => x.key === list);
    if (!l) throw usage(`配置文件 referenceLists 中没有名为「${list}」的比对名单（已有：${config.referenceLists.map((x) => x.key).join('、') || '无'}）`, `No list "${list}" under referenceLists in the config`);
    if (out.kind || out.profile) throw usage('--list 不能与 --kind、--profile 同用', '--list cannot be combined with --kind or --profile');
    out.list = l;
  }
  const bank = str(args, 'bank');
  if (bank !== undefined) {
    const name = bank.trim();
    if (!name || name.length > 100 || /[\u0000-\u001f\u007f]/.test(name)) throw usage('--bank 应为银行名称，如 重庆农村商业银行', '--bank must be a bank name');
    if (out.kind && out.kind !== 'bank') throw usage('--bank 只用于银行文件（--kind bank）', '--bank is for bank files only');
    out.bank = name;
  }
  return out;
}
