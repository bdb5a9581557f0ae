import { placeholders } from '../messages/index.ts';
import type { RuleDefinition } from './types.ts';

/**
 * Declares a rule: its id (= file name), Chinese title, default severity, the policy clause it
 * enforces, its messages with {placeholders} in Chinese and English, typed options with defaults, and one
 * set-based run. A message id without its English, or whose English has other placeholders, is refused
 * here (the declared reference lists come from the config, so this holds at run time too).
 */
export function defineRule<O extends Record<string, unknown>, M extends string = string>(rule: RuleDefinition<O, M>): RuleDefinition<O, M> {
  if (!/^[a-z]+(-[a-z]+)*$/.test(rule.id)) throw new Error(`rule id must be kebab-case: ${rule.id}`);
  const messages = rule.messages as Record<string, string>;
  const messagesEn = rule.messagesEn as Record<string, string>;
  if (!messages.default) throw new Error(`rule ${rule.id} needs a default message`);
  const problems = messageProblems(messages, messagesEn);
  if (problems.length) throw new Error(`rule ${rule.id}: ${problems.join('; ')}`);
  return rule;
}

/** What is wrong between a rule's Chinese and English messages: a missing id, differing placeholders. */
export function messageProblems(zh: Record<string, string>, en: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const id of new Set([...Object.keys(zh), ...Object.keys(en)])) {
    if (zh[id] === undefined) problems.push(`message ${id} has no Chinese`);
    else if (en[id] === undefined) problems.push(`message ${id} has no English`);
    else if (placeholders(zh[id]).join() !== placeholders(en[id]).join()) {
      problems.push(`message ${id}: placeholders {${placeholders(zh[id]).join('}, {')}} in Chinese but {${placeholders(en[id]).join('}, {')}} in English`);
    }
  }
  return problems;
}
