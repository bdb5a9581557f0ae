/**
 * The array path of the bulk writer (Writer.insertArrays): a parse worker's batch, a key list plus every row's
 * values in one flat array, stored with no record per row: SQLite binds the values to prepared multi-row
 * INSERTs, PostgreSQL sends them by COPY. It must store exactly what the record path (insertRows) stores, and
 * an ingest through the worker (which takes that path) exactly what an ingest on the main thread stores.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, scratchDatabaseUrl, type Db, type RowRecord } from '../../src/db/index.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { cellsOf, packRows } from '../../src/ingest/row-transfer.ts';
import type { IngestRow } from '../../src/ingest/rows/index.ts';
import { tempDir } from './helpers.ts';

const open: Db[] = [];
async function fresh(path?: string): Promise<Db> {
  const db = await openDatabase(scratchDatabaseUrl(path));
  open.push(db);
  return db;
}
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});

/** Payments with every kind of value a column holds: nulls, integers, CJK, and the characters COPY escapes. */
function payments(n: number): RowRecord<'payments'>[] {
  return Array.from({ length: n }, (_, i) => ({
    rowNo: i + 2,
    paymentKey: `2026-1${i % 2}|500101195003150016|62284800${i}|${77000 + i}`,
    period: i % 2 ? '2026-11' : '2026-10',
    district: i % 3 ? '万州区' : null,
    program: 'dibao',
    batchNo: i % 5 ? `B${i}` : null,
    serialNo: null,
    idNumber: i % 7 ? '500101195003150016' : null,
    idValid: i % 7 ? 1 : null,
    accountNo: `62284800${i}`,
    accountHolder: i === 3 ? '张\t明\\华\n"引号"\r' : '张明华',
    amountFen: 77000 + i,
    feeFen: i % 4 ? 0 : null,
    label: i === 4 ? '' : '低保金',
    paidOn: '2026-11-25',
    status: i % 9 ? 'paid' : 'failed',
    failReason: null,
    bankName: null,
  })) as RowRecord<'payments'>[];
}

async function storedPayments(db: Db, fileId: number) {
  return db.kysely.selectFrom('payments').selectAll().where('fileId', '=', fileId).orderBy('rowNo').execute();
}

describe('Writer.insertArrays', () => {
  it('stores a flat batch exactly as insertRows stores the same records (several statements, two periods)', async () => {
    const db = await fresh();
    const rows = payments(123); // SQLite: two full 50-row statements and a statement of 23
    const packed = packRows(rows as unknown as IngestRow[]);
    expect(cellsOf(packed).length).toBe(123 * packed.keys.length);
    await db.write(async (w) => {
      await w.ensurePartitions('payments', ['2026-10', '2026-11']);
      await w.insertRows('payments', 1, rows);
      await w.insertArrays('payments', 2, packed.keys, cellsOf(packed));
    });
    const [byRecords, byArrays] = [await storedPayments(db, 1), await storedPayments(db, 2)];
    expect(byArrays.length).toBe(123);
    const strip = (r: { id: number; fileId: number }) => ({ ...r, id: 0, fileId: 0 });
    expect(byArrays.map(strip)).toEqual(byRecords.map(strip));
    expect(byArrays[1]).toMatchObject({ fileId: 2, rowNo: 3, period: '2026-11', amountFen: 77001, district: '万州区', batchNo: 'B1' });
    expect(byArrays[3]!.accountHolder).toBe('张\t明\\华\n"引号"\r');
    expect(byArrays[0]).toMatchObject({ district: null, batchNo: null, feeFen: null, status: 'failed' });
    expect(byArrays[4]!.label).toBe('');
  });

  it('inside the write transaction: a failure after it stores nothing', async () => {
    const db = await fresh();
    const packed = packRows(payments(60) as unknown as IngestRow[]);
    await expect(
      db.write(async (w) => {
        await w.ensurePartitions('payments', ['2026-10', '2026-11']);
        await w.insertArrays('payments', 1, packed.keys, cellsOf(packed));
        throw new Error('later step failed');
      }),
    ).rejects.toThrow('later step failed');
    expect(await storedPayments(db, 1)).toEqual([]);
  });

  it('an empty batch stores nothing', async () => {
    const db = await fresh();
    await db.write((w) => w.insertArrays('payments', 1, [], []));
    expect(await storedPayments(db, 1)).toEqual([]);
  });
});

function bankFile(path: string, rows: number): void {
  const lines = ['批次号,账号,户名,证件号码,金额,手续费,用途,交易日期,状态'];
  for (let i = 0; i < rows; i++) {
    const status = i % 31 === 0 ? '失败' : '成功';
    lines.push(`B202611${i % 3},62284800${String(i).padStart(11, '0')},张明华,500101195003150016,${(770 + (i % 13)).toFixed(2)},0.00,低保金,2026-11-25,${status}`);
    if (i % 1000 === 7) lines.push(lines.at(-1)!.replace(/失败$/, '成功')); // sent twice, or re-paid after a failure
    if (i === 500) lines.push('B2026110,,坏行,,12.345,0.00,低保金,2026-11-25,成功');
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

describe('ingest through the parse worker (the array path) and on the main thread', () => {
  it('store the same rows, payment keys and rejections', async () => {
    const dir = tempDir();
    const path = join(dir, 'bank-2026-11.csv');
    bankFile(path, 3000);
    const main = await fresh(join(dir, 'main.db'));
    const worker = await fresh(join(dir, 'worker.db'));
    const a = await ingestFile(main, { path, kind: 'bank', period: '2026-11' }, { archiveDir: null, worker: false });
    const b = await ingestFile(worker, { path, kind: 'bank', period: '2026-11' }, { archiveDir: null, worker: true, splitMinBytes: 1 });
    expect(b.status).toBe('ingested');
    expect(b.rowsAccepted).toBe(3003);
    expect(b.rowsRejected).toBe(1);
    const [sa, sb] = [await storedPayments(main, a.fileId!), await storedPayments(worker, b.fileId!)];
    const strip = (r: { id: number; fileId: number }) => ({ ...r, id: 0, fileId: 0 });
    expect(sb.map(strip)).toEqual(sa.map(strip));
    // Rows 9 and 10 (file rows): the same payment sent twice, the second numbered.
    expect(sb.filter((p) => p.accountNo === '6228480000000000007').map((p) => p.paymentKey)).toEqual([
      '2026-11|500101195003150016|6228480000000000007|77700',
      '2026-11|500101195003150016|6228480000000000007|77700#2',
    ]);
    const rejected = await worker.kysely.selectFrom('rejectedRows').select(['rowNo']).where('fileId', '=', b.fileId!).execute();
    expect(rejected.map((r) => r.rowNo)).toEqual([504]); // after row 503, the file row of i = 500
  });
});
