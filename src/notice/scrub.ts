/**
 * What keeps a 公示 list public-safe, whatever a roster cell holds: every text that reaches a notice
 * (name, village, township, district) loses any run of six or more digits — in any script, with or
 * without spaces, hyphens or dots between them — so an ID, account or phone number typed into the
 * wrong column can never be posted on a village notice board. Names are then masked as the config says.
 */
import type { NameMask } from '../config.ts';

// A digit, then more digits each after at most two separator characters (space, hyphen, dot, slash…).
const DIGIT_RUN = /\p{Nd}(?:[^\p{L}\p{Nd}]{0,2}\p{Nd})*(?:[^\p{L}\p{Nd}]{0,2}[Xx×](?![\p{L}]))?/gu;
const MIN_DIGITS = 6;
export const SCRUBBED = '＊＊＊';

/** The text with every long number removed (short ones — 3组, 12号 — stay). */
export function scrubNumbers(text: string): string {
  return text.replace(DIGIT_RUN, (run) => {
    const digits = run.normalize('NFKC').replace(/[^0-9]/g, '').length;
    return digits >= MIN_DIGITS ? SCRUBBED : run;
  });
}

/** A name as the notice shows it: 张三明 → 张*明 (partial), 张** (surname) or whole (full). */
export function maskName(raw: string, mode: NameMask): string {
  const name = scrubNumbers(raw.trim());
  if (mode === 'full') return name;
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (mode === 'surname') return chars[0] + '*'.repeat(chars.length - 1);
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}
