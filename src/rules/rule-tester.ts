/**
 * A rule tester in the manner of ESLint's RuleTester: each case loads a handful of rows into an in-memory
 * database, reconciles, runs one rule and compares what it reported.
 *
 *   testRule(rule, {
 *     flagged: [{
 *       name: '…', roster: [...], payments: [...],
 *       expect: [{ subject: { period: '2026-11', idNumber: '…' }, messageId: 'default', severity: 'high', values: { paidFen: 77000 } }],
 *     }],
 *     notFlagged: [{ name: '…', roster: [...], payments: [...] }],
 *   });
 *
 * Like ESLint's, it is strict so that a table cannot pass by saying little:
 * - every flagged case states, for each finding, its subject, message id, placeholder values and severity
 *   (a missing one fails the case, and the rule must report exactly those);
 * - a message whose {placeholder} is left unfilled by the values fails;
 * - once the cases are written, every message id the rule declares must be stated by some flagged case.
 */
import { describe, expect, it } from 'vitest';
import type { BatchNumberPattern } from '../config.ts';
import { openEmptyDatabase, type Db } from '../db/index.ts';
import { sumRosterTotals } from '../db/migrations.ts';
import { reconcile } from '../reconcile/index.ts';
import { fillMessage } from './engine/message.ts';
import type { RuleDefinition, RuleHit, Severity } from './types.ts';

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
  /** Rows of a declared cross-check list (referenceRows); their default file is a file of the list `list`. */
  references?: Row[];
  /** The key of the declared list the `references` rows belong to (default `public-employees`). */
  list?: string;
  /** Source-file facts for control-total style cases; rows above go to one file per kind unless they name `fileId`. */
  files?: Row[];
  periods?: string[];
  options?: Record<string, unknown>;
  /** The operator's batch-number pattern, for cases whose batch facts come from the batch number. */
  batchNumber?: BatchNumberPattern;
  /** Flagged cases: the findings that must be reported (order free); nothing else may be. */
  expect?: ExpectedHit[];
  /** Optional extra checks on the hits. */
  check?: (hits: RuleHit[]) => void;
}

/** One finding a flagged case requires: all four fields are required (the tester fails a case that omits one). */
export interface ExpectedHit {
  /** Exactly the subject the rule reports (its fingerprint fields). */
  subject: Record<string, string>;
  /** Which of the rule's messages it uses (`default` when the rule sets none). */
  messageId: string;
  /** The values for that message's {placeholders}, exactly as the rule gives them (money in fen). */
  values: Record<string, string | number | null>;
  /** The severity of this finding under the rule's default settings (a per-hit raise included). */
  severity: Severity;
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
  referenceRows: {
    idNumber: '500101195003150016', idValid: 1, name: '张明华',
    cellsJson: JSON.stringify({ 姓名: '张明华', 公民身份号码: '500101195003150016', 工作单位: '万州区龙都街道办事处', 职务: '科员' }),
  },
};

const KIND_OF: Record<string, string> = { rosterEntries: 'roster', payments: 'bank', staff: 'staff', proxyAgreements: 'proxy', deaths: 'deaths', standards: 'standards', allocations: 'allocation', pettyCash: 'petty-cash', referenceRows: 'list' };

/** Loads one case's rows; exported so rule tests can build on it for special checks. */
export async function loadCase(c: RuleCase): Promise<Db> {
  const db = await openEmptyDatabase();
  for (const f of c.files ?? []) await db.kysely.insertInto('sourceFiles').values({ ...FILE_DEFAULTS, sha256: `sha-${String(f.id)}`, ...f } as never).execute();
  const defaultFile = new Map<string, number>();
  const tables: [string, Row[] | undefined][] = [
    ['rosterEntries', c.roster], ['payments', c.payments], ['staff', c.staff], ['proxyAgreements', c.proxies], ['deaths', c.deaths], ['standards', c.standards],
    ['allocations', c.allocations], ['pettyCash', c.pettyCash], ['referenceRows', c.references],
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
          const list = table === 'referenceRows' ? { referenceList: c.list ?? 'public-employees' } : {};
          await db.kysely.insertInto('sourceFiles').values({ ...FILE_DEFAULTS, id: fileId, kind: KIND_OF[table], fileName: `${KIND_OF[table]}.csv`, sha256: `sha-${fileId}`, ...list } as never).execute();
        }
      }
      const values: Row = { ...DEFAULTS[table], rowNo: rowNo++, ...row, fileId };
      if (table === 'payments' && values.paymentKey === undefined) {
        values.paymentKey = values.serialNo ? `sn:${String(values.serialNo)}` : `${String(values.period)}|${String(values.idNumber ?? '')}|${String(values.accountNo ?? '')}|${String(values.amountFen)}|${String(values.rowNo)}`;
      }
      await db.kysely.insertInto(table as 'payments').values(values as never).execute();
    }
  }
  // Ingest sums each roster file's totals as it stores the rows (the batch table's approved side); rows put in
  // by hand get theirs from the rows themselves.
  const rosterFiles = [...new Set((c.roster ?? []).map((r) => (r.fileId as number | undefined) ?? defaultFile.get('rosterEntries')!))];
  await sumRosterTotals(db.kysely as never, rosterFiles);
  return db;
}

export async function runCase<O extends Record<string, unknown>>(rule: RuleDefinition<O>, c: RuleCase): Promise<RuleHit[] | { cannotRun: { zh: string; en: string } }> {
  const db = await loadCase(c);
  try {
    const periods = c.periods ?? [TEST_PERIOD];
    await reconcile(db, periods, { batchNumber: c.batchNumber ?? null });
    const r = rule as unknown as RuleDefinition<Record<string, unknown>>;
    return await r.run({ db: db.kysely, periods, options: r.options.parse(c.options ?? {}) });
  } finally {
    await db.close();
  }
}

