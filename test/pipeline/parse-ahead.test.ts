/**
 * The inbox starts the next large file's parse while the file before it still has its indexes built and commits
 * (ingest's startParseAhead). Forced here for every file (worker: true; the sample month's files are small): the
 * night must store and find exactly what it does parsing each file in its turn, and a run stopped between files
 * must leave the file parsed ahead untouched in the inbox (and take it, whole, on the next start).
 */
import { describe, expect, it, vi } from 'vitest';
import { liveParseWorkers } from '../../src/ingest/run-parse.ts';
import { openDatabase, type Db } from '../../src/db/index.ts';
import { memoryLog, runPipeline } from '../../src/pipeline/index.ts';
import { fillInbox, inboxFiles, setUp, stubWriter } from './helpers.ts';

async function contents(url: string) {
  const db: Db = await openDatabase(url);
  try {
    const count = async (t: 'payments' | 'rosterEntries' | 'rejectedRows' | 'proxyAgreements' | 'staff' | 'reconPayments') =>
      Number((await db.kysely.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const files = await db.kysely.selectFrom('sourceFiles').select(['fileName', 'kind', 'rowsRead', 'rowsAccepted', 'rowsRejected', 'totalFen', 'batchKey', 'supersededBy']).orderBy('id').execute();
    const findings = await db.kysely.selectFrom('findings').select(['rule', 'fingerprint', 'message']).orderBy('fingerprint').execute();
    const paid = await db.kysely.selectFrom('reconPayments').select(['fileId', 'rowNo', 'rosterId', 'amountFen', 'status']).orderBy('fileId').orderBy('rowNo').execute();
    return { files, findings, paid, rows: { payments: await count('payments'), roster: await count('rosterEntries'), rejected: await count('rejectedRows'), proxies: await count('proxyAgreements'), staff: await count('staff') } };
  } finally {
    await db.close();
  }
}

describe('a file parsed ahead of its turn, in the nightly run', () => {
  it('a stop after a file leaves the file parsed ahead in the inbox, unstored; the night then stores and finds what parsing each file in its turn does', async () => {
    const inTurn = setUp();
    const names = await fillInbox(inTurn.config.inbox);
    const a = await runPipeline(inTurn.config, { trigger: 'manual', log: memoryLog(), writeReports: stubWriter, worker: false });
    expect(a.outcome).toBe('done');

    const { config } = setUp();
    await fillInbox(config.inbox);
    const stop = new AbortController();
    const first = await runPipeline(config, {
      // Batches of one row: more than a worker may send ahead, so the parse started ahead is still under way at the stop.
      trigger: 'manual', log: memoryLog(), writeReports: stubWriter, worker: true, batchSize: 1, signal: stop.signal,
      // The first file is stored, and by then the next one is being parsed ahead: stop here.
      hooks: { afterIngest: () => stop.abort('SIGTERM') },
    });
    expect(first.outcome).toBe('interrupted');
    expect(first.files.map((f) => f.fileName)).toEqual([names[0]]);
    expect(inboxFiles(config)).toEqual(names.slice(1));
    expect((await contents(config.database)).files.map((f) => f.fileName)).toEqual([names[0]]);
    // The parse started ahead was stopped, not left waiting for a turn that never came (its threads would keep
    // `relief-recon run` from exiting after a SIGTERM).
    await vi.waitFor(() => expect(liveParseWorkers()).toBe(0), { timeout: 5000 });

    const b = await runPipeline(config, { trigger: 'manual', log: memoryLog(), writeReports: stubWriter, worker: true, batchSize: 1 });
    expect(b).toMatchObject({ runId: first.runId, resumed: true, outcome: 'done' });
    expect(inboxFiles(config)).toEqual([]);
    const strip = (r: typeof a) => r.files.map((f) => ({ ...f, ms: 0, aheadMs: 0, movedTo: f.movedTo ? 'archive' : null }));
    expect(strip(b)).toEqual(strip(a));
    // Each file after the first of the resumed attempt was parsed ahead (worker: true makes every file large enough).
    expect(b.files.map((f) => f.aheadMs !== undefined)).toEqual(names.map((_, i) => i > 1));
    expect(a.files.every((f) => f.aheadMs === undefined)).toBe(true);
    const [x, y] = [await contents(inTurn.config.database), await contents(config.database)];
    expect(y).toEqual(x);
    // The month carried something to compare: every kind of file, and findings.
    expect(y.files.map((f) => f.fileName)).toEqual(names);
    expect([...new Set(x.files.map((f) => f.kind))]).toEqual(expect.arrayContaining(['roster', 'bank', 'proxy', 'staff']));
    expect(x.rows.payments).toBeGreaterThan(250);
    expect(x.findings.length).toBeGreaterThan(10);
  });
});
