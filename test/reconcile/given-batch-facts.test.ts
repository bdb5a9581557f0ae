/**
 * A batch's district and program come first from the facts given at ingest (CLI --district / --program, the
 * portal's upload form), then from the file's own columns (issue 9). Here a GBK bank result file carries a
 * 区县 column naming the bank branch's district (渝中区), while the operator ingests it as 万州区 低保: the
 * batch balances in 万州区 and no phantom 渝中区 batch appears.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { checkNow } from '../../src/check.ts';
import { listFindings } from '../../src/findings/index.ts';
import { ingest, memoryDb, tempDir } from '../ingest/helpers.ts';

const A = '500101198001010031'; // valid check digits
const B = '500101198502020047';

describe('batch facts given at ingest come before the file columns', () => {
  it('counts a bank file in the batch the operator named, not in the district its 区县 column names', async () => {
    const dir = tempDir('relief-recon-given-facts-');
    const roster = join(dir, '万州区_202611_低保名册.csv');
    writeFileSync(roster, iconv.encode(['姓名,身份证号码,救助类别,核定金额,银行账号', `王大明,${A},低保,770.00,6217000000000011`, `李小红,${B},低保,630.00,6217000000000029`, ''].join('\r\n'), 'gb18030'));
    const bank = join(dir, '农商行回盘_万州低保_202611.csv');
    writeFileSync(bank, iconv.encode(['区县,账号,户名,证件号码,金额,用途,状态', `渝中区,6217000000000011,王大明,${A},770.00,低保金,成功`, `渝中区,6217000000000029,李小红,${B},630.00,低保金,成功`, ''].join('\r\n'), 'gb18030'));

    const db = await memoryDb();
    expect((await ingest(db, { path: roster, kind: 'roster', period: '2026-11', district: '万州区' })).rowsAccepted).toBe(2);
    expect((await ingest(db, { path: bank, kind: 'bank', period: '2026-11', district: '500101', program: 'dibao' })).rowsAccepted).toBe(2);
    await checkNow(db, { rules: {} }, { trigger: 'manual', periods: ['2026-11'] });

    const batches = await db.kysely.selectFrom('reconBatches').select(['district', 'program', 'approvedCount', 'paidCount', 'approvedFen', 'paidFen']).execute();
    expect(batches).toEqual([{ district: '万州区', program: 'dibao', approvedCount: 2, paidCount: 2, approvedFen: 140000, paidFen: 140000 }]);
    const found = await listFindings(db);
    expect(found.filter((f) => f.rule === 'count-mismatch' || f.rule === 'total-mismatch')).toEqual([]);
    // The row keeps what its own column said: only the batch it is counted in follows the given facts.
    expect((await db.kysely.selectFrom('payments').select('district').distinct().execute()).map((r) => r.district)).toEqual(['渝中区']);
    await db.close();
  });
});
