/**
 * One parse worker kept for many files (KeptParser): an inbox of a bank's per-batch files pays the worker's
 * start-up once. Each file must be stored exactly as on the main thread, one after the other through the same
 * worker; a file that fails, on the worker's side (refused) or the writer's, leaves nothing of itself and stops
 * that worker, and the next file gets a fresh one.
 */
import { closeSync, openSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ingestFile, keptParserFor, startParseAhead, type ParseRequest } from '../../src/ingest/index.ts';
import { KeptParser, liveParseWorkers } from '../../src/ingest/run-parse.ts';
import { FORMATS, ROWS, scratchDatabases, storedFile, tempDir } from './helpers.ts';

const fresh = scratchDatabases();
const parsers: KeptParser[] = [];
afterEach(async () => {
  for (const p of parsers.splice(0)) await p.close();
});

/** keptParserFor decides by size and these fixtures are small, so the tests make one directly (its choice is tested below). */
function kept(): KeptParser {
  const p = new KeptParser();
  parsers.push(p);
  return p;
}


const profile = () => loadConfig().bankProfiles['cq-rcb']!;
const FILES: () => ParseRequest[] = () => [
  { path: join(ROWS, 'gbk-bank-file-with-summary-first-line.csv') },
  { path: join(ROWS, 'bank-headerless-profile-cq-rcb.txt'), profile: profile(), district: '万州区', program: 'dibao' },
  { path: join(ROWS, 'bank-rows-with-every-kind-of-bad-value.csv'), period: '2026-11' },
  { path: join(FORMATS, 'roster-with-title-merged-cells-total-row.xlsx') },
  { path: join(ROWS, 'bank-pipe-delimited-with-trailing-summary-line.txt') },
];

describe('a parse worker kept for many files', () => {
  it('stores each file exactly as the main thread does, all through one worker', async () => {
    const [inline, through] = [await fresh(), await fresh()];
    const parser = kept();
    for (const req of FILES()) {
      const a = await ingestFile(inline, req, { archiveDir: null, worker: false });
      const b = await ingestFile(through, req, { archiveDir: null, worker: 'auto', parser });
      expect(b.status, req.path).toBe('ingested');
      expect(b.refusal).toBeNull();
      expect({ ...b, sha256: '' }).toEqual({ ...a, sha256: '' });
      expect(await storedFile(through, b.fileId!)).toEqual(await storedFile(inline, a.fileId!));
    }
    expect(parser.started).toBe(1);
    // The files carried what each scenario is about (so equality above compared something).
    const gbk = await storedFile(through, 1);
    expect([gbk.file.encoding, gbk.file.controlCount]).toEqual(['gb18030', gbk.file.rowsAccepted]);
    const bad = await storedFile(through, 3);
    expect(bad.rejected.length).toBeGreaterThan(3);
    expect(bad.rejected.every((r) => JSON.parse(r.reasonsJson).length > 0)).toBe(true);
    const xlsx = await storedFile(through, 4);
    expect([xlsx.file.kind, xlsx.file.format, xlsx.roster.length]).toEqual(['roster', 'xlsx', xlsx.file.rowsAccepted]);
  });

  it('a refused file in between: refused as on the main thread, and the next file ingested by a fresh worker', async () => {
    const db = await fresh();
    const parser = kept();
    const first = await ingestFile(db, FILES()[0]!, { archiveDir: null, parser });
    const refused = await ingestFile(db, { path: join(ROWS, 'roster-unrecognisable-header.csv') }, { archiveDir: null, parser });
    const inline = await ingestFile(await fresh(), { path: join(ROWS, 'roster-unrecognisable-header.csv') }, { archiveDir: null, worker: false });
    expect(refused.status).toBe('refused');
    expect(refused.refusal).toEqual(inline.refusal);
    expect(refused.refusal!.zh).toMatch(/表头/);
    const next = await ingestFile(db, FILES()[4]!, { archiveDir: null, parser });
    expect([first.status, next.status]).toEqual(['ingested', 'ingested']);
    expect(next.rowsAccepted).toBe(2);
    expect(parser.started).toBe(2);
    const files = await db.kysely.selectFrom('sourceFiles').select('fileName').orderBy('id').execute();
    expect(files.map((f) => f.fileName)).toEqual(['gbk-bank-file-with-summary-first-line.csv', 'bank-pipe-delimited-with-trailing-summary-line.txt']);
  });

  it('a write that fails mid-file stores nothing of it; the next file is stored whole', async () => {
    const db = await fresh();
    const parser = kept();
    const req = { path: join(ROWS, 'bank-rows-with-every-kind-of-bad-value.csv'), period: '2026-11', batchSize: 2 };
    await expect(
      ingestFile(db, req, {
        archiveDir: null,
        parser,
        afterBatch(n) {
          if (n >= 2) throw new Error('disk full');
        },
      }),
    ).rejects.toThrow('disk full');
    expect(await db.kysely.selectFrom('payments').select('id').execute()).toEqual([]);
    expect(await db.kysely.selectFrom('sourceFiles').select('id').execute()).toEqual([]);
    const again = await ingestFile(db, req, { archiveDir: null, parser });
    expect(again.status).toBe('ingested');
    const inline = await ingestFile(await fresh(), req, { archiveDir: null, worker: false });
    expect(again.rowsAccepted).toBe(inline.rowsAccepted);
    expect(await db.kysely.selectFrom('payments').select('id').execute()).toHaveLength(inline.rowsAccepted);
    expect(parser.started).toBe(2);
  });
});