const subjectKey = (s: Record<string, string>) => JSON.stringify(Object.keys(s).sort().map((k) => [k, s[k]]));

/** A rule's message ids, in declaration order. */
export function messageIds(rule: Pick<RuleDefinition, 'messages'>): string[] {
  return Object.keys(rule.messages);
}

/** The templates of one message id: its Chinese text and, where the rule declares it, its English one. */
function templatesOf(rule: Pick<RuleDefinition, 'messages'> & Partial<Pick<RuleDefinition, 'messagesEn'>>, id: string): { zh?: string; en?: string } {
  return { zh: (rule.messages as Record<string, string>)[id], en: (rule.messagesEn as Record<string, string> | undefined)?.[id] };
}

const REQUIRED: (keyof ExpectedHit)[] = ['subject', 'messageId', 'values', 'severity'];

/** Fails (throws) unless every expected finding of a flagged case states all of subject, messageId, values and severity. */
export function checkStated(rule: Pick<RuleDefinition, 'id' | 'messages'>, c: RuleCase): void {
  if (!c.expect?.length) throw new Error(`${rule.id} / ${c.name}: a flagged case must list the findings it expects`);
  c.expect.forEach((e, i) => {
    const missing = REQUIRED.filter((k) => (e as unknown as Record<string, unknown>)[k] === undefined);
    if (missing.length) throw new Error(`${rule.id} / ${c.name}: expected finding #${i + 1} must state ${missing.join(', ')}`);
    if (templatesOf(rule, e.messageId).zh === undefined) throw new Error(`${rule.id} / ${c.name}: expected messageId "${e.messageId}" is not one of the rule's messages (${messageIds(rule).join(', ')})`);
  });
}

/** Fails (throws) when a hit names a message the rule does not declare, or leaves one of its {placeholders} unfilled. */
export function checkFilled(rule: Pick<RuleDefinition, 'id' | 'messages'> & Partial<Pick<RuleDefinition, 'messagesEn'>>, hit: RuleHit): void {
  const id = hit.messageId ?? 'default';
  const { zh, en } = templatesOf(rule, id);
  if (zh === undefined) throw new Error(`${rule.id}: the hit for ${JSON.stringify(hit.subject)} names message "${id}", which the rule does not declare`);
  // The English message is filled from the same values, words given in English by valuesEn.
  const filled: [string, RuleHit['values']][] = [[zh, hit.values]];
  if (en !== undefined) filled.push([en, { ...hit.values, ...hit.valuesEn }]);
  for (const [t, values] of filled) {
    const text = fillMessage(t, values ?? {});
    const left = text.match(/\{\w+\}/g);
    if (left) throw new Error(`${rule.id}: message "${id}" for ${JSON.stringify(hit.subject)} leaves ${left.join(', ')} unfilled: ${text}`);
  }
}

/** What a hit says, in the shape of an ExpectedHit (the rule's defaults filled in). */
export function stated(rule: Pick<RuleDefinition, 'severity'>, hit: RuleHit): ExpectedHit {
  return { subject: hit.subject, messageId: hit.messageId ?? 'default', values: (hit.values ?? {}) as ExpectedHit['values'], severity: hit.severity ?? rule.severity };
}

/** Runs one flagged case and fails unless the rule reports exactly the stated findings, each message filled. */
export async function verifyFlagged<O extends Record<string, unknown>>(rule: RuleDefinition<O>, c: RuleCase): Promise<RuleHit[]> {
  checkStated(rule as unknown as RuleDefinition, c);
  const hits = await runCase(rule, c);
  if (!Array.isArray(hits)) throw new Error(`rule could not run: ${hits.cannotRun.en}`);
  for (const h of hits) checkFilled(rule as unknown as RuleDefinition, h);
  const byKey = (xs: ExpectedHit[]) => [...xs].sort((a, b) => subjectKey(a.subject).localeCompare(subjectKey(b.subject)));
  const pick = (e: ExpectedHit): ExpectedHit => ({ subject: e.subject, messageId: e.messageId, values: e.values, severity: e.severity });
  expect(byKey(hits.map((h) => stated(rule, h)))).toEqual(byKey(c.expect!.map(pick)));
  return hits;
}

/** The message ids the rule declares that no flagged case states. */
export function unexercisedMessageIds(rule: Pick<RuleDefinition, 'messages'>, flagged: readonly RuleCase[]): string[] {
  const used = new Set(flagged.flatMap((c) => (c.expect ?? []).map((e) => e.messageId)));
  return messageIds(rule).filter((id) => !used.has(id));
}

export function testRule<O extends Record<string, unknown>>(rule: RuleDefinition<O>, cases: { flagged: RuleCase[]; notFlagged: RuleCase[] }): void {
  describe(rule.id, () => {
    for (const c of cases.flagged) {
      it(`flags: ${c.name}`, async () => {
        const hits = await verifyFlagged(rule, c);
        c.check?.(hits);
      });
    }
    for (const c of cases.notFlagged) {
      it(`stays quiet: ${c.name}`, async () => {
        if (c.expect) throw new Error(`${rule.id} / ${c.name}: a quiet case expects no findings; move it to flagged`);
        const hits = await runCase(rule, c);
        if (!Array.isArray(hits)) throw new Error(`rule could not run: ${hits.cannotRun.en}`);
        expect(hits.map((h) => h.subject)).toEqual([]);
        c.check?.(hits);
      });
    }
    it('exercises every message id it declares', () => {
      const left = unexercisedMessageIds(rule as unknown as RuleDefinition, cases.flagged);
      expect(left, `message ids no flagged case states: ${left.join(', ')}`).toEqual([]);
    });
  });
}
