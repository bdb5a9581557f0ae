/**
 * The money trail (渝民发〔2020〕5号 四（二）): 资金下达 / 拨付 rows → allocations, and a township's
 * 临时救助备用金台账 rows → petty_cash. See docs/inputs/funds.md for the columns and the edge cases decided.
 */
import { findDistrict, findDistrictInText, normaliseName, parseFen, parseProgram, RESERVE_FUND, type Program } from '../../domain/index.ts';
import type { CellValue } from '../readers/types.ts';
import { cell, idNumber, missing, money, reason, requiredDate, shown, text, textOrNull } from './cells.ts';
import { district } from './district.ts';
import type { Reason, RowContext, RowNormaliser } from './types.ts';

const SOURCES: readonly [RegExp, string][] = [
  [/^中央/, 'central'],
  [/^(市级|市本级|市财政|市)/, 'city'],
  [/^(区县本级|区县|本级|区级|县级|区本级|县本级)/, 'district'],
];

/** 资金来源 cell → 'central' | 'city' | 'district'; null when empty; undefined when unrecognised. */
export function parseSource(raw: string): string | null | undefined {
  if (raw === '') return null;
  for (const [re, code] of SOURCES) if (re.test(raw)) return code;
  return undefined;
}

/** 救助类别 of an allocation: a program, with 备用金 marking the townships' reserve; 资金 / 补助资金 dropped. */
export function parseFund(raw: string): { program: Program; fund: string } | null {
  const s = raw.replace(/\s+/g, '');
  const reserve = /备用金$/.test(s);
  const core = s.replace(/备用金$/, '').replace(/(补助资金|资金|补助)$/, '');
  const program = parseProgram(core) ?? parseProgram(s);
  if (!program) return null;
  if (reserve && program !== 'linshi') return null;
  return { program, fund: reserve ? RESERVE_FUND : program };
}

/** 下达对象 → its level: a district, or a township / street office. */
function recipientLevel(raw: string | null): string | null {
  if (!raw) return null;
  if (/(乡|镇|街道)$/.test(raw) || /乡镇|街道/.test(raw)) return 'township';
  if (findDistrict(raw) || findDistrictInText(raw) || /区县|[区县]$/.test(raw)) return 'district';
  return null;
}

/**
 * An amount in 万元 (the header says so: 金额（万元）) → fen, exactly: up to six decimals, scanned as text,
 * never multiplied as a float.
 */
