import { describe, expect, it } from 'vitest';
import { accountNo } from './cells.ts';
import type { RowContext } from './types.ts';

const ctx: RowContext = {
  fieldColumn: new Map([['accountNo', 0]]),
  headerOf: new Map([['accountNo', '银行账号']]),
  defaults: { period: null, district: null, program: null },
  statusCodes: null,
  amountsInFen: false,
};
const account = (v: string | number | null) => accountNo([v], ctx, 'accountNo');

describe('account numbers', () => {
  it('keeps an ASCII account number as written (the fast path skips NFKC)', () => {
    expect(account('6228482718282382782')).toBe('6228482718282382782');
    expect(account('62284827A18282382782')).toBe('62284827A18282382782');
  });

  it('drops spaces, dashes and the apostrophe Excel marks text with, ASCII or not', () => {
    expect(account("'6228 4827-1828 2382782")).toBe('6228482718282382782');
    expect(account('6228\u30004827')).toBe('62284827');
    expect(account('6228\u00a04827\t')).toBe('62284827');
  });

  it('turns full-width digits, letters and dashes half-width', () => {
    expect(account('６２２８４８２７－１８２８')).toBe('622848271828');
    expect(account('ＡＢ１２')).toBe('AB12');
  });

  it('reads a number cell as its digits, and an empty cell as none', () => {
    expect(account(6228482718282)).toBe('6228482718282');
    expect(account(6.2284827182823828e18)).toBe('6.22848E+18');
    expect(account('  ')).toBeNull();
    expect(account(null)).toBeNull();
  });
});
