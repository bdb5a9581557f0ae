export type Lang = 'zh' | 'en';

/** Picks the message of the user's language. */
export function t(lang: Lang, zh: string, en: string): string {
  return lang === 'en' ? en : zh;
}
