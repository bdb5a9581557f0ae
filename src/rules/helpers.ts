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
