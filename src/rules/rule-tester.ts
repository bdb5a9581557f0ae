/**
 * A small rule tester in the manner of ESLint's RuleTester: each case loads a handful of rows into an
 * in-memory database, reconciles, runs one rule and compares the subjects it reported.
 *
 *   testRule(rule, {
 *     flagged:    [{ name: '…', roster: [...], payments: [...], expect: [{ period: '2026-11', idNumber: '…' }] }],
 *     notFlagged: [{ name: '…', roster: [...], payments: [...] }],
 *   });
 */
import { describe, expect, it } from 'vitest';
import type { BatchNumberPattern } from '../config.ts';
import { openEmptyDatabase, type Db } from '../db/index.ts';
import { reconcile } from '../reconcile/index.ts';
import type { RuleDefinition, RuleHit } from './types.ts';

type Row = Record<string, unknown>;

export interface RuleCase {
  name: string;
  roster?: Row[];
  payments?: Row[];
  staff?: Row[];
  proxies?: Row[];
  deaths?: Row[];
  standards?: Row[];
  allocations?: Row[];
  pettyCash?: Row[];
  /** Source-file facts for control-total style cases; rows above go to one file per kind unless they name `fileId`. */
  files?: Row[];
  periods?: string[];
  options?: Record<string, unknown>;
  /** The operator's batch-number pattern, for cases whose batch facts come from the batch number. */
  batchNumber?: BatchNumberPattern;
  /** Flagged cases: the subjects that must be reported (order free); nothing else may be. */
  expect?: Record<string, string>[];
  /** Optional extra checks on the hits. */
  check?: (hits: RuleHit[]) => void;
}

export const TEST_PERIOD = '2026-11';

const FILE_DEFAULTS: Row = {
  kind: 'roster', fileName: 'f.csv', archivePath: null, format: 'csv', encoding: 'utf-8', delimiter: ',', sheetName: null, profile: null,
  headerRowNo: 1, ingestedAt: '2026-11-28T02:00:00+08:00', rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, totalFen: 0,
  controlCount: null, controlTotalFen: null, controlRowNo: null, period: null, district: null, program: null, batchKey: null,
  supersededBy: null, optionsJson: '{}',
};

const DEFAULTS: Record<string, Row> = {
  rosterEntries: {
    period: TEST_PERIOD, district: '万州区', districtCode: '500101', township: '龙都街道', village: '龙都社区', name: '张明华',
    idNumber: '500101195003150016', idValid: 1, program: 'dibao', householdSize: 1, approvedFen: 77000, bankName: null,
    accountNo: '6228480012345678901', accountHolder: null, proxyName: null, proxyIdNumber: null, agreementNo: null,
  },
  payments: {
    period: TEST_PERIOD, district: null, program: null, batchNo: null, serialNo: null, idNumber: '500101195003150016', idValid: 1,
    accountNo: '6228480012345678901', accountHolder: '张明华', amountFen: 77000, feeFen: 0, label: '低保金', paidOn: '2026-11-25',
    status: 'paid', failReason: null, bankName: null,
  },
  staff: { name: '王小红', idNumber: null, idValid: null, unit: null, role: '村干部' },
  proxyAgreements: { recipientIdNumber: '500101195003150016', recipientIdValid: 1, proxyName: '王小红', proxyIdNumber: null, proxyIdValid: null, agreementNo: 'DL-001', filedOn: null, relationship: null },
  deaths: { idNumber: '500101195003150016', idValid: 1, name: null, diedOn: '2026-09-14' },
  standards: { effectiveFrom: '2025-07-01', program: 'dibao', district: null, area: null, monthlyStandardFen: 77000, maxSupplementFen: 10000 },
  allocations: {
    docNo: '渝财社〔2026〕1号', allocatedOn: '2026-01-10', source: 'city', district: '万州区', districtCode: '500101', program: 'dibao', fund: 'dibao',
    recipient: null, recipientLevel: null, amountFen: 100000,
  },
  pettyCash: {
    district: '万州区', districtCode: '500101', township: '龙都街道', spentOn: '2026-11-10', name: '张明华', idNumber: '500101195003150016', idValid: 1,
    method: 'cash', amountFen: 50000, item: null, registrationNo: 'LD-BY-001', handler: '王小红',
  },
};

