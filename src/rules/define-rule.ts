import { z } from 'zod';
import { placeholders } from '../messages/index.ts';
import type { RuleDefinition } from './types.ts';

/** What a rule file declares: everything of RuleDefinition but the options, given as a shape of zod fields. */
export type RuleSpec<Shape extends z.ZodRawShape, M extends string = string> = Omit<RuleDefinition<z.output<z.ZodObject<Shape, z.core.$strict>>, M>, 'options' | 'defaultOptions'> & {
  /**
   * Each option: its zod type with bounds, a `.default(…)` and a `.meta({ description: '中文说明' })`.
   * The config (`rules.<id>.options`) is checked against it, unknown options refused; `init`'s default
   * config lists it. Leave out for a rule without options.
   */
  options?: Shape;
};

/**
 * Declares a rule: its id (= file name), Chinese title, default severity, the policy clause it
 * enforces, its messages with {placeholders} in Chinese and English, its options' schema with defaults, and
 * one set-based run. A message id without its English, or whose English has other placeholders, is refused
 * here (the declared reference lists come from the config, so this holds at run time too).
 */
export function defineRule<Shape extends z.ZodRawShape = Record<never, never>, M extends string = string>(
  rule: RuleSpec<Shape, M>,
): RuleDefinition<z.output<z.ZodObject<Shape, z.core.$strict>>, M> {
  if (!/^[a-z]+(-[a-z]+)*$/.test(rule.id)) throw new Error(`rule id must be kebab-case: ${rule.id}`);
  const messages = rule.messages as Record<string, string>;
  const messagesEn = rule.messagesEn as Record<string, string>;
  if (!messages.default) throw new Error(`rule ${rule.id} needs a default message`);
  const problems = messageProblems(messages, messagesEn);
  if (problems.length) throw new Error(`rule ${rule.id}: ${problems.join('; ')}`);
  const options = z.strictObject((rule.options ?? {}) as Shape);
  const defaults = options.safeParse({});
  if (!defaults.success) throw new Error(`rule ${rule.id}: every option needs a default (${z.prettifyError(defaults.error)})`);
  for (const [key, field] of Object.entries(options.shape)) {
    if (typeof (field as z.ZodType).meta()?.description !== 'string') throw new Error(`rule ${rule.id}: option ${key} needs .meta({ description }) (shown in the default config)`);
  }
  return { ...rule, options, defaultOptions: defaults.data };
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
