/**
 * 四（二）因素法分配：city money shared among districts by weighted factors — 救助对象人数, 财政困难程度,
 * 工作努力程度, 绩效评价 — each factor's district values turned into shares of that factor's sum, the shares
 * weighted (percent, summing to 100), and the total split to the fen by the largest-remainder method so
 * the amounts sum exactly to the total.
 *
 * All arithmetic is exact: factor values and weights are read as decimals and scaled to integers (BigInt),
 * so a district's exact amount is a fraction num / den with one common denominator; its floor in fen is
 * kept, and the fen left over (fewer than the number of districts) go one each to the largest remainders
 * (ties: the larger exact share, then file order).
 */
import { EXIT, UserError } from '../errors.ts';

export const FACTORS = ['recipients', 'hardship', 'effort', 'performance'] as const;
export type Factor = (typeof FACTORS)[number];
export const FACTOR_ZH: Readonly<Record<Factor, string>> = { recipients: '救助对象人数', hardship: '财政困难程度', effort: '工作努力程度', performance: '绩效评价' };
export const FACTOR_EN: Readonly<Record<Factor, string>> = { recipients: 'recipients', hardship: 'fiscal hardship', effort: 'work effort', performance: 'performance rating' };

export interface FactorRow {
  district: string;
  /** Spreadsheet row, for messages. */
  rowNo: number;
  /** Decimal text, e.g. "12345", "1.25", "87.5". */
  values: Record<Factor, string>;
}

export interface AllocationLine {
  district: string;
  rowNo: number;
  values: Record<Factor, string>;
  /** Per factor: this district's share of the factor's sum, as a fraction. */
  factorShares: Record<Factor, { num: bigint; den: bigint }>;
  /** The weighted share of the total, as a fraction. */
  share: { num: bigint; den: bigint };
  /** Exact amount in fen as a fraction, its floor, and whether the district got one of the left-over fen. */
  exactNum: bigint;
  floorFen: number;
  remainder: bigint;
  plusOne: boolean;
  amountFen: number;
}

export interface AllocationResult {
  totalFen: number;
  weights: Record<Factor, string>;
  den: bigint;
  lines: AllocationLine[];
  /** Fen handed out by largest remainder. */
  leftoverFen: number;
}

const refuse = (zh: string, en: string) => new UserError('allocate-refused', `无法分配：${zh}`, `Cannot allocate: ${en}`, EXIT.badInput);

/** A non-negative decimal as an integer scaled by 10^scale; null when not such a number. */
function decimal(text: string): { int: bigint; scale: number } | null {
  const s = text.normalize('NFKC').replace(/[\s,]/g, '').replace(/%$/, '');
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return null;
  const frac = m[2] ?? '';
  return { int: BigInt(m[1]! + frac), scale: frac.length };
}

/** Brings decimals to one scale: integers with a common power of ten. */
function scaled(texts: string[]): bigint[] {
  const ds = texts.map((t) => decimal(t)!);
  const scale = Math.max(0, ...ds.map((d) => d.scale));
  return ds.map((d) => d.int * 10n ** BigInt(scale - d.scale));
}

export function checkWeights(weights: Record<Factor, string>): void {
  for (const f of FACTORS) {
    const w = weights[f];
    if (w === undefined || decimal(w) === null) {
      throw refuse(`权重「${FACTOR_ZH[f]}」应为不小于 0 的百分数，实为 "${w ?? ''}"`, `the weight of ${FACTOR_EN[f]} must be a non-negative percentage, got "${w ?? ''}"`);
    }
  }
  const ws = scaled(FACTORS.map((f) => weights[f]));
  const maxScale = Math.max(...FACTORS.map((f) => decimal(weights[f])!.scale));
  const sum = ws.reduce((a, b) => a + b, 0n);
  const hundred = 100n * 10n ** BigInt(maxScale);
  if (sum !== hundred) {
    const shown = FACTORS.map((f) => `${FACTOR_ZH[f]} ${weights[f]}%`).join('、');
    throw refuse(`各因素权重之和应为 100%（${shown}）`, `the factor weights must sum to 100 % (${FACTORS.map((f) => `${FACTOR_EN[f]} ${weights[f]}%`).join(', ')})`);
  }
}