const KIND_OF: Record<string, string> = { rosterEntries: 'roster', payments: 'bank', staff: 'staff', proxyAgreements: 'proxy', deaths: 'deaths', standards: 'standards', allocations: 'allocation', pettyCash: 'petty-cash' };

/** Loads one case's rows; exported so rule tests can build on it for special checks. */
export async function loadCase(c: RuleCase): Promise<Db> {
  const db = await openEmptyDatabase();
  for (const f of c.files ?? []) await db.kysely.insertInto('sourceFiles').values({ ...FILE_DEFAULTS, sha256: `sha-${String(f.id)}`, ...f } as never).execute();
  const defaultFile = new Map<string, number>();
  const tables: [string, Row[] | undefined][] = [
    ['rosterEntries', c.roster], ['payments', c.payments], ['staff', c.staff], ['proxyAgreements', c.proxies], ['deaths', c.deaths], ['standards', c.standards],
    ['allocations', c.allocations], ['pettyCash', c.pettyCash],
  ];
  let nextFileId = 1000;
  for (const [table, rows] of tables) {
    let rowNo = 2;
    for (const row of rows ?? []) {
      let fileId = row.fileId as number | undefined;
      if (fileId === undefined) {
        fileId = defaultFile.get(table);
        if (fileId === undefined) {
          fileId = nextFileId++;
          defaultFile.set(table, fileId);
          await db.kysely.insertInto('sourceFiles').values({ ...FILE_DEFAULTS, id: fileId, kind: KIND_OF[table], fileName: `${KIND_OF[table]}.csv`, sha256: `sha-${fileId}` } as never).execute();
        }
      }
      const values: Row = { ...DEFAULTS[table], rowNo: rowNo++, ...row, fileId };
      if (table === 'payments' && values.paymentKey === undefined) {
        values.paymentKey = values.serialNo ? `sn:${String(values.serialNo)}` : `${String(values.period)}|${String(values.idNumber ?? '')}|${String(values.accountNo ?? '')}|${String(values.amountFen)}|${String(values.rowNo)}`;
      }
      await db.kysely.insertInto(table as 'payments').values(values as never).execute();
    }
  }
  return db;
}

export async function runCase<O extends Record<string, unknown>>(rule: RuleDefinition<O>, c: RuleCase): Promise<RuleHit[] | { cannotRun: { zh: string; en: string } }> {
  const db = await loadCase(c);
  try {
    const periods = c.periods ?? [TEST_PERIOD];
    await reconcile(db, periods, { batchNumber: c.batchNumber ?? null });
    const r = rule as unknown as RuleDefinition<Record<string, unknown>>;
    return await r.run({ db: db.kysely, periods, options: { ...r.defaultOptions, ...(c.options ?? {}) } });
  } finally {
    await db.close();
  }
}

const subjectKey = (s: Record<string, string>) => JSON.stringify(Object.keys(s).sort().map((k) => [k, s[k]]));

export function testRule<O extends Record<string, unknown>>(rule: RuleDefinition<O>, cases: { flagged: RuleCase[]; notFlagged: RuleCase[] }): void {
  describe(rule.id, () => {
    for (const c of cases.flagged) {
      it(`flags: ${c.name}`, async () => {
        const hits = await runCase(rule, c);
        if (!Array.isArray(hits)) throw new Error(`rule could not run: ${hits.cannotRun.en}`);
        expect(hits.map((h) => subjectKey(h.subject)).sort()).toEqual((c.expect ?? []).map(subjectKey).sort());
        c.check?.(hits);
      });
    }
    for (const c of cases.notFlagged) {
      it(`stays quiet: ${c.name}`, async () => {
        const hits = await runCase(rule, c);
        if (!Array.isArray(hits)) throw new Error(`rule could not run: ${hits.cannotRun.en}`);
        expect(hits.map((h) => h.subject)).toEqual([]);
        c.check?.(hits);
      });
    }
  });
}
