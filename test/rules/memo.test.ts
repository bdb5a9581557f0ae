/**
 * The rules of one thread of a check share a memo (RuleContext.memo): the id range of the periods' rows, which
 * the month-reading rules filter through on SQLite (wholePeriods / wholeRoster), is looked up once per table,
 * not once per rule. On PostgreSQL those rules filter on `period IN` (partition pruning) and look nothing up.
 * The findings are the same with and without the memo.
 */
import { join } from 'node:path';
import type { LogEvent } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkNow } from '../../src/check.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, scratchDatabaseUrl, testDialect, type Db } from '../../src/db/index.ts';
import type { Program } from '../../src/domain/index.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { runRules } from '../../src/rules/index.ts';
import { generateDataset } from '../../fixtures/generator/index.ts';
import { tempDir } from '../ingest/helpers.ts';

let db: Db;
let statements: string[] = [];
const periods = ['2026-11'];
// Rules that read whole months of recon_payments and of the roster.
const RULES_READING_MONTHS = ['nonstandard-label', 'late-payment', 'missing-payment', 'staff-proxy', 'bank-fee'];

beforeAll(async () => {
  const dir = tempDir('relief-recon-memo-');
  const data = await generateDataset({ seed: 5, outDir: dir, period: '2026-11', districts: 2, rosterRows: 300, anomalyRate: 0.05 });
  db = await openDatabase(scratchDatabaseUrl(join(dir, 'site.db')), {
    log: (e: LogEvent) => {
      if (e.level === 'query') statements.push(e.query.sql);
    },
  });
  const profiles = loadConfig().bankProfiles;
  for (const f of data.files) {
    await ingestFile(
      db,
      { path: f.path, kind: f.kind, period: f.options.period, district: f.options.district, program: f.options.program as Program | undefined, profile: f.options.profile ? profiles[f.options.profile] : undefined },
      { archiveDir: null, worker: false },
    );
  }
  await checkNow(db, { rules: {} }, { trigger: 'manual', periods, parallelRules: false });
});

afterAll(async () => {
  await db?.close();
});

/** The id-range look-ups among the statements run, by table. */
const lookups = () => statements.filter((s) => /^select min\("id"\) as "lo", max\("id"\) as "hi" from "(\w+)"/.test(s)).map((s) => /from "(\w+)"/.exec(s)![1]!);

describe('the rules of one thread share a memo', () => {
  it('looks up each table\'s id range once for all the rules given one memo, once per rule without', async () => {
    statements = [];
    const memo = new Map<string, unknown>();
    const shared = [];
    for (const rule of RULES_READING_MONTHS) shared.push(await runRules(db.kysely, periods, {}, [rule], undefined, [], memo));
    const withMemo = lookups();
    statements = [];
    const alone = [];
    for (const rule of RULES_READING_MONTHS) alone.push(await runRules(db.kysely, periods, {}, [rule]));
    const without = lookups();
    if (testDialect() === 'postgres') {
      expect(withMemo).toEqual([]);
      expect(without).toEqual([]);
    } else {
      expect([...withMemo].sort()).toEqual(['recon_payments', 'roster_entries']);
      // staff-proxy reads both tables; the others one each.
      expect(without.filter((t) => t === 'recon_payments')).toHaveLength(4);
      expect(without.filter((t) => t === 'roster_entries')).toHaveLength(2);
      expect([...memo.keys()].sort()).toEqual(['periodRows:reconPayments:["2026-11"]', 'periodRows:rosterEntries:["2026-11"]']);
    }
    expect(shared.map((r) => r.findings.map((f) => [f.rule, f.fingerprint, f.message]))).toEqual(alone.map((r) => r.findings.map((f) => [f.rule, f.fingerprint, f.message])));
    expect(shared.flatMap((r) => r.outcomes.map((o) => o.state))).toEqual(RULES_READING_MONTHS.map(() => 'ran'));
    expect(shared.reduce((n, r) => n + r.findings.length, 0)).toBeGreaterThan(0);
  });
});
