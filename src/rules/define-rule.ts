import type { RuleDefinition } from './types.ts';

/**
 * Declares a rule: its id (= file name), Chinese title, default severity, the policy clause it
 * enforces, its messages with {placeholders}, typed options with defaults, and one set-based run.
 */
export function defineRule<O extends Record<string, unknown>>(rule: RuleDefinition<O>): RuleDefinition<O> {
  if (!/^[a-z]+(-[a-z]+)*$/.test(rule.id)) throw new Error(`rule id must be kebab-case: ${rule.id}`);
  if (!rule.messages.default) throw new Error(`rule ${rule.id} needs a default message`);
  return rule;
}
