import { describe, expect, it } from 'vitest';
import type { IngestRow } from './rows/index.ts';
import { keyHash } from './payment-keys.ts';
import { packRows, unpackRows } from './row-transfer.ts';

describe('rows across the worker boundary', () => {
  const rows = [
    { period: '2026-11', idNumber: '500101195003150016', amountFen: 77000, accountNo: null, status: 'paid', paymentKey: 'k1' },
    { period: '2026-11', idNumber: null, amountFen: 0, accountNo: '6217000000000000001', status: 'failed', paymentKey: 'k2' },
  ] as unknown as IngestRow[];

  it('travel as the key list and the values row after row, and come back as the same records', () => {
    const packed = structuredClone(packRows(rows));
    expect(packed.keys).toEqual(['period', 'idNumber', 'amountFen', 'accountNo', 'status', 'paymentKey']);
    expect(packed.count).toBe(2);
    expect(packed.cells).toEqual(['2026-11', '500101195003150016', 77000, null, 'paid', 'k1', '2026-11', null, 0, '6217000000000000001', 'failed', 'k2']);
    const back = unpackRows(packed);
    expect(back).toEqual(rows);
    expect(back.map((r) => Object.keys(r))).toEqual(rows.map((r) => Object.keys(r)));
  });

  it('carry the hash of each row’s payment key when asked', () => {
    expect(packRows(rows).hashes).toBeNull();
    expect([...packRows(rows, 'paymentKey').hashes!]).toEqual([keyHash('k1'), keyHash('k2')]);
    expect(() => packRows(rows, 'serialNo')).toThrow('no serialNo');
  });

  it('an empty batch stays empty', () => {
    expect(unpackRows(packRows([]))).toEqual([]);
  });
});
