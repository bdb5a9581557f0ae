import { describe, expect, it } from 'vitest';
import { fenToYuanNumber, formatYuan, parseFen, parseFenInFen, type FenResult } from './money.ts';

const ok = (fen: number): FenResult => ({ ok: true, fen });
const no = (problem: string): FenResult => ({ ok: false, problem }) as FenResult;

describe('parseFen (text in yuan)', () => {
  it.each([
    ['1,234.50', ok(123450)],
    ['¥1234.5', ok(123450)],
    ['￥1,234.50', ok(123450)],
    ['1234.50元', ok(123450)],
    ['１２３４', ok(123400)],
    ['１，２３４．５０', ok(123450)],
    ['1234', ok(123400)],
    ['0', ok(0)],
    ['0.01', ok(1)],
    ['.5', ok(50)],
    ['5.', ok(500)],
    ['770.00', ok(77000)],
    ['1234.500', ok(123450)], // trailing zeros are not extra precision
    ['  630  ', ok(63000)],
    ['¥ 1,234.50 元', ok(123450)],
    ['+5', ok(500)],
    ['-0.00', ok(0)],
    ['1,234,567.89', ok(123456789)],
    ['90071992547409.91', ok(9007199254740991)],
    // bad
    ['12.345', no('too-many-decimals')],
    ['0.001', no('too-many-decimals')],
    ['-5', no('negative')],
    ['−5', no('negative')],
    ['(5.00)', no('negative')],
    ['（5.00）', no('negative')],
    ['¥-5', no('negative')],
    ['abc', no('not-a-number')],
    ['1.2.3', no('not-a-number')],
    ['12,34', no('not-a-number')], // a decimal comma, not a thousands separator
    ['1,2345', no('not-a-number')],
    [',123', no('not-a-number')],
    ['1 234', no('not-a-number')],
    ['1.2E+5', no('not-a-number')],
    ['¥', no('not-a-number')],
    ['元', no('not-a-number')],
    ['.', no('not-a-number')],
    ['-', no('not-a-number')],
    ['--5', no('not-a-number')],
    ['(5', no('not-a-number')],
    ['=1+2', no('not-a-number')],
    ['', no('empty')],
    ['   ', no('empty')],
    ['\u3000', no('empty')],
    ['90071992547409.92', no('too-large')],
    ['99999999999999999999999', no('too-large')],
  ] as const)('%j → %j', (raw, expected) => {
    expect(parseFen(raw)).toEqual(expected);
  });

  it.each([
    [1234.5, ok(123450)],
    [1234, ok(123400)],
    [0.1 + 0.2, ok(30)],
    [1.1 * 3, ok(330)], // 3.3000000000000003
    [1.005, no('too-many-decimals')], // a real third decimal, whatever its binary form
    [770.1 * 3, ok(231030)],
    [0, ok(0)],
    [-0, ok(0)],
    [12.345, no('too-many-decimals')],
    [0.001, no('too-many-decimals')],
    [-5, no('negative')],
    [Number.NaN, no('not-a-number')],
    [Number.POSITIVE_INFINITY, no('not-a-number')],
    [1e15, no('too-large')],
  ] as const)('number %d → %j', (raw, expected) => {
    expect(parseFen(raw)).toEqual(expected);
  });

  it.each([
    [null, no('empty')],
    [undefined, no('empty')],
    [new Date(0), no('not-a-number')],
  ])('%j → %j', (raw, expected) => {
    expect(parseFen(raw)).toEqual(expected);
  });

  it('never returns -0', () => {
    const r = parseFen(-0);
    expect(r.ok && Object.is(r.fen, 0)).toBe(true);
  });
});

describe('parseFenInFen (bank profiles whose amounts are fen)', () => {
  it.each([
    ['123450', ok(123450)],
    ['000123450', ok(123450)],
    ['１２３４５０', ok(123450)],
    ['123,450', ok(123450)],
    ['123450.00', ok(123450)],
    [123450, ok(123450)],
    ['123450.5', no('too-many-decimals')],
    [123450.5, no('too-many-decimals')],
    ['¥123450', no('not-a-number')],
    ['123450元', no('not-a-number')],
    ['-1', no('negative')],
    ['', no('empty')],
    [null, no('empty')],
    ['9007199254740992', no('too-large')],
  ] as const)('%j → %j', (raw, expected) => {
    expect(parseFenInFen(raw)).toEqual(expected);
  });
});

describe('formatYuan', () => {
  it.each([
    [123450, '1,234.50'],
    [-3400, '-34.00'],
    [0, '0.00'],
    [1, '0.01'],
    [-1, '-0.01'],
    [99, '0.99'],
    [100, '1.00'],
    [77000, '770.00'],
    [123456789, '1,234,567.89'],
    [100000000, '1,000,000.00'],
    [Number.MAX_SAFE_INTEGER, '90,071,992,547,409.91'],
    [-Number.MAX_SAFE_INTEGER, '-90,071,992,547,409.91'],
    [123450n, '1,234.50'],
    [-3400n, '-34.00'],
    [12345678901234567890n, '123,456,789,012,345,678.90'],
  ] as const)('%s → %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });

  it.each([[0.5], [Number.NaN], [2 ** 53]])('refuses %d (not a safe integer)', (fen) => {
    expect(() => formatYuan(fen)).toThrow(RangeError);
  });
});

describe('fenToYuanNumber', () => {
  it.each([
    [123450, 1234.5],
    [1, 0.01],
    [30, 0.3],
    [-3400, -34],
  ])('%d → %d', (fen, yuan) => {
    expect(fenToYuanNumber(fen)).toBe(yuan);
  });

  it('round-trips through parseFen for every fen up to 10,000 yuan', () => {
    for (let fen = 0; fen <= 1_000_000; fen += 7) {
      const r = parseFen(fenToYuanNumber(fen));
      if (!r.ok || r.fen !== fen) throw new Error(`fen ${fen} → ${JSON.stringify(r)}`);
    }
  });
});
