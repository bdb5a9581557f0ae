import { describe, expect, it } from 'vitest';
import type { IngestRow } from './rows/index.ts';
import { keyHash } from './payment-keys.ts';
import { cellsOf, packRows, storedCells, unpackRows } from './row-transfer.ts';

describe('rows across the worker boundary', () => {
  const rows = [
    { period: '2026-11', idNumber: '500101195003150016', amountFen: 77000, accountNo: null, status: 'paid', paymentKey: 'k1' },
    { period: '2026-11', idNumber: null, amountFen: 0, accountNo: '6217000000000000001', status: 'failed', paymentKey: 'k2' },
  ] as unknown as IngestRow[];

  it('travel as the key list and the values row after row, and come back as the same records', () => {
    const packed = structuredClone(packRows(rows));
    expect(packed.keys).toEqual(['period', 'idNumber', 'amountFen', 'accountNo', 'status', 'paymentKey']);
    expect(packed.count).toBe(2);
    expect(cellsOf(packed)).toEqual(['2026-11', '500101195003150016', 77000, null, 'paid', 'k1', '2026-11', null, 0, '6217000000000000001', 'failed', 'k2']);
    // Two rows: too few for any column to repeat enough to be indexed.
    expect(packed.columns.every((c) => c.index === null)).toBe(true);
    const back = unpackRows(packed);
    expect(back).toEqual(rows);
    expect(back.map((r) => Object.keys(r))).toEqual(rows.map((r) => Object.keys(r)));
  });

  it('send a column that repeats a few values as those values and an index per row, and give the same rows back', () => {
    // A bank batch as it comes: one month, one batch number, a label, a status, a fee of 0 or none, and every
    // row its own ID, account and key.
    const batch = Array.from({ length: 40 }, (_, i) => ({
      rowNo: i + 2,
      period: '2026-11',
      batchNo: 'BENCH50011820261101',
      idNumber: `5001011950031500${String(i).padStart(2, '0')}`,
      accountNo: i % 10 === 3 ? null : `62170000000000${String(i).padStart(5, '0')}`,
      amountFen: 77000 + (i % 3) * 100,
      feeFen: i % 7 === 0 ? null : 0,
      label: i === 5 ? '' : '低保金',
      status: i % 9 === 0 ? 'failed' : 'paid',
      paymentKey: `k${i}`,
    })) as unknown as IngestRow[];
    const packed = structuredClone(packRows(batch, 'paymentKey'));
    const column = (key: string) => packed.columns[packed.keys.indexOf(key)]!;
    for (const key of ['period', 'batchNo', 'amountFen', 'feeFen', 'label', 'status']) expect(column(key).index, key).not.toBeNull();
    for (const key of ['rowNo', 'idNumber', 'accountNo', 'paymentKey']) expect(column(key).index, key).toBeNull();
    expect(column('period').values).toEqual(['2026-11']);
    expect(column('feeFen').values).toEqual([null, 0]); // null and 0 stay apart
    expect(column('label').values).toEqual(['低保金', '']);
    expect(unpackRows(packed)).toEqual(batch);
    expect(cellsOf(packed).length).toBe(40 * packed.keys.length);
    expect(cellsOf(packed).includes(undefined)).toBe(false);
  });

  it('carry the hash of each row’s payment key when asked', () => {
    expect(packRows(rows).hashes).toBeNull();
    expect([...packRows(rows, 'paymentKey').hashes!]).toEqual([keyHash('k1'), keyHash('k2')]);
    expect(() => packRows(rows, 'serialNo')).toThrow('no serialNo');
  });

  it('store a batch without the columns that are null in every row, and keep a column null in some rows only', () => {
    // A bank batch in the users' shape: no district, no serial number; a fee on some rows only.
    const batch = Array.from({ length: 40 }, (_, i) => ({
      period: '2026-11',
      district: null,
      idNumber: `5001011950031500${String(i).padStart(2, '0')}`,
      serialNo: null,
      feeFen: i % 10 === 0 ? 200 : null,
      paymentKey: `k${i}`,
    })) as unknown as IngestRow[];
    const packed = structuredClone(packRows(batch));
    const { keys, cells } = storedCells(packed);
    expect(keys).toEqual(['period', 'idNumber', 'feeFen', 'paymentKey']);
    expect(cells).toHaveLength(40 * 4);
    expect(cells.slice(0, 8)).toEqual(['2026-11', '5001011950031500' + '00', 200, 'k0', '2026-11', '500101195003150001', null, 'k1']);
    // Nothing left out when every column has a value somewhere: the same cells as cellsOf.
    const full = structuredClone(packRows(rows));
    expect(storedCells(full)).toEqual({ keys: full.keys, cells: cellsOf(full) });
  });

  it('an empty batch stays empty', () => {
    expect(unpackRows(packRows([]))).toEqual([]);
  });
});
