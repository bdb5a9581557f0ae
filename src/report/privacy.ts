/**
 * PIPL masking for the human reports: ID numbers as 500101********123X, account numbers as ****1234.
 * Free text (rejected cells, messages) is masked too: any long run of digits in it is a number a
 * person could be traced by. The machine export never passes through here.
 */
import { maskAccount, maskIdNumber, maskNumbersInText } from '../domain/index.ts';

export { maskAccount, maskNumbersInText };

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
