/**
 * A large quote-free file is parsed by two workers, each taking one half. Whatever the cut, the stored
 * rows, row numbers, rejections, control figures and payment keys must equal a single-pass read.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, scratchDatabaseUrl, type Db } from '../../src/db/index.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { findSplit } from '../../src/ingest/readers/index.ts';
import { tempDir } from './helpers.ts';

function bankFile(path: string, rows: number): number {
  const lines = ['总笔数:0,总金额:0.00', '发放月份,区县,救助类别,户名,身份证号码,银行账号,金额,状态'];
  for (let i = 0; i < rows; i++) {
    const account = `62284800${String(i).padStart(11, '0')}`;
    if (i === 10) lines.push(`2026-11,万州区,低保,坏行,,,12.345,成功`);
    else if (i === rows - 10) lines.push(`2026-11,万州区,低保,坏行,,,770.00,已受理`);
    else lines.push(`2026-11,万州区,低保,张明华,500101195003150016,${account},770.00,${i % 97 === 0 ? '失败' : '成功'}`);
    if (i === rows / 2 + 3) lines.push(''); // a blank line near the cut still counts as a row
  }
  // The same person and account paid at the start and again at the end: a duplicate across the halves;
  // and a failure in the first half re-paid in the second: one payment.
  lines.push('2026-11,万州区,低保,李秀英,500101194805200025,6228480012345678902,630.00,成功');
  lines.push('2026-11,万州区,低保,王建国,50010119551108035X,6228480012345678903,770.00,失败');
  lines.splice(5, 0, '2026-11,万州区,低保,李秀英,500101194805200025,6228480012345678902,630.00,成功');
  lines.splice(6, 0, '2026-11,万州区,低保,王建国,50010119551108035X,6228480012345678903,770.00,成功');
  lines.push('合计,,,,,,999.00,');
  writeFileSync(path, lines.join('\r\n') + '\r\n');
  return lines.length;
}

async function stored(db: Db) {
  const payments = await db.kysely.selectFrom('payments').select(['rowNo', 'paymentKey', 'amountFen', 'status', 'accountNo']).orderBy('rowNo').execute();
  const rejected = await db.kysely.selectFrom('rejectedRows').select(['rowNo', 'reasonsJson']).orderBy('rowNo').execute();
  return { payments, rejected };
}

describe('parsing one file in two parts at once', () => {
  it('stores exactly what a single pass stores', async () => {
    const dir = tempDir();
    const path = join(dir, 'bank-large-quote-free.csv');
    bankFile(path, 40_000);
    expect(await findSplit(path, 1)).not.toBeNull();
    const single = await openDatabase(scratchDatabaseUrl(join(dir, 'single.db')));
    const split = await openDatabase(scratchDatabaseUrl(join(dir, 'split.db')));
    const a = await ingestFile(single, { path }, { archiveDir: null, worker: false });
    const b = await ingestFile(split, { path }, { archiveDir: null, worker: true, splitMinBytes: 1 });
    expect(b.status).toBe('ingested');
    const { sha256: _a, fileId: _fa, ...ra } = a;
    const { sha256: _b, fileId: _fb, ...rb } = b;
    expect(rb).toEqual(ra);
    expect(b.control).toEqual({ count: null, totalFen: 99900, rowNo: 40_008 });
    expect(b.firstRejections.map((r) => r.rowNo)).toEqual([15, 39_996]);
    const [sa, sb] = [await stored(single), await stored(split)];
    expect(sb.payments.length).toBe(sa.payments.length);
    expect(sb).toEqual(sa);
    const keys = sb.payments.filter((p) => p.accountNo === '6228480012345678902').map((p) => p.paymentKey);
    expect(keys).toEqual(['2026-11|500101194805200025|6228480012345678902|63000', '2026-11|500101194805200025|6228480012345678902|63000#2']);
    await single.close();
    await split.close();
  });

  it('does not cut a file that holds a quote anywhere', async () => {
    const dir = tempDir();
    const path = join(dir, 'bank-with-a-quoted-field.csv');
    writeFileSync(path, '户名,银行账号,金额,状态\r\n"张明华",6228480012345678901,770.00,成功\r\n李秀英,6228480012345678902,630.00,成功\r\n');
    expect(await findSplit(path, 1)).toBeNull();
  });
});
