import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { PAGE_CAPS, writeReports } from '../../src/report/index.ts';
import { memoryDb, tempDir } from '../ingest/helpers.ts';
import { id } from './fixture-run.ts';
import { readWorkbook } from './helpers.ts';

const MANY = PAGE_CAPS.findingsPerRule + 400;
const OUTCOMES = [
  { rule: 'missing-payment', state: 'ran', findings: MANY, ms: 5 },
  { rule: 'deceased-recipient', state: 'cannot-run', zh: '没有死亡人员名单，无法检查', en: 'No deaths list; cannot check' },
];
const FEW = 30;
let db: Db;
let files: string[];

/** A run with more findings of one rule than the page lists, written straight into the tables. */
beforeAll(async () => {
  db = await memoryDb();
  const startedAt = '2026-11-28T02:00:00+08:00';
  const run = await db.kysely.insertInto('runs').values({ startedAt, finishedAt: startedAt, trigger: 'schedule', outcome: 'done', statsJson: JSON.stringify({ periods: ['2026-11'], allPeriods: false, rules: OUTCOMES }) }).returning('id').executeTakeFirstOrThrow();
  const rows: unknown[][] = [];
  const finding = (rule: string, i: number, severity: string, status: string) => {
    const idNumber = id(`50010119${String(50 + (i % 40)).padStart(2, '0')}01010`, i % 10);
    return [run.id, rule, severity, `${rule}-${i}`.padEnd(32, '0'), rule, `说明 ${i}`, '2026-11', i % 2 ? '万州区' : '渝中区', null, 'dibao', idNumber, `对象${i}`, `62170000${String(i).padStart(8, '0')}`, 77000, i, '[]', '{}', status, startedAt];
  };
  for (let i = 0; i < MANY; i++) rows.push(finding('missing-payment', i, 'high', i % 3 ? 'persisting' : 'new'));
  for (let i = 0; i < FEW; i++) rows.push(finding('late-payment', i, 'medium', 'new'));
  await db.write((w) => w.insertMany('findings', ['runId', 'rule', 'severity', 'fingerprint', 'title', 'message', 'period', 'district', 'districtCode', 'program', 'idNumber', 'name', 'accountNo', 'expectedFen', 'actualFen', 'evidenceJson', 'dataJson', 'status', 'firstSeen'], rows));
  ({ files } = await writeReports(db, run.id, { outDir: join(tempDir('report-caps-'), 'out'), lang: 'zh' }));
});
afterAll(async () => db.close());

describe('long lists', () => {
  it('the page lists a capped number per rule, new first, and says where the rest are', () => {
    const page = readFileSync(files.find((f) => f.endsWith('.html'))!, 'utf8');
    expect(page.match(/data-rule="missing-payment"/g)).toHaveLength(PAGE_CAPS.findingsPerRule);
    expect(page.match(/data-rule="late-payment"/g)).toHaveLength(FEW);
    expect(page).toContain('id="cap-note"');
    expect(page).toContain(`全部 ${MANY + FEW} 条见 Excel`);
    const firstPersisting = page.indexOf('data-status="persisting"');
    expect(page.lastIndexOf('data-status="new"')).toBeLessThan(firstPersisting);
  });

  it('Excel, JSON and CSV hold every finding', async () => {
    const wb = await readWorkbook(files.find((f) => f.endsWith('.xlsx'))!);
    const sheets = wb.worksheets.map((w) => w.name);
    expect(sheets).toHaveLength(5);
    expect([sheets[0], sheets[1], sheets[4]]).toEqual(['概览', '批次核对', '拒收数据']);
    expect(wb.worksheets[2]!.rowCount).toBe(3 + MANY);
    expect(wb.worksheets[3]!.rowCount).toBe(3 + FEW);
    const json = JSON.parse(readFileSync(files.find((f) => f.endsWith('.json'))!, 'utf8')) as { findings: unknown[] };
    expect(json.findings).toHaveLength(MANY + FEW);
    const csv = readFileSync(files.find((f) => f.endsWith('.csv'))!, 'utf8').trimEnd().split('\n');
    expect(csv).toHaveLength(1 + MANY + FEW);
  });

  it('says which rules could not run, on the page and in the workbook, rather than looking clean', async () => {
    const page = readFileSync(files.find((f) => f.endsWith('.html'))!, 'utf8');
    expect(page).toContain('id="rules-not-run"');
    expect(page).toContain('没有死亡人员名单，无法检查');
    const wb = await readWorkbook(files.find((f) => f.endsWith('.xlsx'))!);
    const texts: string[] = [];
    wb.getWorksheet('概览')!.eachRow((r) => r.eachCell((c) => texts.push(String(c.value))));
    expect(texts).toContain('未能运行的规则');
    expect(texts).toContain('没有死亡人员名单，无法检查');
  });
});
