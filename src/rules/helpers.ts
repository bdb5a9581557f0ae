/** Small helpers shared by rules: wording and the periods list. No rule logic lives here. */
import { PROGRAMS, type Program } from '../domain/index.ts';

export function programZh(program: string): string {
  return (PROGRAMS as Record<string, { short: string } | undefined>)[program]?.short ?? program;
}

export function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** For `where period in (…)`: an empty list must still be valid SQL and match nothing. */
export function periodList(periods: readonly string[]): string[] {
  return periods.length ? [...periods] : ['-'];
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