export function allocate(totalFen: number, rows: readonly FactorRow[], weights: Record<Factor, string>): AllocationResult {
  if (!Number.isSafeInteger(totalFen) || totalFen <= 0) throw refuse('总额应为正数', 'the total must be positive');
  checkWeights(weights);
  if (rows.length === 0) throw refuse('因素表没有区县', 'the factors table lists no district');
  const seen = new Map<string, number>();
  for (const r of rows) {
    if (!r.district) throw refuse(`因素表第 ${r.rowNo} 行缺少区县`, `row ${r.rowNo} of the factors table has no district`);
    const before = seen.get(r.district);
    if (before !== undefined) throw refuse(`区县「${r.district}」在第 ${before} 行和第 ${r.rowNo} 行重复出现`, `district ${r.district} appears twice (rows ${before} and ${r.rowNo})`);
    seen.set(r.district, r.rowNo);
    for (const f of FACTORS) {
      const v = r.values[f]?.trim() ?? '';
      if (v === '') throw refuse(`${r.district}（第 ${r.rowNo} 行）缺少「${FACTOR_ZH[f]}」`, `${r.district} (row ${r.rowNo}) lacks ${FACTOR_EN[f]}`);
      if (/^[-−－]/.test(v.normalize('NFKC'))) throw refuse(`${r.district}（第 ${r.rowNo} 行）的「${FACTOR_ZH[f]}」为负数 "${v}"`, `${r.district} (row ${r.rowNo}): ${FACTOR_EN[f]} is negative ("${v}")`);
      if (decimal(v) === null) throw refuse(`${r.district}（第 ${r.rowNo} 行）的「${FACTOR_ZH[f]}」"${v}" 不是数字`, `${r.district} (row ${r.rowNo}): ${FACTOR_EN[f]} "${v}" is not a number`);
    }
  }
  const w = scaled(FACTORS.map((f) => weights[f]));
  const wSum = w.reduce((a, b) => a + b, 0n);
  const columns = FACTORS.map((f) => scaled(rows.map((r) => r.values[f])));
  const sums = columns.map((c) => c.reduce((a, b) => a + b, 0n));
  FACTORS.forEach((f, i) => {
    if (sums[i] === 0n && w[i]! > 0n) throw refuse(`「${FACTOR_ZH[f]}」在所有区县都为 0，无法按它分配（可把它的权重设为 0）`, `${FACTOR_EN[f]} is 0 for every district (set its weight to 0)`);
  });
  // Factors with weight 0 drop out; a factor's share is v / sum, so the common denominator is wSum × Π sums.
  const used = FACTORS.map((_, i) => i).filter((i) => w[i]! > 0n);
  const prodAll = used.reduce((p, i) => p * sums[i]!, 1n);
  const den = wSum * prodAll;
  const total = BigInt(totalFen);
  const lines: AllocationLine[] = rows.map((r, d) => {
    let shareNum = 0n;
    for (const i of used) shareNum += w[i]! * columns[i]![d]! * (prodAll / sums[i]!);
    const exactNum = total * shareNum;
    const factorShares = Object.fromEntries(FACTORS.map((f, i) => [f, { num: columns[i]![d]!, den: sums[i]! }])) as AllocationLine['factorShares'];
    return {
      district: r.district, rowNo: r.rowNo, values: r.values, factorShares, share: { num: shareNum, den }, exactNum,
      floorFen: Number(exactNum / den), remainder: exactNum % den, plusOne: false, amountFen: 0,
    };
  });
  const leftover = totalFen - lines.reduce((s, l) => s + l.floorFen, 0);
  const order = lines.map((l, i) => i).sort((a, b) => {
    const x = lines[a]!;
    const y = lines[b]!;
    return x.remainder > y.remainder ? -1 : x.remainder < y.remainder ? 1 : x.share.num > y.share.num ? -1 : x.share.num < y.share.num ? 1 : a - b;
  });
  for (let k = 0; k < leftover; k++) lines[order[k]!]!.plusOne = true;
  for (const l of lines) l.amountFen = l.floorFen + (l.plusOne ? 1 : 0);
  if (lines.reduce((s, l) => s + l.amountFen, 0) !== totalFen) throw new Error('allocation does not sum to the total');
  return { totalFen, weights, den, lines, leftoverFen: leftover };
}

/** A fraction as a percentage with `digits` decimals (display only; amounts are exact). */
export function percent(num: bigint, den: bigint, digits = 4): string {
  if (den === 0n) return '0';
  const scale = 10n ** BigInt(digits);
  const v = (num * 100n * scale * 2n + den) / (den * 2n); // rounded half up
  const s = v.toString().padStart(digits + 1, '0');
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}
