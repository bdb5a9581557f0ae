// Character classes shared by the hot-path scanners. Working on char codes keeps the
// per-row parsers free of regexes and of intermediate strings.

/** White space as JS `trim()` sees it, plus the invisible characters that ride along in pasted text. */
export function isSpaceCode(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x3000 ||
    c === 0xfeff ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200d) || // en quad … hair space, zero-width space / (non-)joiner
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x2060 ||
    c === 0x00ad
  );
}

/** 0–9 for an ASCII or full-width digit, else -1. */
export function digitOf(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0xff10 && c <= 0xff19) return c - 0xff10;
  return -1;
}

/** True when every char is printable ASCII or white space, i.e. NFKC cannot change it. */
export function isPlainAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7e) return false;
  return true;
}

/**
 * True when NFKC cannot change the string: printable ASCII and CJK Unified Ideographs (the basic block
 * and extension A have no decompositions), with no combining marks among them. Nearly every name,
 * label and place in a roster or bank file, so the costly normalize() call is skipped for them.
 */
export function isNfkcStable(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x7e || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) continue;
    return false;
  }
  return true;
}

/** trim + NFKC, skipping NFKC when it cannot change the string (the common case). */
export function trimNfkc(raw: string): string {
  const t = raw.trim();
  return isNfkcStable(t) ? t : t.normalize('NFKC').trim();
}

/** trim + NFKC + drop every inner white space / invisible character. */
export function compactNfkc(raw: string): string {
  const t = trimNfkc(raw);
  let i = 0;
  while (i < t.length && !isSpaceCode(t.charCodeAt(i))) i++;
  if (i === t.length) return t;
  let out = t.slice(0, i);
  for (; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (!isSpaceCode(c)) out += t[i];
  }
  return out;
}
