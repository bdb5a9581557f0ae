import { describe, expect, it } from 'vitest';
import { maskAccount, maskNumbersInText } from '../../src/report/privacy.ts';
import { formulaSafe } from '../../src/report/safe-text.ts';

describe('masking for the human reports', () => {
  it('masks ID numbers as 500101********123X and accounts as ****1234', () => {
    expect(maskNumbersInText('11010519491231002X')).toBe('110105********002X');
    expect(maskNumbersInText('500101520607002')).toBe('500101*****7002');
    expect(maskNumbersInText('6228480012345678901')).toBe('****8901');
    expect(maskAccount('6228 4800 1234 5678 901')).toBe('****8901');
  });

  it('finds numbers inside free text, full-width or spaced, and leaves dates, amounts and short codes alone', () => {
    expect(maskNumbersInText('户名 张三，账号 6228 4800 1234 5678 901，身份证 ５００１０１１９４８０５２０００２５')).toBe('户名 张三，账号 ****8901，身份证 500101********0025');
    expect(maskNumbersInText('2026-11-25 核定 1,234.50 元，流水 SN0001，批次 20261125')).toBe('2026-11-25 核定 1,234.50 元，流水 SN0001，批次 20261125');
  });
});

describe('formula-leading text', () => {
  it('gets an apostrophe before =, +, -, @ (and tab / CR); other text is unchanged', () => {
    expect(formulaSafe('=HYPERLINK("http://x")')).toBe(`'=HYPERLINK("http://x")`);
    for (const s of ['+1', '-1+2', '@SUM(A1)', '\tx', '\rx']) expect(formulaSafe(s)).toBe(`'${s}`);
    expect(formulaSafe('低保金')).toBe('低保金');
    expect(formulaSafe("a=b")).toBe('a=b');
  });
});
