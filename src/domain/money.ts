// Money policy (decided once, here): amounts are integer fen held in plain JS numbers and
// every parsed value is checked with Number.isSafeInteger (≤ 9,007,199,254,740,991 fen, about
// 90 trillion yuan). Totals are summed in SQL (SQLite 64-bit integers), never by adding floats
// here, and a national month (~30 million rows × ~1,000 yuan ≈ 3×10^12 fen) is far below 2^53,
// so bigint is not needed. Strings are scanned digit by digit — never Number("12.34") * 100.
import { digitOf, isSpaceCode } from './chars.ts';

export type MoneyProblem = 'empty' | 'not-a-number' | 'too-many-decimals' | 'negative' | 'too-large';
/** A cell as readers hand it over; a Date in an amount column is not money. */
export type MoneyInput = string | number | Date | null | undefined;
export type FenResult = { ok: true; fen: number } | { ok: false; problem: MoneyProblem };

const fail = (problem: MoneyProblem): FenResult => Object.freeze({ ok: false, problem }) as FenResult;
const EMPTY = fail('empty');
const NAN = fail('not-a-number');
const DECIMALS = fail('too-many-decimals');
const NEGATIVE = fail('negative');
const TOO_LARGE = fail('too-large');

/** Yuan amount (cell text or XLSX number) → integer fen. Commas must group by three. */
export function parseFen(raw: MoneyInput): FenResult {
  if (typeof raw === 'string') return scan(raw, 2);
  if (typeof raw === 'number') return fromNumber(raw, 100);
  return raw === null || raw === undefined ? EMPTY : NAN;
}

/** Amount already in fen (bank profiles with `amountsInFen`): integer only, no currency marks. */
export function parseFenInFen(raw: MoneyInput): FenResult {
  if (typeof raw === 'string') return scan(raw, 0);
  if (typeof raw === 'number') return fromNumber(raw, 1);
  return raw === null || raw === undefined ? EMPTY : NAN;
}

function fromNumber(n: number, scale: number): FenResult {
  if (!Number.isFinite(n)) return NAN;
  const scaled = n * scale;
  const fen = Math.round(scaled);
  // Binary noise (0.1 + 0.2 → 0.30000000000000004) is within 1e-9 yuan of a whole fen;
  // a real third decimal (12.345) is not. The relative term covers the product's own rounding.
  if (Math.abs(scaled - fen) > Math.max(1e-9 * 100, Math.abs(scaled) * 2 ** -50)) return DECIMALS;
  if (fen < 0) return NEGATIVE;
  if (!Number.isSafeInteger(fen)) return TOO_LARGE;
  return { ok: true, fen: fen === 0 ? 0 : fen }; // never -0
}

const YUAN_SIGNS = (c: number): boolean => c === 0xa5 || c === 0xffe5; // ¥ ￥
const YUAN_CHAR = 0x5143; // 元
const isMinus = (c: number): boolean => c === 0x2d || c === 0x2212 || c === 0xff0d;
const isPlus = (c: number): boolean => c === 0x2b || c === 0xff0b;
const isOpenParen = (c: number): boolean => c === 0x28 || c === 0xff08;
const isCloseParen = (c: number): boolean => c === 0x29 || c === 0xff09;
const isComma = (c: number): boolean => c === 0x2c || c === 0xff0c;
const isPoint = (c: number): boolean => c === 0x2e || c === 0xff0e;

/** `decimals` is 2 for yuan text, 0 for fen text. */
function scan(s: string, decimals: 0 | 2): FenResult {
  let i = 0;
  let end = s.length;
  while (i < end && isSpaceCode(s.charCodeAt(i))) i++;
  while (end > i && isSpaceCode(s.charCodeAt(end - 1))) end--;
  if (i === end) return EMPTY;

  let negative = false;
  if (isOpenParen(s.charCodeAt(i))) {
    // Accounting notation: (5.00) is minus five.
    if (!isCloseParen(s.charCodeAt(end - 1))) return NAN;
    negative = true;
    i++;
    end--;
  }
  let signSeen = false;
  let currencySeen = false;
  for (;;) {
    while (i < end && isSpaceCode(s.charCodeAt(i))) i++;
    if (i >= end) return NAN;
    const c = s.charCodeAt(i);
    if (!signSeen && !negative && (isMinus(c) || isPlus(c))) {
      negative = isMinus(c);
      signSeen = true;
      i++;
    } else if (decimals === 2 && !currencySeen && YUAN_SIGNS(c)) {
      currencySeen = true;
      i++;
    } else break;
  }
  if (decimals === 2 && s.charCodeAt(end - 1) === YUAN_CHAR) {
    end--;
    while (end > i && isSpaceCode(s.charCodeAt(end - 1))) end--;
  }

  let whole = 0; // integer part, in yuan (or fen)
  let intDigits = 0;
  let group = 0; // digits since the last comma
  let commas = 0;
  let frac = 0; // the first `decimals` fraction digits
  let fracDigits = 0;
  let extraNonZero = false;
  let inFraction = false;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    const d = digitOf(c);
    if (d >= 0) {
      if (inFraction) {
        if (fracDigits < decimals) frac = frac * 10 + d;
        else if (d !== 0) extraNonZero = true;
        fracDigits++;
      } else {
        whole = whole * 10 + d;
        intDigits++;
        group++;
      }
    } else if (isComma(c) && !inFraction) {
      if (commas === 0 ? group < 1 || group > 3 : group !== 3) return NAN;
      commas++;
      group = 0;
    } else if (isPoint(c) && !inFraction) {
      inFraction = true;
    } else return NAN;
  }
  if (commas > 0 && group !== 3) return NAN;
  if (intDigits === 0 && fracDigits === 0) return NAN;
  // Extra decimals that are all zero (1234.500) lose nothing; anything else would need rounding.
  if (extraNonZero) return DECIMALS;
  for (let k = Math.min(fracDigits, decimals); k < decimals; k++) frac *= 10;
  const fen = whole * (decimals === 2 ? 100 : 1) + frac;
  if (negative && fen !== 0) return NEGATIVE;
  if (!Number.isSafeInteger(fen)) return TOO_LARGE;
  return { ok: true, fen };
}

/** 123450 → `1,234.50`; -3400 → `-34.00`. Accepts bigint for SQL totals. */
export function formatYuan(fen: number | bigint): string {
  if (typeof fen === 'number' && !Number.isSafeInteger(fen)) {
    throw new RangeError(`formatYuan: ${fen} is not a safe integer number of fen`);
  }
  const negative = fen < 0;
  const abs = negative ? -fen : fen;
  let digits: string;
  let cents: number;
  if (typeof abs === 'bigint') {
    digits = (abs / 100n).toString();
    cents = Number(abs % 100n);
  } else {
    cents = abs % 100;
    digits = String((abs - cents) / 100);
  }
  let grouped = '';
  const lead = digits.length % 3 || 3;
  grouped = digits.slice(0, lead);
  for (let k = lead; k < digits.length; k += 3) grouped += ',' + digits.slice(k, k + 3);
  return (negative ? '-' : '') + grouped + '.' + (cents < 10 ? '0' : '') + cents;
}

/** Fen → yuan as a number for spreadsheet cells (1234.5 for 123450); exact to the fen. */
export function fenToYuanNumber(fen: number): number {
  return fen / 100;
}
