/**
 * PIPL masking for the human reports: ID numbers as 500101********123X, account numbers as ****1234.
 * Free text (rejected cells, messages) is masked too: any long run of digits in it is a number a
 * person could be traced by. The machine export never passes through here.
 */
import { maskIdNumber } from '../domain/index.ts';

export function maskAccount(account: string): string {
  const digits = account.replace(/[\s-]/g, '');
  return digits.length <= 4 ? '****' : `****${digits.slice(-4)}`;
}

// Digits (any script), possibly split by single spaces or hyphens, possibly ending in an ID's X.
const NUMBER_RUN = /\p{Nd}(?:[ -]?\p{Nd})*[Xx]?/gu;
const MIN_DIGITS = 10;

/** Masks every ID-like or account-like number inside `text`; dates, amounts and short codes stay. */
export function maskNumbersInText(text: string): string {
  return text.replace(NUMBER_RUN, (run) => {
    const compact = run.normalize('NFKC').replace(/[ -]/g, '').toUpperCase();
    const digits = compact.replace(/X$/, '').length;
    if (digits < MIN_DIGITS) return run;
    return compact.length === 18 || compact.length === 15 ? maskIdNumber(compact) : maskAccount(compact);
  });
}

/** The privacy policy of one report: whole numbers only when the operator asked for them. */
export interface Privacy {
  id(v: string | null): string | null;
  account(v: string | null): string | null;
  text(v: string): string;
}

export function privacy(unmask: boolean): Privacy {
  if (unmask) return { id: (v) => v, account: (v) => v, text: (v) => v };
  return {
    id: (v) => (v ? maskIdNumber(v) : v),
    account: (v) => (v ? maskAccount(v) : v),
    text: maskNumbersInText,
  };
}
