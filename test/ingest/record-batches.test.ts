/**
 * parseFile takes a delimited file's records a chunk at a time (BatchedRecords.nextBatch) and hands rows to the
 * sink without awaiting each one. Whatever the sink's batch size, every row arrives once, in file order, and a
 * line that looked like the closing summary but was followed by more rows is a row.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RowRecord } from '../../src/db/index.ts';
import { parseFile } from '../../src/ingest/parse-file.ts';
import type { IngestRow } from '../../src/ingest/rows/index.ts';
import { tempDir } from './helpers.ts';

function file(): string {
  const lines = ['总笔数:3,总金额:1540.00', '发放月份,区县,救助类别,户名,身份证号码,银行账号,金额,状态'];
  for (let i = 0; i < 5000; i++) {
    lines.push(`2026-11,万州区,低保,张明华,500101195003150016,62284800${String(i).padStart(11, '0')},770.00,成功`);
    if (i === 2500) lines.push('2,1540.00'); // looks like a summary line, but rows follow: a row (rejected)
    if (i === 3000) lines.push('合计,,,,,,2310.00,');
  }
  lines.push('5001,3850770.00');
  const path = join(tempDir(), 'bank-with-lines-that-look-like-totals.csv');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

describe('records in batches', () => {
  it.each([1, 7, 2000])('every row once, in file order, with batches of %i', async (batchSize) => {
    const rows: number[] = [];
    const rejected: number[] = [];
    let calls = 0;
    let busy = false;
    let overlapped = false;
    const summary = await parseFile(
      { path: file(), kind: 'bank', batchSize },
      {
        start() {},
        async rows(batch: IngestRow[]) {
          calls++;
          if (busy) overlapped = true;
          busy = true;
          await new Promise((r) => setImmediate(r)); // a sink that takes its time: the next rows must wait for it
          rows.push(...batch.map((r) => (r as RowRecord<'payments'>).rowNo));
          busy = false;
        },
        rejected: (batch) => void rejected.push(...batch.map((r) => r.rowNo)),
      },
    );
    expect(rows.length).toBe(5000);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    expect(rows[0]).toBe(3);
    expect(rows.at(-1)).toBe(5004);
    expect(rejected).toEqual([2504]);
    expect(summary).toMatchObject({ rowsRead: 5001, rowsAccepted: 5000, rowsRejected: 1, control: { count: 5001, totalFen: 385077000, rowNo: 5005 } });
    expect(calls).toBe(Math.ceil(5000 / batchSize));
    expect(overlapped).toBe(false);
  });
});
