/**
 * Which reference lists a rule reads, so that a night bringing a new list re-checks old periods with only the
 * rules that list can change (the cost of a night grows with what is new, not with the history). Each rule
 * declares them itself (`reads` of defineRule); a declared list rule reads `any` — it re-checks every period
 * whenever any list is new: slower, never wrong. test/rules/rule-inputs.test.ts checks each declaration
 * against the tables the rule's source names.
 */
import type { RuleDefinition } from '../types.ts';

export type { ReferenceKind } from '../types.ts';

/**
 * Whether a rule must judge every period again when files of these reference kinds are new: it reads one
 * of them, or is not known to read none of them (no such rule, or one that reads `any`).
 */
export function readsAnyOf(rule: Pick<RuleDefinition, 'reads'> | undefined, kinds: readonly string[]): boolean {
  const reads = rule?.reads ?? 'any';
  return reads === 'any' || reads.some((k) => kinds.includes(k));
}
