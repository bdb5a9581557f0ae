/**
 * Messages: one catalogue per language keyed by id (zh.ts, en.ts), looked up with `msg(lang, key, values)`,
 * and the placeholder filling shared with the rules' messages.
 */
import type { Lang } from '../lang.ts';
import { en } from './en.ts';
import { fillMessage, type MessageValues } from './fill.ts';
import { zh, type MessageKey } from './zh.ts';

export { fillMessage, placeholders, unfilled, type Localized, type MessageValue, type MessageValues } from './fill.ts';
export type { MessageKey } from './zh.ts';

export const CATALOGUES: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { zh, en };

/** The message `key` in `lang`, its {placeholders} filled from `values` (an unfilled one stays visible as `{name}`). */
export function msg(lang: Lang, key: MessageKey, values?: MessageValues): string {
  return fillMessage(CATALOGUES[lang][key], values, lang);
}

/** Both languages of a message, for texts kept in both (a UserError, a stored note). */
export function msgBoth(key: MessageKey, values?: MessageValues): { zh: string; en: string } {
  return { zh: msg('zh', key, values), en: msg('en', key, values) };
}
