/** Small helpers shared by rules: wording and the periods list. No rule logic lives here. */
import { PostgresAdapter, type ExpressionBuilder, type Kysely } from 'kysely';
import { PROGRAMS, type Program } from '../domain/index.ts';
import type { Localized } from '../messages/index.ts';

export function programZh(program: string): string {
  return (PROGRAMS as Record<string, { short: string } | undefined>)[program]?.short ?? program;
}

const PROGRAM_SHORT_EN: Readonly<Record<string, string>> = { dibao: 'dibao', tekun: 'tekun', linshi: 'temporary assistance' };

/** A program's short name in both languages, as a message value (低保 / dibao). */
export function programText(program: string): Localized {
  return { zh: programZh(program), en: PROGRAM_SHORT_EN[program] ?? program };
}

/** A list of message values as one value: 低保、特困 / dibao, tekun. */
export function joinText(items: readonly (Localized | string)[]): Localized {
  const side = (lang: 'zh' | 'en') => items.map((x) => (typeof x === 'string' ? x : x[lang]));
  return { zh: side('zh').join('、'), en: side('en').join(', ') };
}

export function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** For `where period in (…)`: an empty list must still be valid SQL and match nothing. */
export function periodList(periods: readonly string[]): string[] {
  return periods.length ? [...periods] : ['-'];
}

/**
 * `period in (…)` for a filter that keeps most of a month (a scan is the right plan). SQLite would walk the
 * (period, …) index row by row for it, so there the column is wrapped in coalesce to hide the index. On
 * PostgreSQL the same wrapping would stop partition pruning (every month's partition read), so it stays plain.
 */
export function wholePeriods(db: Pick<Kysely<never>, 'getExecutor'>, column: string, periods: readonly string[]) {
  const list = periodList(periods);
  const plain = db.getExecutor().adapter instanceof PostgresAdapter;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (eb: ExpressionBuilder<any, any>) => (plain ? eb(eb.ref(column), 'in', list) : eb(eb.fn.coalesce(eb.ref(column), eb.val('')), 'in', list));
}

export type { Program };

/**
 * Rows grouped by a subject key, in first-seen order: a rule reads its flagged rows in one query and
 * makes one hit per group (a person with a 低保 and a 临时救助 row is one finding, not two).
 */
export function groupRows<T>(rows: readonly T[], key: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return [...groups.values()];
}

/** The rows whose key is seen first (a join repeats a roster row once per matching staff or list row). */
export function uniqueBy<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = key(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Who a person-level finding is about, from their first approval row: one program named only when it is the only one. */
export function approvedPerson<R extends { period: string; district: string | null; districtCode: string | null; idNumber: string; name: string | null; accountNo: string | null }>(
  first: R,
  programs: readonly string[],
): Pick<R, 'period' | 'district' | 'districtCode' | 'idNumber' | 'name' | 'accountNo'> & { program: string | null } {
  return {
    period: first.period,
    district: first.district,
    districtCode: first.districtCode,
    program: programs.length === 1 ? programs[0]! : null,
    idNumber: first.idNumber,
    name: first.name,
    accountNo: first.accountNo,
  };
}
