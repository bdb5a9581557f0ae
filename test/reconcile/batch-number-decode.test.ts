/**
 * A bank file that names neither district nor program (the banks' usual 批次号,账号,户名,… result file) is
 * counted in the batch its batch number names, when the operator configured the pattern (config `batchNumber`):
 * the decoded district / program are stored on each reconciled payment of that batch and decide the batch it is
 * counted in; a payment whose batch number decodes to nothing known falls back to its approval's. Without the
 * pattern the same unapproved payment is counted under 未知.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { checkNow } from '../../src/check.ts';
import { parseConfig } from '../../src/config.ts';
import { ingest, memoryDb, tempDir } from '../ingest/helpers.ts';

const A = '500101198001010031'; // valid check digits
const B = '500101198502020047';
const C = '500101199003030012';
const X = '500103197705050024'; // paid, approved nowhere

const CQ = `batchNumber:
  pattern: '^(?<period>\\d{6})(?<district>\\d{6})(?<program>\\d{2})\\d+$'
  programs: { "01": 低保, "02": 特困, "03": 临时救助 }
`;

async function reconciled(withPattern: boolean) {
  const dir = tempDir('relief-recon-batch-decode-');
  const roster = join(dir, '万州区_202611_低保名册.csv');
  writeFileSync(roster, iconv.encode(['姓名,身份证号码,救助类别,核定金额,银行账号', `王大明,${A},低保,770.00,6217000000000011`, `李小红,${B},低保,630.00,6217000000000029`, `张三,${C},低保,500.00,6217000000000037`, ''].join('\r\n'), 'gb18030'));
  const bank = join(dir, '农商行回盘_202611.csv');
  writeFileSync(
    bank,
    iconv.encode(
      [
        '批次号,账号,户名,证件号码,金额,用途,状态',
        `202611500101010001,6217000000000011,王大明,${A},770.00,低保金,成功`,
        `202611500101010001,6217000000000029,李小红,${B},630.00,低保金,成功`,
        `202611999999090001,6217000000000037,张三,${C},500.00,低保金,成功`,
        `202611500103030002,6217000000000045,赵四,${X},300.00,临时救助金,成功`,
        '',
      ].join('\r\n'),
      'gb18030',
    ),
  );
  const db = await memoryDb();
  expect((await ingest(db, { path: roster, kind: 'roster', period: '2026-11', district: '万州区' })).rowsAccepted).toBe(3);
  expect((await ingest(db, { path: bank, kind: 'bank', period: '2026-11' })).rowsAccepted).toBe(4);
  const batchNumber = withPattern ? parseConfig(CQ, 'relief-recon.yaml', null).batchNumber : null;
  await checkNow(db, { rules: {}, batchNumber }, { trigger: 'manual', periods: ['2026-11'] });
  // Checked again (the decoded facts' temporary table made anew in the same connection): the same rows.
  const once = await db.kysely.selectFrom('reconPayments').select(['idNumber', 'batchDistrict', 'batchProgram', 'district', 'program']).orderBy('rowNo').execute();
  await checkNow(db, { rules: {}, batchNumber }, { trigger: 'manual', periods: ['2026-11'] });
  const payments = await db.kysely
    .selectFrom('reconPayments')
    .select(['idNumber', 'batchDistrict', 'batchProgram', 'district', 'program'])
    .orderBy('rowNo')
    .execute();
  const batches = await db.kysely
    .selectFrom('reconBatches')
    .select(['district', 'program', 'approvedCount', 'paidCount', 'approvedFen', 'paidFen'])
    .orderBy('district')
    .orderBy('program')
    .execute();
  await db.close();
  expect(payments).toEqual(once);
  return { payments, batches };
}

describe('batch facts decoded from the batch number', () => {
  it('stores the decoded district and program on the batch\'s payments and counts them there', async () => {
    const { payments, batches } = await reconciled(true);
    expect(payments).toEqual([
      { idNumber: A, batchDistrict: '万州区', batchProgram: 'dibao', district: '万州区', program: 'dibao' },
      { idNumber: B, batchDistrict: '万州区', batchProgram: 'dibao', district: '万州区', program: 'dibao' },
      // Unknown district and program codes: nothing decoded, the approval's facts count.
      { idNumber: C, batchDistrict: null, batchProgram: null, district: '万州区', program: 'dibao' },
      { idNumber: X, batchDistrict: '渝中区', batchProgram: 'linshi', district: '渝中区', program: 'linshi' },
    ]);
    expect(batches).toEqual([
      { district: '万州区', program: 'dibao', approvedCount: 3, paidCount: 3, approvedFen: 190000, paidFen: 190000 },
      { district: '渝中区', program: 'linshi', approvedCount: 0, paidCount: 1, approvedFen: 0, paidFen: 30000 },
    ]);
  });

  it('without the pattern, the unapproved payment is counted under 未知', async () => {
    const { payments, batches } = await reconciled(false);
    expect(payments.map((p) => [p.batchDistrict, p.district, p.program])).toEqual([
      [null, '万州区', 'dibao'],
      [null, '万州区', 'dibao'],
      [null, '万州区', 'dibao'],
      [null, '未知', '未知'],
    ]);
    expect(batches.map((b) => [b.district, b.program, b.paidCount])).toEqual([
      ['万州区', 'dibao', 3],
      ['未知', '未知', 1],
    ]);
  });
});
