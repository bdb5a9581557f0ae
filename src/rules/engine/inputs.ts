/**
 * Which reference lists each rule reads, so that a night bringing a new list re-checks old periods with
 * only the rules that list can change (the cost of a night grows with what is new, not with the history).
 * A rule missing here, and every declared list rule, counts as reading everything: it re-checks every
 * period whenever any list is new — slower, never wrong. test/rules/rule-inputs.test.ts checks each entry
 * against the tables the rule's source names.
 */

/** The reference kinds of source files (pipeline REFERENCE_KINDS): a new one bears on every period. */
export type ReferenceKind = 'staff' | 'proxy' | 'deaths' | 'standards' | 'allocation' | 'petty-cash';

export const RULE_INPUTS: Readonly<Record<string, readonly ReferenceKind[]>> = {
  'above-standard': ['standards'],
  'account-holder-mismatch': ['proxy'],
  'amount-mismatch': [],
  'bank-fee': [],
  'control-total': [],
  'count-mismatch': [],
  'deceased-recipient': ['deaths'],
  'duplicate-payment': [],
  'duplicate-roster-id': [],
  'failed-payment': [],
  'funds-idle': ['allocation', 'petty-cash'],
  'invalid-id': ['proxy'],
  'late-payment': [],
  'missing-payment': [],
  'nonstandard-label': [],
  'over-disbursed': ['allocation', 'petty-cash'],
  'petty-cash-staff': ['petty-cash', 'staff'],
  'petty-cash-unregistered': ['petty-cash'],
  'proxy-without-agreement': ['proxy'],
  'shared-account': [],
  'staff-proxy': ['staff'],
  'staff-recipient': ['staff'],
  'total-mismatch': [],
  'unapproved-payment': [],
};

/**
 * Whether a rule must judge every period again when files of these reference kinds are new: it reads one
 * of them, or is not known to read none of them.
 */
export function readsAnyOf(rule: string, kinds: readonly string[]): boolean {
  const inputs = RULE_INPUTS[rule];
  return inputs === undefined || inputs.some((k) => kinds.includes(k));
}
