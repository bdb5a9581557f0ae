/**
 * The rule registry: every rule, by id, sorted. Adding a rule means adding its file, its test, its
 * doc page and one line here; the meta-test checks all four.
 */
import type { RuleDefinition } from './types.ts';
import countMismatch from './count-mismatch.ts';

type AnyRule = RuleDefinition<Record<string, unknown>>;

export const RULES: Readonly<Record<string, AnyRule>> = {
  'count-mismatch': countMismatch as AnyRule,
};

export { runRules, type Finding, type Evidence, type RuleOutcome, type EngineResult } from './engine/run-rules.ts';
export type { Severity, RuleDefinition, RuleHit } from './types.ts';
export { SEVERITY_RANK, SEVERITY_ZH } from './types.ts';
