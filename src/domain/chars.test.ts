import { describe, expect, it } from 'vitest';
import { isNfkcStable, trimNfkc } from './chars.ts';

describe('NFKC fast path', () => {
  it('calls a string stable only when NFKC would leave it unchanged', () => {
    // Every character the fast path lets through is its own NFKC form.
    for (const [from, to] of [[0x20, 0x7e], [0x3400, 0x4dbf], [0x4e00, 0x9fff]] as const) {
      for (let c = from; c <= to; c++) {
        const ch = String.fromCharCode(c);
        expect(isNfkcStable(ch)).toBe(true);
        if (ch.normalize('NFKC') !== ch) throw new Error(`U+${c.toString(16)} changes under NFKC`);
      }
    }
    expect(isNfkcStable('张明华低保金万州区龙都街道')).toBe(true);
    for (const s of ['１２３４', '阿依古丽·买买提', '㈠', '\u3000', 'ｘ', '\u2f09', 'e\u0301']) expect(isNfkcStable(s)).toBe(false);
  });

  it('still normalises what needs it', () => {
    expect(trimNfkc(' 低保金 ')).toBe('低保金');
    expect(trimNfkc('１２３４．５０')).toBe('1234.50');
    expect(trimNfkc('王\u3000小红')).toBe('王 小红');
  });
});
