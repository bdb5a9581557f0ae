/**
 * A realistic run for the report tests: rosters and bank files ingested through the real ingest
 * (one of them with rows that must be rejected), two checks (so there is a previous run, persisting
 * and resolved findings, and a trend), a review mark, and one finding whose recipient and label are
 * hostile text (`<img src=x onerror=alert(1)>`, `=HYPERLINK("http://x")`).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import { checkNow } from '../../src/check.ts';
import type { Db } from '../../src/db/index.ts';
import { idCheckChar } from '../../src/domain/index.ts';
import { listFindings, markFinding } from '../../src/findings/index.ts';
import { openDatabase } from '../../src/db/index.ts';
import { ingest, ROWS } from '../ingest/helpers.ts';

export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
export const HOSTILE_LABEL = '=HYPERLINK("http://x")';
export const HOSTILE_ID = id('500103199003070', 4);
export const HOSTILE_ACCOUNT = '6217000012349876';
/** The injected finding's fingerprint (a rule may also find something of its own in this data). */
export const HOSTILE_FINGERPRINT = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';

/** A valid 18-digit ID from 15 leading digits and a sequence digit. */
export function id(first15: string, seq: number): string {
  const first17 = `${first15}${seq}`.padEnd(17, '0').slice(0, 17);
  return first17 + idCheckChar(first17);
}

function write(dir: string, name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

export interface FixtureRun {
  db: Db;
  firstRunId: number;
  runId: number;
  /** Fingerprint marked false-positive after the first run. */
  falsePositive: string;
}

/** Builds the run in `dir` (its input files, and the database when `dbFile` is given; else in memory). */
export async function buildFixtureRun(dir: string, dbFile = ':memory:'): Promise<FixtureRun> {
  // Each step at its own time of day (timestamps have whole seconds), the second run on 2026-11-28.
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    return await build(dir, dbFile);
  } finally {
    vi.useRealTimers();
  }
}

const at = (iso: string) => vi.setSystemTime(new Date(iso));

async function build(dir: string, dbFile: string): Promise<FixtureRun> {
  at('2026-11-27T01:00:00+08:00');
  const db = await openDatabase(dbFile);
  const a = id('500103198001010', 1);
  const b = id('500103197505050', 2);
  const c = id('500103196512120', 3);
  // 渝中区: three approved, two paid; one payment under a label that is not a standard one.
  const roster = write(dir, 'roster-yuzhong-dibao-2026-11.csv', [
    '发放月份,区县,乡镇(街道),村(社区),姓名,身份证号码,救助类别,保障人数,核定金额,银行账号,账户名',
    `2026-11,渝中区,解放碑街道,民族路社区,陈国强,${a},城市低保,1,770.00,6217000012340001,陈国强`,
    `2026-11,渝中区,解放碑街道,民族路社区,周玉兰,${b},城市低保,2,"1,540.00",6217000012340002,周玉兰`,
    `2026-11,渝中区,解放碑街道,民族路社区,吴德明,${c},城市低保,1,770.00,6217000012340003,吴德明`,
    `2026-11,渝中区,解放碑街道,民族路社区,${HOSTILE_NAME},${HOSTILE_ID},城市低保,1,七百元,${HOSTILE_ACCOUNT},某某`,
  ]);
  const bank = write(dir, 'bank-yuzhong-dibao-2026-11.csv', [
    '发放月份,区县,救助类别,户名,身份证号码,银行账号,金额,手续费,用途,交易日期,状态,流水号',
    `2026-11,渝中区,低保,陈国强,${a},6217000012340001,770.00,0.00,低保金,2026-11-25,成功,YZ1`,
    `2026-11,渝中区,低保,周玉兰,${b},6217000012340002,1540.00,0.00,"${HOSTILE_LABEL.replace(/"/g, '""')}",2026-11-25,成功,YZ2`,
  ]);
  await ingest(db, { path: join(ROWS, 'roster-wanzhou-dibao-2026-11-three-people.csv') });
  await ingest(db, { path: join(ROWS, 'bank-batch-wanzhou-dibao-first-send.csv') });
  await ingest(db, { path: roster });
  await ingest(db, { path: bank });
  at('2026-11-27T02:00:00+08:00');
  const first = await checkNow(db, { rules: {} }, { trigger: 'schedule' });

  const some = (await listFindings(db, { runId: first.runId })).find((f) => f.district === '渝中区' && f.rule === 'count-mismatch');
  if (!some) throw new Error('the fixture expects a count-mismatch finding in 渝中区');
  await markFinding(db, some.fingerprint, 'false-positive', '已核实为正常', '陈科长', '2026-11-28T08:30:00+08:00');

  // The corrected 万州区 bank file resolves that district's findings; a bank file for October brings
  // payments nobody approved and rows that must be rejected. The pipeline records its files in the run.
  at('2026-11-28T01:00:00+08:00');
  const receipts = [
    await ingest(db, { path: join(ROWS, 'bank-batch-wanzhou-dibao-resent-corrected.csv') }),
    await ingest(db, { path: join(ROWS, 'bank-rows-with-every-kind-of-bad-value.csv'), period: '2026-10', district: '万州区', program: 'dibao' }),
    await ingest(db, { path: join(ROWS, 'roster-unrecognisable-header.csv') }),
  ];
  const files = receipts.map((r) => ({
    fileName: r.fileName, status: r.status as 'ingested' | 'refused', kind: r.kind, rowsRead: r.rowsRead, rowsAccepted: r.rowsAccepted, rowsRejected: r.rowsRejected,
    totalFen: r.totalFen, refusal: r.refusal, fileId: r.fileId, sha256: r.sha256, movedTo: null, supersedes: r.supersedes.map((s) => s.fileId),
  }));
  at('2026-11-28T02:00:00+08:00');
  const second = await checkNow(db, { rules: {} }, { trigger: 'schedule', extraStats: { files } });

  // A finding as a rule would write it, carrying hostile text in every free-text field a person typed.
  const run = await db.kysely.selectFrom('runs').select('startedAt').where('id', '=', second.runId).executeTakeFirstOrThrow();
  await db.kysely
    .insertInto('findings')
    .values({
      runId: second.runId, rule: 'account-holder-mismatch', severity: 'high', fingerprint: HOSTILE_FINGERPRINT,
      title: '收款账户非本人', message: `户名“${HOSTILE_NAME}”不是救助对象本人，用途「${HOSTILE_LABEL}」，账号 ${HOSTILE_ACCOUNT}`,
      period: '2026-11', district: '渝中区', districtCode: '500103', program: 'dibao', idNumber: HOSTILE_ID, name: HOSTILE_NAME,
      accountNo: HOSTILE_ACCOUNT, expectedFen: 77000, actualFen: 70000,
      evidenceJson: JSON.stringify([{ file: 'bank-yuzhong-dibao-2026-11.csv', sha256: 'ab'.repeat(32), rowNo: 4 }]),
      dataJson: JSON.stringify({ subject: { period: '2026-11', idNumber: HOSTILE_ID }, label: HOSTILE_LABEL }),
      status: 'new', firstSeen: run.startedAt,
    })
    .execute();
  return { db, firstRunId: first.runId, runId: second.runId, falsePositive: some.fingerprint };
}