function moneyInWan(v: CellValue): { ok: true; fen: number } | { ok: false; problem: 'empty' | 'not-a-number' | 'too-many-decimals' | 'negative' | 'too-large' } {
  if (v === null) return { ok: false, problem: 'empty' };
  const s = typeof v === 'number' ? String(v) : v instanceof Date ? '' : String(v).normalize('NFKC').replace(/\s+/g, '');
  if (s === '') return { ok: false, problem: 'empty' };
  if (/^[-−(（]/.test(s)) return { ok: false, problem: 'negative' };
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return { ok: false, problem: 'not-a-number' };
  const frac = m[2] ?? '';
  if (frac.length > 6 && /[1-9]/.test(frac.slice(6))) return { ok: false, problem: 'too-many-decimals' };
  const f6 = frac.slice(0, 6).padEnd(6, '0');
  const parsed = parseFen(`${m[1]!.replace(/,/g, '')}${f6.slice(0, 4)}.${f6.slice(4)}`);
  return parsed.ok ? parsed : { ok: false, problem: parsed.problem };
}

function amountOf(cells: readonly CellValue[], ctx: RowContext, reasons: Reason[]): number | null {
  const header = ctx.headerOf.get('amount') ?? '';
  if (!/万元/.test(header)) return money(cells, ctx, 'amount', reasons);
  const v = cell(cells, ctx, 'amount');
  const r = moneyInWan(v);
  if (r.ok) return r.fen;
  const raw = shown(v);
  reasons.push(
    reason(
      ctx,
      'amount',
      `money-${r.problem}`,
      (f) => (r.problem === 'empty' ? `${f}为空` : `${f} "${raw}" 不是有效的万元金额（最多六位小数，不能为负数）`),
      (f) => (r.problem === 'empty' ? `${f} is empty` : `${f} "${raw}" is not a valid amount in 万元 (at most six decimals, not negative)`),
    ),
  );
  return null;
}

function requiredDistrict(cells: readonly CellValue[], ctx: RowContext, reasons: Reason[]): { name: string; code: string | null } | null {
  const d = district(cells, ctx);
  if (d.name) return { name: d.name, code: d.code };
  reasons.push(
    reason(ctx, 'district', 'district-unknown', () => '无法确定区县：文件没有区县列，标题和文件名中也没有唯一的区县；请用 --district 指定', () => 'district cannot be determined; give --district'),
  );
  return null;
}

export const allocationRows: RowNormaliser<'allocations'> = {
  normalise(cells, rowNo, ctx) {
    const reasons: Reason[] = [];
    const docNo = textOrNull(cells, ctx, 'docNo');
    if (!docNo) reasons.push(missing(ctx, 'docNo', ['：没有文号无法追溯这笔资金', ': without it the money cannot be traced']));
    const on = requiredDate(cells, ctx, 'allocatedOn', reasons);
    const rawSource = text(cells, ctx, 'source');
    const source = parseSource(rawSource);
    if (source === undefined) {
      reasons.push(reason(ctx, 'source', 'source-unknown', (f) => `${f} "${rawSource}" 不是已知的资金来源（中央、市级、区县本级）`, (f) => `${f} "${rawSource}" is not a known source (中央, 市级, 区县本级)`));
    }
    const rawProgram = text(cells, ctx, 'program');
    const fund = rawProgram ? parseFund(rawProgram) : ctx.defaults.program ? { program: ctx.defaults.program, fund: ctx.defaults.program } : null;
    if (!fund) {
      reasons.push(
        rawProgram
          ? reason(ctx, 'program', 'program-unknown', (f) => `${f} "${rawProgram}" 不是已知的救助类别（低保、特困、临时救助、临时救助备用金）；合并下达的资金请按类别分行填写`, (f) => `${f} "${rawProgram}" is not a known program (低保, 特困, 临时救助, 临时救助备用金); split combined allocations by program`)
          : reason(ctx, 'program', 'program-unknown', () => '无法确定救助类别：文件没有类别列，也未指定；请用 --program 指定', () => 'program cannot be determined; give --program'),
      );
    }
    const amount = amountOf(cells, ctx, reasons);
    const d = requiredDistrict(cells, ctx, reasons);
    if (reasons.length) return { ok: false, reasons };
    const recipient = textOrNull(cells, ctx, 'recipient');
    return {
      ok: true,
      row: {
        rowNo,
        docNo: docNo!,
        allocatedOn: on!,
        source: source ?? null,
        district: d!.name,
        districtCode: d!.code,
        program: fund!.program,
        fund: fund!.fund,
        recipient,
        recipientLevel: recipientLevel(recipient),
        amountFen: amount!,
      },
    };
  },
};

const METHODS: readonly [RegExp, string][] = [
  [/现金/, 'cash'],
  [/实物|物资/, 'in-kind'],
  [/转账|银行|打卡|代发|汇款/, 'transfer'],
];

export function parseMethod(raw: string): string | null {
  for (const [re, code] of METHODS) if (re.test(raw)) return code;
  return null;
}

export const pettyCashRows: RowNormaliser<'pettyCash'> = {
  normalise(cells, rowNo, ctx) {
    const reasons: Reason[] = [];
    const on = requiredDate(cells, ctx, 'spentOn', reasons);
    const name = normaliseName(text(cells, ctx, 'name'));
    if (!name) reasons.push(missing(ctx, 'name', ['：备用金支出必须写明受助人', ': a petty-cash payment must name its recipient']));
    const rawMethod = text(cells, ctx, 'method');
    const method = parseMethod(rawMethod);
    if (!method) {
      reasons.push(
        reason(ctx, 'method', 'method-unknown', (f) => (rawMethod ? `${f} "${rawMethod}" 不是已知的发放方式（现金、实物、转账）` : `${f}为空：应为现金、实物或转账`), (f) => (rawMethod ? `${f} "${rawMethod}" is not a known method (cash, in kind, transfer)` : `${f} is empty: cash, in kind or transfer`)),
      );
    }
    const amountCell = cell(cells, ctx, 'amount');
    const amount = method === 'in-kind' && (amountCell === null || String(amountCell).trim() === '')
      ? (reasons.push(reason(ctx, 'amount', 'money-empty', (f) => `${f}为空：实物救助须按物品价值填写金额`, (f) => `${f} is empty: in-kind aid is recorded at its value`)), null)
      : money(cells, ctx, 'amount', reasons);
    const d = requiredDistrict(cells, ctx, reasons);
    if (reasons.length) return { ok: false, reasons };
    const id = idNumber(cells, ctx, 'idNumber');
    const handler = text(cells, ctx, 'handler');
    return {
      ok: true,
      row: {
        rowNo,
        district: d!.name,
        districtCode: d!.code,
        township: textOrNull(cells, ctx, 'township'),
        spentOn: on!,
        name,
        idNumber: id?.value ?? null,
        idValid: id ? (id.valid ? 1 : 0) : null,
        method: method!,
        amountFen: amount!,
        item: textOrNull(cells, ctx, 'item'),
        registrationNo: textOrNull(cells, ctx, 'registrationNo'),
        handler: handler ? normaliseName(handler) : null,
      },
    };
  },
};
