/**
 * The report's 资金 section and 资金台账 sheet, from files ingested through the real ingest and a real check:
 * 万州区 handed 1,000.00 for 低保 and paid 1,400.00 (overdrawn 400.00), 5,000.00 of 临时救助备用金 of which the
 * 龙都街道 ledger spent 2,350.50; 渝中区 handed 2,000.00 for 低保 in September and paid nothing (idle).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkNow } from '../../src/check.ts';
import { openDatabase, type Db } from '../../src/db/index.ts';
import { migrations } from '../../src/db/migrations.ts';
import { fundsLedger } from '../../src/reconcile/index.ts';
import { buildReportModel, writeReports } from '../../src/report/index.ts';
import { ingest, ROWS, tempDir } from '../ingest/helpers.ts';
import { readWorkbook, sheetRows, testOutput } from './helpers.ts';

const FUNDS = join(import.meta.dirname, '../../fixtures/scenarios/funds');
let db: Db;
let runId: number;
let dir: string;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-28T02:00:00+08:00'));
  dir = tempDir('report-funds-');
  db = await openDatabase(':memory:');
  const allocation = join(dir, '资金下达明细_2026.csv');
  writeFileSync(allocation, [
    '文号,下达日期,资金来源,区县,救助类别,金额,下达对象',
    '渝财社〔2026〕110号,2026-11-01,市级,万州区,低保,1000.00,万州区',
    '万州财社〔2026〕11号,2026-11-01,区县本级,万州区,临时救助备用金,5000.00,龙都街道',
    '渝财社〔2026〕90号,2026-09-01,中央,渝中区,低保,2000.00,渝中区',
  ].join('\n') + '\n');
  await ingest(db, { path: join(ROWS, 'roster-wanzhou-dibao-2026-11-three-people.csv') });
  await ingest(db, { path: join(ROWS, 'bank-batch-wanzhou-dibao-first-send.csv') });
  await ingest(db, { path: allocation });
  await ingest(db, { path: join(FUNDS, 'petty-cash-longdu-2026-11-title-and-total.xlsx') });
  runId = (await checkNow(db, { rules: {} }, { trigger: 'manual' })).runId;
  vi.useRealTimers();
});
afterAll(async () => db.close());

describe('the 资金 part of the report', () => {
  it('holds the ledger per district × fund, by district, and the open leads', async () => {
    const model = await buildReportModel(db, runId, { lang: 'zh', unmask: false });
    const funds = model.funds!;
    expect(funds.asOf).toBe('2026-11-25');
    expect(funds.lines.map((l) => [l.district, l.fund, l.start, l.allocatedFen, l.bankFen, l.pettyCashFen, l.disbursedFen, l.balanceFen])).toEqual([
      ['万州区', 'dibao', '2026-11', 100_000, 140_000, 0, 140_000, -40_000],
      ['万州区', 'linshi-reserve', '2026-11', 500_000, 0, 235_050, 235_050, 264_950],
      ['渝中区', 'dibao', '2026-09', 200_000, 0, 0, 0, 200_000],
    ]);
    expect(funds.byDistrict).toEqual([
      { district: '万州区', allocatedFen: 600_000, disbursedFen: 375_050, balanceFen: 224_950 },
      { district: '渝中区', allocatedFen: 200_000, disbursedFen: 0, balanceFen: 200_000 },
    ]);
    // 孙大勇's transfer has no 登记编号; 张明华 got cash with only a 低保 approval.
    expect(Object.fromEntries(funds.leads.map((l) => [l.rule, l.open]))).toEqual({ 'funds-idle': 1, 'over-disbursed': 1, 'petty-cash-unregistered': 3, 'petty-cash-staff': 0 });
  });

  it('writes the section with its chart into the page, and the 资金台账 sheet with numeric yuan cells', async () => {
    const { files } = await writeReports(db, runId, { outDir: join(dir, 'out'), lang: 'zh' });
    const { readFileSync } = await import('node:fs');
    const page = readFileSync(files.find((f) => f.endsWith('.html'))!, 'utf8');
    const section = page.slice(page.indexOf('<section id="funds">'), page.indexOf('</section>', page.indexOf('<section id="funds">')));
    expect(section).toContain('<h2>资金</h2>');
    expect(section).toContain('资金台账截至 2026-11-25');
    expect(section).toMatch(/<figure class="chart" id="chart-funds"><svg/);
    expect(section).toContain('各区县资金下达与支出（万元）');
    expect(section).toContain('<tr class="bad"><td>万州区</td><td>低保</td><td>2026-11</td><td class="num">1,000.00</td><td class="num">1,400.00</td><td class="num">0.00</td><td class="num">1,400.00</td><td class="num">-400.00</td></tr>');
    expect(section).toContain('资金滞留（funds-idle）：<b>1</b>');
    writeFileSync(join(testOutput(), 'funds-section.html'), page);

    const wb = await readWorkbook(files.find((f) => f.endsWith('.xlsx'))!);
    expect(wb.worksheets.map((w) => w.name).slice(0, 3)).toEqual(['概览', '批次核对', '资金台账']);
    const ws = wb.getWorksheet('资金台账')!;
    const rows = sheetRows(ws, 3).map((r) => [r['区县']!.value, r['资金']!.value, r['月份']!.value, r['下达（元）']!.value, r['代发支出（元）']!.value, r['备用金支出（元）']!.value, r['月末结余（元）']!.value]);
    expect(rows).toEqual([
      ['万州区', '低保', '2026-11', 1000, 1400, 0, -400],
      ['万州区', '临时救助备用金', '2026-11', 5000, 0, 2350.5, 2649.5],
      ['渝中区', '低保', '2026-09', 2000, 0, 0, 2000],
    ]);
    expect(ws.getCell('G4').numFmt).toBe('#,##0.00;[Red]-#,##0.00');
  });

  it('has no 资金 part when no allocation was ever ingested (the rules-not-run list says why)', async () => {
    const bare = await openDatabase(':memory:');
    await ingest(bare, { path: join(ROWS, 'roster-wanzhou-dibao-2026-11-three-people.csv') });
    const { runId: id } = await checkNow(bare, { rules: {} }, { trigger: 'manual' });
    const model = await buildReportModel(bare, id, { lang: 'zh', unmask: false });
    expect(model.funds).toBeNull();
    expect(model.rules.find((r) => r.rule === 'funds-idle')).toMatchObject({ state: 'cannot-run', reason: { zh: '未导入资金下达文件，无法判断资金滞留' } });
    await bare.close();
  });

  it('reads nothing but the allocations when none is in force: the payments are not summed for a ledger with no line', async () => {
    const tables: string[][] = [];
    const bare = await openDatabase(':memory:', {
      log: (e) => {
        if (e.level === 'query') tables.push([...e.query.sql.matchAll(/(?:from|join) "(\w+)"/g)].map((m) => m[1]!));
      },
    });
    await ingest(bare, { path: join(ROWS, 'roster-wanzhou-dibao-2026-11-three-people.csv') });
    await ingest(bare, { path: join(ROWS, 'bank-batch-wanzhou-dibao-first-send.csv') });
    await checkNow(bare, { rules: {} }, { trigger: 'manual' });
    tables.length = 0;
    expect(await fundsLedger(bare.kysely)).toEqual({ lines: [], asOf: null, unattributedFen: 0 });
    expect(tables).toEqual([['allocations', 'source_files']]);
    await bare.close();
  });

  // Last: it takes the shared site's reconciled payments away.
  it('spends what the check stored per day paid; a site checked before that table existed gets it from its payments', async () => {
    const ledger = await fundsLedger(db.kysely);
    expect(ledger.lines.find((l) => l.district === '万州区' && l.fund === 'dibao')?.months.map((m) => m.bankFen)).toEqual([140_000]);
    // The paid days are the reconciled payments' paid rows, summed per (period, district, program, day).
    const summed = await sql<{ period: string; district: string; program: string; paidOn: string | null; n: number; fen: number }>`
      select period, district, program, substr(paid_on, 1, 10) as "paidOn", count(*) as n, sum(amount_fen) as fen from recon_payments
       where status = 'paid' group by period, district, program, substr(paid_on, 1, 10) order by 1, 2, 3, 4`.execute(db.kysely);
    const stored = await db.kysely.selectFrom('reconPaid').selectAll().orderBy('period').orderBy('district').orderBy('program').orderBy('paidOn').execute();
    expect(stored.map((d) => [d.period, d.district, d.program, d.paidOn, Number(d.paidCount), Number(d.paidFen)])).toEqual(
      summed.rows.map((r) => [r.period, r.district, r.program, r.paidOn, Number(r.n), Number(r.fen)]),
    );
    expect(stored.length).toBeGreaterThan(0);
    // A site from before 0024: the migration fills the table from the payments reconciled then.
    await sql`drop table recon_paid`.execute(db.kysely);
    await migrations(db.dialect)['0024-recon-paid']!.up(db.kysely as never);
    expect(await fundsLedger(db.kysely)).toEqual(ledger);
    // The ledger reads no reconciled payment: without them it is the same.
    await db.kysely.deleteFrom('reconPayments').execute();
    expect(await fundsLedger(db.kysely)).toEqual(ledger);
  });
});
