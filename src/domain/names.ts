// Personal names and free text. Names are matched across files (roster ↔ bank 户名 ↔ staff
// registry), so every spelling of the same name must normalise to one string.
import { isSpaceCode, trimNfkc } from './chars.ts';

const MIDDLE_DOT = 0xb7; // ·
const IDEOGRAPHIC_FULL_STOP = 0x3002; // 。

/** Separator dots seen in minority names (after NFKC). */
function isNameDot(c: number): boolean {
  return (
    c === 0xb7 || // · middle dot
    c === 0x2e || // . full stop (also NFKC of ．and ․)
    c === 0x2022 || // • bullet
    c === 0x25aa || // ▪ small black square
    c === 0x30fb || // ・ katakana middle dot (also NFKC of ･ U+FF65)
    c === 0xff65 || // ･ half-width katakana middle dot
    c === 0x2027 || // ‧ hyphenation point
    c === 0x2219 || // ∙ bullet operator
    c === 0x22c5 || // ⋅ dot operator
    c === 0x2e31 || // ⸱ word separator middle dot
    c === 0x0387 // · greek ano teleia (NFKC → U+00B7)
  );
}

function isCjkIdeograph(c: number): boolean {
  return c >= 0x4e00 && c <= 0x9fff;
}

/**
 * Trim, NFKC, drop all white space, and make every dot variant one U+00B7 (runs of dots
 * collapse to one). `。` counts as a dot only between two name characters.
 */
export function normaliseName(raw: string): string {
  // Fast path: plain ideographs, maybe with single U+00B7 separators — already normal.
  let plain = raw.length > 0;
  for (let i = 0; i < raw.length && plain; i++) {
    const c = raw.charCodeAt(i);
    plain = isCjkIdeograph(c) || (c === MIDDLE_DOT && i > 0 && raw.charCodeAt(i - 1) !== MIDDLE_DOT);
  }
  if (plain) return raw;

  const nfkc = raw.normalize('NFKC');
  let compact = '';
  for (let i = 0; i < nfkc.length; i++) {
    if (!isSpaceCode(nfkc.charCodeAt(i))) compact += nfkc[i];
  }
  let out = '';
  let lastWasDot = false;
  const last = compact.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = compact.charCodeAt(i);
    const dot = isNameDot(c) || (c === IDEOGRAPHIC_FULL_STOP && i > 0 && i < last);
    if (dot) {
      if (!lastWasDot) out += '·';
      lastWasDot = true;
    } else {
      out += compact[i];
      lastWasDot = false;
    }
  }
  return out;
}

/** Trim + NFKC, for labels, bank names and other free text (inner spaces kept). */
export function normaliseText(raw: string): string {
  return trimNfkc(raw);
}
