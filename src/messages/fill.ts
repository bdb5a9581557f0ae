import { formatYuan } from '../domain/index.ts';
import type { Lang } from '../lang.ts';

/** A value that reads differently per language (a program's name, a status word). */
export interface Localized {
  zh: string;
  en: string;
}

export type MessageValue = string | number | null | undefined | Localized;
export type MessageValues = Readonly<Record<string, MessageValue>>;

const PLACEHOLDER = /\{(\w+)\}/g;

/** The {placeholder} names of a template, as a sorted list without repeats. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();
}

/**
 * Fills a message's {placeholders} in the given language. A value whose name ends in `Fen` is money and
 * shows as yuan (`1,234.50`); null shows as `-`; a {zh, en} value shows its `lang` side. A placeholder
 * with no value stays as `{name}`, visible in the text (and failing the tests that look for it).
 */
export function fillMessage(template: string, values: MessageValues = {}, lang: Lang = 'zh'): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    if (!(name in values)) return whole;
    const v = values[name];
    if (v === null || v === undefined) return '-';
    if (typeof v === 'object') return v[lang];
    if (name.endsWith('Fen') && typeof v === 'number') return formatYuan(v);
    return String(v);
  });
}

/** The placeholders a filled text still shows (none, when every value was given). */
export function unfilled(text: string): string[] {
  return placeholders(text);
}
