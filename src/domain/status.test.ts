import { describe, expect, it } from 'vitest';
import { DEFAULT_STATUS_CODES, parseStatus, type PaymentStatus } from './status.ts';

describe('parseStatus with the default table', () => {
  it.each([
    ['成功', 'paid'],
    ['全部成功', 'paid'],
    ['已入账', 'paid'],
    ['S', 'paid'],
    ['s', 'paid'],
    ['Ｓ', 'paid'],
    ['ｓ', 'paid'],
    ['0', 'paid'],
    ['０', 'paid'],
    [' 成功 ', 'paid'],
    ['全部 成功', 'paid'],
    ['失败', 'failed'],
    ['F', 'failed'],
    ['f', 'failed'],
    ['1', 'failed'],
    ['户名不符', 'failed'],
    ['已销户', 'failed'],
    ['冻结', 'failed'],
    ['退票', 'returned'],
    ['B', 'returned'],
    ['b', 'returned'],
    ['处理中', 'pending'],
    ['待处理', 'pending'],
    // unknown: a row error for the caller
    ['', null],
    ['   ', null],
    ['OK', null],
    ['2', null],
    ['00', null],
    ['交易成功', null],
    ['SF', null],
  ])('%j → %s', (raw, status) => {
    expect(parseStatus(raw)).toBe(status);
  });

  it('has exactly the codes of inputs.md', () => {
    expect(DEFAULT_STATUS_CODES).toEqual({
      成功: 'paid', 全部成功: 'paid', 已入账: 'paid', S: 'paid', '0': 'paid',
      失败: 'failed', F: 'failed', '1': 'failed', 户名不符: 'failed', 已销户: 'failed', 冻结: 'failed',
      退票: 'returned', B: 'returned',
      处理中: 'pending', 待处理: 'pending',
    });
  });
});

describe('parseStatus with a bank profile table', () => {
  const table: Record<string, PaymentStatus> = { '00': 'paid', '01': 'failed', '0': 'failed', ok: 'paid', 'R ': 'returned' };
  it.each([
    ['00', 'paid'],
    ['01', 'failed'],
    ['0', 'failed'], // the profile wins over the default
    ['OK', 'paid'], // keys are case-insensitive too
    ['ok', 'paid'],
    ['R', 'returned'],
    ['成功', 'paid'], // defaults still apply
    ['F', 'failed'],
    ['99', null],
  ])('%j → %s', (raw, status) => {
    expect(parseStatus(raw, table)).toBe(status);
  });
});
