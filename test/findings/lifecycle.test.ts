import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkNow } from '../../src/check.ts';
import { listFindings, markFinding } from '../../src/findings/index.ts';
import { buildReportModel } from '../../src/report/index.ts';
import { ROWS, ingest, memoryDb } from '../ingest/helpers.ts';

const subjects = (rows: { rule: string; subject: Record<string, string>; status: string }[]) =>
  rows.map((f) => `${f.status} ${f.rule} ${Object.values(f.subject).join('|')}`).sort();

describe('finding lifecycle against the previous run', () => {
  it('marks unchanged findings persisting, then resolves exactly those a re-sent bank file corrects', async () => {
    const db = await memoryDb();
    await ingest(db, { path: join(ROWS, 'roster-wanzhou-dibao-2026-11-three-people.csv') });
    await ingest(db, { path: join(ROWS, 'bank-batch-wanzhou-dibao-first-send.csv') });

    const first = await checkNow(db, { rules: {} }, { trigger: 'manual' });
    const expected = [
      'count-mismatch 2026-11|万州区|dibao',
      'missing-payment 2026-11|50010119551108035X',
      'total-mismatch 2026-11|万州区|dibao',
    ];
    expect(subjects(await listFindings(db, { runId: first.runId }))).toEqual(expected.map((s) => `new ${s}`));
    expect(first.stats.lifecycle).toMatchObject({ new: 3, persisting: 0, resolved: 0 });

    const second = await checkNow(db, { rules: {} }, { trigger: 'manual' });
    expect(second.stats.lifecycle).toMatchObject({ new: 0, persisting: 3, resolved: 0 });
    const persisting = await listFindings(db, { runId: second.runId });
    expect(subjects(persisting)).toEqual(expected.map((s) => `persisting ${s}`));
    const firstSeen = (await listFindings(db, { runId: first.runId })).map((f) => f.firstSeen);
    expect(persisting.map((f) => f.firstSeen)).toEqual(firstSeen);

    const resent = await ingest(db, { path: join(ROWS, 'bank-batch-wanzhou-dibao-resent-corrected.csv') });
    expect(resent.supersedes).toHaveLength(1);
    const third = await checkNow(db, { rules: {} }, { trigger: 'manual' });
    expect(third.stats.lifecycle).toMatchObject({ new: 0, persisting: 0, resolved: 3 });
    expect(subjects(await listFindings(db, { runId: third.runId }))).toEqual(expected.map((s) => `resolved ${s}`));

    const fourth = await checkNow(db, { rules: {} }, { trigger: 'manual' });
    expect(await listFindings(db, { runId: fourth.runId })).toEqual([]);
    await db.close();
  });

  it('gives a finding one status for the run in every reader: carried over by a run with no new data, it is persisting, not new', async () => {
    const db = await memoryDb();
    await ingest(db, { path: join(ROWS, 'roster-wanzhou-dibao-2026-11-three-people.csv') });
    await ingest(db, { path: join(ROWS, 'bank-batch-wanzhou-dibao-first-send.csv') });
    await checkNow(db, { rules: {} }, { trigger: 'manual' });
    // A night with nothing new: the run examines another month, every November finding is carried over.
    const quiet = await checkNow(db, { rules: {} }, { trigger: 'manual', periods: ['2026-10'] });
    expect(quiet.stats.lifecycle).toMatchObject({ new: 0, persisting: 0, resolved: 0, carried: 3 });
    // `findings --status new` and the portal read listFindings; the reports read the model's counts.
    expect(await listFindings(db, { status: 'new' })).toEqual([]);
    expect((await listFindings(db, { status: 'persisting' })).map((f) => f.rule).sort()).toEqual(['count-mismatch', 'missing-payment', 'total-mismatch']);
    expect((await listFindings(db)).map((f) => f.status)).toEqual(['persisting', 'persisting', 'persisting']);
    const model = await buildReportModel(db, quiet.runId, { lang: 'zh', unmask: false });
    expect(model.counts.byStatus).toMatchObject({ new: 0, persisting: 3, resolved: 0 });
    await db.close();
  });

  it('keeps review marks across runs, and a false-positive stops counting as open', async () => {
    const db = await memoryDb();
    await ingest(db, { path: join(ROWS, 'roster-wanzhou-dibao-2026-11-three-people.csv') });
    await ingest(db, { path: join(ROWS, 'bank-batch-wanzhou-dibao-first-send.csv') });
    await checkNow(db, { rules: {} }, { trigger: 'manual' });
    const missing = (await listFindings(db)).find((f) => f.rule === 'missing-payment')!;
    await markFinding(db, missing.fingerprint.slice(0, 8), 'false-positive', '本月暂停发放，已有审批记录', '陈科长', '2026-11-28T08:30:00+08:00');
    await checkNow(db, { rules: {} }, { trigger: 'manual' });
    const later = (await listFindings(db)).find((f) => f.rule === 'missing-payment')!;
    expect(later.status).toBe('persisting');
    expect(later.review).toEqual({ mark: 'false-positive', note: '本月暂停发放，已有审批记录', reviewer: '陈科长', markedAt: '2026-11-28T08:30:00+08:00' });
    const open = await listFindings(db, { openOnly: true });
    expect(open.map((f) => f.rule).sort()).toEqual(['count-mismatch', 'total-mismatch']);
    await db.close();
  });
});
