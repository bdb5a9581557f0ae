import { afterEach, describe, expect, it, vi } from 'vitest';
import { birthDateOf, idCheckChar, maskIdNumber, normaliseIdNumber, regionOf, type IdProblem } from './id-number.ts';

type Row = [raw: string, value: string, problem: IdProblem | null, upgraded: boolean];

describe('normaliseIdNumber', () => {
  const rows: Row[] = [
    ['11010519491231002X', '11010519491231002X', null, false],
    ['440524188001010014', '440524188001010014', null, false],
    ['110105194912310021', '110105194912310021', 'checksum', false],
    ['11010519491231002x', '11010519491231002X', null, false],
    ['１１０１０５１９４９１２３１００２Ｘ', '11010519491231002X', null, false],
    ['１１０１０５１９４９１２３１００２ｘ', '11010519491231002X', null, false],
    ['  11010519491231002X\t', '11010519491231002X', null, false],
    ['110105 19491231 002X', '11010519491231002X', null, false],
    ['110105\u300019491231\u00a0002X', '11010519491231002X', null, false],
    ['500101198002291232', '500101198002291232', null, false], // 29 Feb of a leap year
    ['510122199001011233', '510122199001011233', null, false], // Sichuan prefix
    // 15-digit legacy numbers: insert 19 (18 for sequence 996–999), append the check char
    ['110105491231002', '11010519491231002X', null, true],
    ['440524800101996', '440524188001019967', null, true],
    ['110105800101999', '110105188001019994', null, true],
    ['110105490230002', '110105194902300020', 'birthdate', true],
    // empty
    ['', '', 'empty', false],
    ['   ', '', 'empty', false],
    ['\u3000', '', 'empty', false],
    // chars
    ['5.00102E+17', '5.00102E+17', 'chars', false],
    ['110105-19491231-002X', '110105-19491231-002X', 'chars', false],
    ['11010519491231002Y', '11010519491231002Y', 'chars', false],
    ['1101051949123100X2', '1101051949123100X2', 'chars', false],
    ['11010549123100X', '11010549123100X', 'chars', false],
    ['身份证11010519491231002X', '身份证11010519491231002X', 'chars', false],
    // length
    ['1101051949123100', '1101051949123100', 'length', false],
    ['1101051949123100212', '1101051949123100212', 'length', false],
    ['12345', '12345', 'length', false],
    // birth date: not a calendar date, before 1880, in the future
    ['110105194902300020', '110105194902300020', 'birthdate', false],
    ['50010119810229123X', '50010119810229123X', 'birthdate', false],
    ['110105187912310016', '110105187912310016', 'birthdate', false],
    ['110105199913010014', '110105199913010014', 'birthdate', false],
    ['110105199900000014', '110105199900000014', 'birthdate', false],
    ['110105290001010010', '110105290001010010', 'birthdate', false],
  ];
  it.each(rows)('%j → %j %j upgraded=%j', (raw, value, problem, upgraded) => {
    expect(normaliseIdNumber(raw)).toEqual({ value, valid: problem === null, problem, upgradedFrom15: upgraded });
  });

  it('returns the very same string for an already clean value', () => {
    const raw = '11010519491231002X';
    expect(normaliseIdNumber(raw).value).toBe(raw);
  });

  describe('birth date not after today in Asia/Shanghai', () => {
    afterEach(() => {
      vi.useRealTimers();
    });
    const bornToday = '50010120261128001X'; // born 2026-11-28
    const bornTomorrow = '500101202611290015'; // born 2026-11-29
    it.each([
      // UTC instant → Shanghai date
      ['2026-11-27T15:59:59Z', bornToday, 'birthdate'], // 27th 23:59:59 in Shanghai
      ['2026-11-27T16:00:00Z', bornToday, null], // 28th 00:00 in Shanghai
      ['2026-11-28T12:00:00Z', bornToday, null],
      ['2026-11-28T12:00:00Z', bornTomorrow, 'birthdate'],
      ['2026-11-28T16:00:00Z', bornTomorrow, null],
      ['2026-11-27T15:00:00Z', bornToday, 'birthdate'], // clock moved back: cache refreshed
    ] as const)('at %s %s → %s', (instant, id, problem) => {
      vi.useFakeTimers();
      vi.setSystemTime(new Date(instant));
      expect(normaliseIdNumber(id).problem).toBe(problem);
    });
  });
});

describe('idCheckChar', () => {
  it.each([
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'],
    ['11010519491231002X', 'X'], // only the first 17 count
    ['1101051949123100', ''], // too short
    ['1101051949123100A', ''],
  ])('%s → %j', (first17, check) => {
    expect(idCheckChar(first17)).toBe(check);
  });
});

describe('maskIdNumber', () => {
  it.each([
    ['50010119800229123X', '500101********123X'],
    ['11010519491231002X', '110105********002X'],
    ['110105491231002', '110105*****1002'],
    ['11010519491', '********491'],
    ['123456', '****56'],
    ['12', '**'],
    ['', ''],
  ])('%s → %s', (id, masked) => {
    expect(maskIdNumber(id)).toBe(masked);
  });
  it('never shows more than 10 characters of an 18-character number', () => {
    expect(maskIdNumber('11010519491231002X').replace(/\*/g, '')).toHaveLength(10);
  });
});

describe('birthDateOf', () => {
  it.each([
    ['11010519491231002X', '1949-12-31'],
    ['440524188001010014', '1880-01-01'],
    ['110105491231002', '1949-12-31'],
    ['440524800101996', '1880-01-01'],
    ['110105194902300020', null],
    ['5.00102E+17', null],
    ['', null],
  ])('%s → %s', (id, date) => {
    expect(birthDateOf(id)).toBe(date);
  });
});

describe('regionOf', () => {
  it.each([
    ['50010119800229123X', '500101'],
    ['110105491231002', '110105'],
    ['5.00102E+17', null],
    ['12345', null],
  ])('%s → %s', (id, region) => {
    expect(regionOf(id)).toBe(region);
  });
});