describe('the next small file parsed ahead on the kept worker', () => {
  it('is stored as in its turn, each file started while the one before it is finished; a large file is not started there', async () => {
    const [inline, through] = [await fresh(), await fresh()];
    const parser = kept();
    const files = FILES();
    let next = await startParseAhead(files[0]!, { worker: 'auto' }, parser);
    for (const [i, req] of files.entries()) {
      expect(next, req.path).not.toBeNull();
      const started = next!;
      await started.running;
      expect(parser.free).toBe(false); // the kept worker holds this file's parse until its turn
      next = null;
      const a = await ingestFile(inline, req, { archiveDir: null, worker: false });
      const b = await ingestFile(through, req, {
        archiveDir: null,
        parser,
        started,
        // As the nightly run does: the next file's parse starts once this one's has ended.
        onParsed: async () => {
          if (files[i + 1]) next = await startParseAhead(files[i + 1]!, { worker: 'auto' }, parser);
        },
      });
      expect({ ...b, sha256: '' }, req.path).toEqual({ ...a, sha256: '' });
      expect(await storedFile(through, b.fileId!)).toEqual(await storedFile(inline, a.fileId!));
    }
    expect(parser.free).toBe(true);
    expect(parser.started).toBe(1);
    // Workers of its own for a file of that size (worker: true makes any file one): never the kept worker.
    expect(await startParseAhead(files[0]!, { worker: true }, parser)).toBeNull();
    expect(await startParseAhead(files[0]!, { worker: false }, parser)).toBeNull();
  });

  it('a parse started ahead and then not wanted (the file was a duplicate, the run stopped) ends that worker; the next file gets a fresh one', async () => {
    const db = await fresh();
    const parser = kept();
    const [first, second] = FILES();
    expect((await ingestFile(db, first!, { archiveDir: null, parser })).status).toBe('ingested');
    const again = await startParseAhead(first!, { worker: 'auto' }, parser);
    await again!.running;
    // The same bytes again: a duplicate, whose parse ingestFile stops.
    const dup = await ingestFile(db, first!, { archiveDir: null, parser, started: again! });
    expect(dup.status).toBe('duplicate');
    await vi.waitFor(() => expect(liveParseWorkers()).toBe(0), { timeout: 5000 });
    expect(parser.free).toBe(true);
    const next = await ingestFile(db, second!, { archiveDir: null, parser });
    expect([next.status, next.rowsAccepted]).toEqual(['ingested', (await ingestFile(await fresh(), second!, { archiveDir: null, worker: false })).rowsAccepted]);
    expect(parser.started).toBe(2);
  });
});

describe('a kept worker that ends while idle', () => {
  it('is not handed out again: the next file gets a fresh one', async () => {
    const db = await fresh();
    const parser = kept();
    expect((await ingestFile(db, FILES()[0]!, { archiveDir: null, parser })).status).toBe('ingested');
    const idle = (parser as unknown as { idle: import('node:worker_threads').Worker | null }).idle;
    expect(idle).not.toBeNull();
    const ended = new Promise((r) => idle!.once('exit', r));
    await idle!.terminate();
    await ended;
    const next = await ingestFile(db, FILES()[4]!, { archiveDir: null, parser });
    expect([next.status, next.rowsAccepted]).toEqual(['ingested', 2]);
    expect(parser.started).toBe(2);
  });
});

describe('keptParserFor', () => {
  /** A file of `mb` MB that takes no disk (sparse): only its size matters here. */
  function sized(dir: string, name: string, mb: number): string {
    const path = join(dir, name);
    const fd = openSync(path, 'w');
    ftruncateSync(fd, mb * 1024 * 1024);
    closeSync(fd);
    return path;
  }

  it('keeps a worker when the files too small for one of their own come to 16 MB together', async () => {
    const dir = tempDir();
    const small = Array.from({ length: 8 }, (_, i) => sized(dir, `bank-${i}.csv`, 2));
    const p = await keptParserFor(small, 'auto');
    expect(p).not.toBeNull();
    await p!.close();
    expect(p!.started).toBe(0); // started only by the first file it parses
    expect(await keptParserFor(small.slice(1), 'auto')).toBeNull(); // 14 MB: parsed on the main thread
    // A file of its own size gets its own workers and counts for nothing; a missing file counts as nothing.
    expect(await keptParserFor([...small.slice(1), sized(dir, 'big.csv', 40), join(dir, 'gone.csv')], 'auto')).toBeNull();
    expect(await keptParserFor(small, false)).toBeNull();
    expect(await keptParserFor(small, true)).toBeNull();
  });
});
