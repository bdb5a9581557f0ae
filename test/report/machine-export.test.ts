import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFindings } from '../../src/findings/index.ts';
import { CSV_COLUMNS, writeReports } from '../../src/report/index.ts';
import { tempDir } from '../ingest/helpers.ts';
import { buildFixtureRun, HOSTILE_ACCOUNT, HOSTILE_FINGERPRINT, HOSTILE_ID, HOSTILE_LABEL, HOSTILE_NAME, type FixtureRun } from './fixture-run.ts';

let fx: FixtureRun;
let files: string[];
beforeAll(async () => {
  const dir = tempDir('report-export-');
  fx = await buildFixtureRun(dir);
  ({ files } = await writeReports(fx.db, fx.runId, { outDir: join(dir, 'reports'), lang: 'zh' }));
});
afterAll(async () => fx.db.close());

const file = (name: string) => files.find((f) => f.endsWith(name))!;

describe('the machine export', () => {
  it('writes findings.json and findings.csv readable by the owner only (0600)', () => {
    for (const name of ['findings.json', 'findings.csv']) expect(statSync(file(name)).mode & 0o777).toBe(0o600);
  });

  it('findings.json holds every finding with the fields of rules.md, ID and account numbers whole', async () => {
    const doc = JSON.parse(readFileSync(file('findings.json'), 'utf8')) as { run: { id: number }; counts: { total: number }; findings: Record<string, unknown>[] };
    const stored = await listFindings(fx.db, { runId: fx.runId });
    expect(doc.run.id).toBe(fx.runId);
    expect(doc.findings).toHaveLength(stored.length);
    expect(doc.counts.total).toBe(stored.length);
    for (const key of ['rule', 'severity', 'title', 'message', 'period', 'district', 'districtCode', 'program', 'idNumber', 'name', 'accountNo', 'expectedFen', 'actualFen', 'evidence', 'fingerprint', 'status', 'firstSeen', 'data']) {
      expect(doc.findings[0]).toHaveProperty(key);
    }
    const hostile = doc.findings.find((f) => f.fingerprint === HOSTILE_FINGERPRINT)!;
    expect(hostile).toMatchObject({ idNumber: HOSTILE_ID, accountNo: HOSTILE_ACCOUNT, name: HOSTILE_NAME, expectedFen: 77000, actualFen: 70000 });
    expect(new Set(doc.findings.map((f) => f.fingerprint))).toEqual(new Set(stored.map((f) => f.fingerprint)));
    const marked = doc.findings.find((f) => f.fingerprint === fx.falsePositive)!;
    expect(marked.review).toMatchObject({ mark: 'false-positive', reviewer: '陈科长' });
  });

  it('findings.csv quotes properly, keeps numbers whole, and puts an apostrophe before formula-leading text', async () => {
    const text = readFileSync(file('findings.csv'), 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength((await listFindings(fx.db, { runId: fx.runId })).length);
    const hostile = rows.find((r) => r.fingerprint === HOSTILE_FINGERPRINT)!;
    expect(hostile.idNumber).toBe(HOSTILE_ID);
    expect(hostile.accountNo).toBe(HOSTILE_ACCOUNT);
    expect(hostile.name).toBe(HOSTILE_NAME);
    expect(hostile.label).toBe(`'${HOSTILE_LABEL}`);
    expect(hostile.expectedFen).toBe('77000');
    expect(JSON.parse(hostile.evidence!)).toEqual([{ file: 'bank-yuzhong-dibao-2026-11.csv', sha256: 'ab'.repeat(32), rowNo: 4 }]);
    for (const r of rows) for (const v of Object.values(r)) expect(v).not.toMatch(/^[=+\-@]/);
  });
});
