import { z } from 'zod';
import type { RuleDefinition } from './types.ts';

/** What a rule file declares: everything of RuleDefinition but the options, given as a shape of zod fields. */
export type RuleSpec<Shape extends z.ZodRawShape> = Omit<RuleDefinition<z.output<z.ZodObject<Shape, z.core.$strict>>>, 'options' | 'defaultOptions'> & {
  /**
   * Each option: its zod type with bounds, a `.default(…)` and a `.meta({ description: '中文说明' })`.
   * The config (`rules.<id>.options`) is checked against it, unknown options refused; `init`'s default
   * config lists it. Leave out for a rule without options.
   */
  options?: Shape;
};

/**
 * Declares a rule: its id (= file name), Chinese title, default severity, the policy clause it
 * enforces, its messages with {placeholders}, its options' schema with defaults, and one set-based run.
 */
export function defineRule<Shape extends z.ZodRawShape = Record<never, never>>(rule: RuleSpec<Shape>): RuleDefinition<z.output<z.ZodObject<Shape, z.core.$strict>>> {
  if (!/^[a-z]+(-[a-z]+)*$/.test(rule.id)) throw new Error(`rule id must be kebab-case: ${rule.id}`);
  if (!rule.messages.default) throw new Error(`rule ${rule.id} needs a default message`);
  const options = z.strictObject((rule.options ?? {}) as Shape);
  const defaults = options.safeParse({});
  if (!defaults.success) throw new Error(`rule ${rule.id}: every option needs a default (${z.prettifyError(defaults.error)})`);
  for (const [key, field] of Object.entries(options.shape)) {
    if (typeof (field as z.ZodType).meta()?.description !== 'string') throw new Error(`rule ${rule.id}: option ${key} needs .meta({ description }) (shown in the default config)`);
  }
  return { ...rule, options, defaultOptions: defaults.data };
}
