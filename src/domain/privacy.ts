/**
 * PIPL masking (domain.md "Personal data") for every human-facing text: ID numbers as 500101********123X,
 * account numbers as ****1234; free text has any long run of digits masked, since it is a number a person
 * could be traced by. Machine exports never pass through here.
 */
import { maskIdNumber } from './id-number.ts';

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

/** True when `text` holds an ID-like or account-like number (a data row, not a header). */
export function holdsPersonalNumber(text: string): boolean {
  return maskNumbersInText(text) !== text;
}

const NAME_LIKE = /^[\p{Script=Han}·•.]{2,6}$/u;

/**
 * A cell of a data row quoted back to a person (a refusal that shows "the row closest to a header"): numbers
 * masked, and a cell that could be a person's name (2–6 Han characters) shown by its first character only.
 */
export function maskDataCell(cell: string): string {
  const masked = maskNumbersInText(cell);
  if (NAME_LIKE.test(masked)) return masked[0] + '*'.repeat([...masked].length - 1);
  return masked;
}
