/**
 * A file's parse started ahead of its turn (startParseAhead), while the writer still stores the file before it: its
 * rows wait for the file's own transaction and must be stored exactly as a parse in its turn stores them. A parse
 * started for a file that is then not stored (a duplicate, a refusal, a run that stops) must store nothing.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ingestFile, startParseAhead, type ParseRequest } from '../../src/ingest/index.ts';
import { FORMATS, ROWS, scratchDatabases, storedFile } from './helpers.ts';

const fresh = scratchDatabases();


const profile = () => loadConfig().bankProfiles['cq-rcb']!;
/** Batches of two rows: far more batches than a worker may send ahead, so the read-ahead fills and waits. */
const FILES: () => ParseRequest[] = () => [
  { path: join(ROWS, 'gbk-bank-file-with-summary-first-line.csv'), batchSize: 2 },
  { path: join(ROWS, 'bank-pipe-delimited-with-trailing-summary-line.txt'), batchSize: 2 },
  { path: join(ROWS, 'bank-headerless-profile-cq-rcb.txt'), profile: profile(), district: '万州区', program: 'dibao', batchSize: 2 },
  { path: join(ROWS, 'bank-rows-with-every-kind-of-bad-value.csv'), period: '2026-11', batchSize: 2 },
  { path: join(FORMATS, 'roster-with-title-merged-cells-total-row.xlsx'), batchSize: 2 },
];
/** Stored first, meanwhile: a file of another kind (a roster of the same month and district would be superseded). */
const BEFORE: ParseRequest = { path: join(ROWS, 'staff-registry-village-cadres.csv') };

describe('a parse started ahead of its turn', () => {
  it('is stored, in the file\'s own transaction, exactly as a parse in its turn (text files cut in two parts, and a workbook)', async () => {
    for (const req of FILES()) {
      const inline = await fresh();
      const ahead = await fresh();
      const a = await ingestFile(inline, req, { archiveDir: null, worker: false });
      // Started, then the file before it stored meanwhile: nothing of this one reaches the database before its turn.
      const started = await startParseAhead(req, { worker: true, splitMinBytes: 1 });
      expect(started, req.path).not.toBeNull();
      await started!.running;
      await ingestFile(ahead, BEFORE, { archiveDir: null, worker: false });
      expect(await ahead.kysely.selectFrom('sourceFiles').select('fileName').execute()).toEqual([{ fileName: 'staff-registry-village-cadres.csv' }]);
      let parsedBeforeCommit = 0;
      const b = await ingestFile(ahead, req, { archiveDir: null, started, onParsed: () => void parsedBeforeCommit++ });
      expect(b.status, req.path).toBe('ingested');
      expect({ ...b, fileId: 0 }).toEqual({ ...a, fileId: 0 });
      expect(await storedFile(ahead, b.fileId!)).toEqual(await storedFile(inline, a.fileId!));
      expect(parsedBeforeCommit).toBe(1);
    }
  });

  it('the scenarios carried what each is about (so the equality above compared something)', async () => {
    const db = await fresh();
    const receipts = [];
    for (const req of FILES()) receipts.push(await ingestFile(db, req, { archiveDir: null, started: await startParseAhead(req, { worker: true, splitMinBytes: 1 }) }));
    const [gbk, pipe, , bad, xlsx] = await Promise.all(receipts.map((r) => storedFile(db, r.fileId!)));
    expect([gbk!.file.encoding, gbk!.file.controlCount]).toEqual(['gb18030', gbk!.file.rowsAccepted]);
    expect(pipe!.file.controlCount).toBe(pipe!.file.rowsAccepted);
    expect(bad!.rejected.length).toBeGreaterThan(3);
    expect([xlsx!.file.kind, xlsx!.file.format, xlsx!.roster.length]).toEqual(['roster', 'xlsx', xlsx!.file.rowsAccepted]);
  });

  it('of a file already stored: the parse is stopped and nothing more is stored', async () => {
    const db = await fresh();
    const req = FILES()[3]!;
    const first = await ingestFile(db, req, { archiveDir: null, worker: false });
    const started = (await startParseAhead(req, { worker: true, splitMinBytes: 1 }))!;
    await started.running;
    const again = await ingestFile(db, req, { archiveDir: null, started });
    expect([again.status, again.fileId]).toEqual(['duplicate', first.fileId]);
    await expect(started.attach({ start() {}, rows() {}, rejected() {} })).rejects.toThrow(/stopped/);
    expect(await db.kysely.selectFrom('payments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: first.rowsAccepted });
  });

  it('of a file that is refused: refused as in its turn, nothing of it stored', async () => {
    const db = await fresh();
    const req = { path: join(ROWS, 'roster-unrecognisable-header.csv') };
    const inline = await ingestFile(await fresh(), req, { archiveDir: null, worker: false });
    const r = await ingestFile(db, req, { archiveDir: null, started: await startParseAhead(req, { worker: true, splitMinBytes: 1 }) });
    expect(r.status).toBe('refused');
    expect(r.refusal).toEqual(inline.refusal);
    expect(await db.kysely.selectFrom('sourceFiles').select('id').execute()).toEqual([]);
  });

  it('is started only where it gains: files large enough for workers of their own, and workers allowed', async () => {
    const small = FILES()[0]!;
    expect(await startParseAhead(small, { worker: 'auto' })).toBeNull();
    expect(await startParseAhead(small, { worker: false })).toBeNull();
    expect(await startParseAhead({ path: join(ROWS, 'no-such-file.csv') }, { worker: true })).toBeNull();
    const forced = await startParseAhead(small, { worker: true });
    expect(forced).not.toBeNull();
    forced!.cancel();
  });
});
