/**
 * Rows travel as records keyed by the schema's columns: for every kind of file, each accepted row carries
 * exactly its table's columns (as the migrated database has them, id and fileId aside), so the writer maps
 * a record to the table in one place and nothing reads a row by position.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db, type InputKind } from '../../db/index.ts';
import { parseFile, type ParseRequest } from '../parse-file.ts';
import { ROW_TARGETS, type IngestRow } from './index.ts';

const SCENARIOS = join(import.meta.dirname, '../../../fixtures/scenarios');

const CASES: [InputKind, ParseRequest][] = [
  ['roster', { path: join(SCENARIOS, 'rows/roster-wanzhou-dibao-2026-11-three-people.csv'), kind: 'roster' }],
  ['bank', { path: join(SCENARIOS, 'rows/bank-batch-wanzhou-dibao-first-send.csv'), kind: 'bank' }],
  ['staff', { path: join(SCENARIOS, 'rows/staff-registry-village-cadres.csv'), kind: 'staff' }],
  ['proxy', { path: join(SCENARIOS, 'rows/proxy-agreements-filed.csv'), kind: 'proxy' }],
  ['deaths', { path: join(SCENARIOS, 'rows/deaths-from-civil-registry.csv'), kind: 'deaths' }],
  ['standards', { path: join(SCENARIOS, 'rows/standards-chongqing-2025-07.csv'), kind: 'standards' }],
  ['allocation', { path: join(SCENARIOS, 'funds/allocations-wanzhou-2026-gbk-title-and-total.csv'), kind: 'allocation' }],
  ['petty-cash', { path: join(SCENARIOS, 'funds/petty-cash-longdu-2026-11-title-and-total.xlsx'), kind: 'petty-cash' }],
  [
    'list',
    {
      path: join(SCENARIOS, 'rows/staff-registry-village-cadres.csv'),
      list: { key: 'cadres', name: '村干部', idColumns: ['身份证号码', '公民身份号码'], nameColumns: ['姓名'] },
    },
  ],
];

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

async function rowsOf(req: ParseRequest): Promise<IngestRow[]> {
  const rows: IngestRow[] = [];
  await parseFile(req, { start() {}, rows: (batch) => void rows.push(...batch), rejected() {} });
  return rows;
}

describe('row records', () => {
  let db: Db;
  let columns: Map<string, string[]>;
  beforeAll(async () => {
    db = await openDatabase(':memory:');
    const tables = await db.kysely.introspection.getTables();
    columns = new Map(tables.map((t) => [camel(t.name), t.columns.map((c) => camel(c.name)).sort()]));
  });
  afterAll(() => db.close());

  it.each(CASES)('a %s row carries exactly its table’s columns, by name', async (kind, req) => {
    const rows = await rowsOf(req);
    expect(rows.length).toBeGreaterThan(0);
    const table = ROW_TARGETS[kind].table;
    for (const row of rows) expect(['fileId', 'id', ...Object.keys(row)].sort()).toEqual(columns.get(table));
  });

  it('a bank row names its batch, period and money: what superseding and the file total read', async () => {
    const [row] = (await rowsOf(CASES[1]![1])) as IngestRow[];
    expect(row).toMatchObject({ rowNo: 2, batchNo: null, period: '2026-11', district: '万州区', program: 'dibao', amountFen: 77000, status: 'paid', serialNo: 'SN1' });
    // No batch number in this file: the batch is its period, district and program.
    expect(ROW_TARGETS.bank.batchKey!(row as never)).toBe('2026-11|万州区|dibao');
    expect(ROW_TARGETS.bank.amountFen!(row as never)).toBe(77000);
  });
});
