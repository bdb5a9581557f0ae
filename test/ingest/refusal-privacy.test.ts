/**
 * A refusal that quotes the file — a header-less bank result file sent without a bank profile, whose
 * "closest row to a header" is a data row — must not echo a whole ID number, account number or name into
 * the receipt, the stored refusal or the inbox's .error.txt (domain.md "Personal data").
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { errorText } from '../../src/pipeline/inbox.ts';
import { ingest, memoryDb, tempDir } from './helpers.ts';

const ID = '500101195003150016';
const ACCOUNT = '6228480012345678901';

describe('a refusal quoting a data row', () => {
  it('masks ID and account numbers and the name, in Chinese and English, in the receipt, the database and the .error.txt', async () => {
    const dir = tempDir('relief-recon-refusal-');
    const path = join(dir, 'CQRCB_DF_500101_01_20261125.txt');
    const lines = [
      `20261150010101001|2026112500000001|${ACCOUNT}|张明华|${ID}|77000|0|0101|低保金|20261125|S|`,
      `20261150010101001|2026112500000002|6228480012345678919|李秀英|500101194805200025|126000|0|0101|低保金|20261125|S|`,
    ];
    writeFileSync(path, iconv.encode(lines.join('\r\n') + '\r\n', 'gb18030'));
    const db = await memoryDb();
    const r = await ingest(db, { path, kind: 'bank', period: '2026-11' });
    expect(r.refusal?.code).toBe('header-unrecognised');
    const stored = await db.kysely.selectFrom('refusedFiles').select(['messageZh', 'messageEn']).executeTakeFirstOrThrow();
    const note = errorText({ fileName: 'CQRCB_DF_500101_01_20261125.txt', time: '2026-11-28 02:00', inbox: dir, refusal: r.refusal! });
    for (const text of [r.refusal!.zh, r.refusal!.en, stored.messageZh, stored.messageEn, note]) {
      expect(text).not.toContain(ID);
      expect(text).not.toContain(ACCOUNT);
      expect(text).not.toContain('张明华');
    }
    expect(r.refusal!.zh).toContain('「500101********0016」');
    expect(r.refusal!.zh).toContain('「****8901」');
    expect(r.refusal!.zh).toContain('「张**」');
    // What the clerk needs stays: amounts, dates and the status code are short and shown as they are.
    expect(r.refusal!.zh).toContain('「77000」');
    expect(r.refusal!.zh).toContain('「20261125」');
    await db.close();
  });
});
