import { describe, expect, it } from 'vitest';
import type { IngestRow } from './rows/index.ts';
import { packRows, unpackRows } from './row-transfer.ts';

describe('rows across the worker boundary', () => {
  it('come back as the same records, keys in the same order, nulls and numbers kept', () => {
    const rows = [
      { period: '2026-11', idNumber: '500101195003150016', amountFen: 77000, accountNo: null, status: 'paid' },
      { period: '2026-11', idNumber: null, amountFen: 0, accountNo: '6217000000000000001', status: 'failed' },
    ] as unknown as IngestRow[];
    const back = unpackRows(structuredClone(packRows(rows)));
    expect(back).toEqual(rows);
    expect(back.map((r) => Object.keys(r))).toEqual(rows.map((r) => Object.keys(r)));
  });

  it('an empty batch stays empty', () => {
    expect(unpackRows(packRows([]))).toEqual([]);
  });
});
