/**
 * The ingest stage: every file waiting in the inbox, by name. Each is hashed, stored (one transaction),
 * listed in the run's record, and only then moved out of the inbox — so a crash at any point leaves a
 * file either still waiting (and taken again) or listed (and, if still there, just moved).
 */
import { stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { nowInShanghai, todayInShanghai } from '../domain/index.ts';
import { ingestFile, keptParserFor, sha256File, startParseAhead, type KeptParser, type ParseRequest, type Receipt, type StartedParse } from '../ingest/index.ts';
import { readFacts, removeFacts } from './facts.ts';
import { archiveName, listFor, listInbox, moveFile, rejectedTarget, writeErrorNote, type InboxFile } from './inbox.ts';
import { saveState, type FileEntry, type RunState } from './runs.ts';
import { errorCode, message, type StageContext } from './types.ts';

/** Log lines name a file by its position in the run's `files` (or `fileErrors`) list, never by its name. */
export async function ingestStage(ctx: StageContext): Promise<void> {
  const { config, opts, log, progress, state } = ctx;
  const t = performance.now();
  const files = await listInbox(config.inbox, config.inboxProfiles);
  log.write({ runId: state.id, stage: 'ingest', event: 'start', counts: { files: files.length } });
  progress.files(files.length);
  // One parse worker for the inbox's smaller files, when there are enough of them to pay its start-up.
  const parser = await keptParserFor(files.map((f) => f.path), opts.worker ?? 'auto');
  // The next large file's parse, started while the file before it has its indexes built and commits (the second
  // core is idle then). One at a time; the smaller files in between are handled as before.
  const ahead: { next: Prepared | null } = { next: null };
  // The very next file, when it is small, parsed meanwhile on the kept worker: a bank's per-batch files went one at a
  // time, the kept worker waiting while the writer finished the file before (its commit, numbering, file record).
  const keptAhead: { next: Prepared | null } = { next: null };
  // Files found too small to parse ahead (looked at once: an inbox of a bank's per-batch files holds dozens).
  const small = new Set<InboxFile>();
  try {
    for (const [i, f] of files.entries()) {
      if (opts.signal?.aborted) break;
      progress.file(i, f.name);
      const slot = [ahead, keptAhead].find((s) => s.next?.file === f);
      const prepared = slot?.next ?? null;
      if (slot) slot.next = null;
      const startNextSmall = async () => {
        const next = files[i + 1];
        if (!parser?.free || !next || keptAhead.next) return;
        const p = prepare(ctx, next, parser);
        const started = await p.parse;
        if (!started) return;
        keptAhead.next = p;
        // Small, then: the search for the next large file below need not look at it again.
        small.add(next);
        await started.running;
      };
      const startNext = async () => {
        if (opts.signal?.aborted) return;
        await startNextSmall();
        if (ahead.next) return;
        for (const later of files.slice(i + 1)) {
          if (small.has(later)) continue;
          const p = prepare(ctx, later, true);
          const started = await p.parse;
          if (!started) {
            small.add(later);
            continue;
          }
          ahead.next = p;
          await started.running;
          return;
        }
      };
      try {
        await handleFile(ctx, f, parser, prepared, startNext);
      } catch (e) {
        // Not the file's content (that would be a refusal): a bug or the disk. The file stays in the inbox.
        state.fileErrors.push({ fileName: f.name, code: errorCode(e), message: message(e) });
        await saveState(ctx.db, state);
        log.write({ runId: state.id, stage: 'ingest', event: 'file-error', counts: { fileError: state.fileErrors.length - 1 }, code: errorCode(e) });
      }
    }
  } finally {
    (await ahead.next?.parse)?.cancel();
    (await keptAhead.next?.parse)?.cancel();
    await parser?.close();
  }
  progress.file(files.length, '');
  const sum = (k: 'rowsRead' | 'rowsAccepted' | 'rowsRejected') => state.files.reduce((n, f) => n + (f.status === 'ingested' ? f[k] : 0), 0);
  const count = (s: FileEntry['status']) => state.files.filter((f) => f.status === s).length;
  log.write({
    runId: state.id, stage: 'ingest', event: opts.signal?.aborted ? 'stopped' : 'done', ms: performance.now() - t,
    counts: { ingested: count('ingested'), duplicate: count('duplicate'), refused: count('refused'), errors: state.fileErrors.length, rowsRead: sum('rowsRead'), rowsAccepted: sum('rowsAccepted'), rowsRejected: sum('rowsRejected') },
  });
}

/** A file about to be ingested: how it looked before it was read, its request, and (maybe) its parse started ahead. */
interface Prepared {
  file: InboxFile;
  /** Resolves to the file's stat before anything read it, its request, and its started parse (or null). */
  ready: Promise<{ before: Stats; req: ParseRequest }>;
  parse: Promise<StartedParse | null>;
  /** When its parse was started (performance.now()), for a parse started ahead. */
  since: number;
}

/**
 * Looks at the file (its stat first: a file written to from here on is left for the next run) and builds its
 * request; `ahead` also starts parsing it, when large enough to gain (ingest's startParseAhead). Never rejects:
 * a file that cannot be prepared is prepared again, and fails with its own error, in its turn.
 */
function prepare(ctx: StageContext, f: InboxFile, ahead: boolean | KeptParser): Prepared {
  const { config, opts } = ctx;
  const ready = (async () => {
    const before = await stat(f.path);
    const facts = await readFacts(f.path);
    const req: ParseRequest = { ...facts, path: f.path, fileName: f.name, profile: f.profile ? config.bankProfiles[f.profile] : undefined, list: listFor(f.name, config.referenceLists ?? []), batchSize: opts.batchSize };
    return { before, req };
  })();
  // Whatever goes wrong with a file is that file's, in its turn: here it is only not parsed ahead (never the failure
  // of the file being stored meanwhile, whose transaction waits for this).
  const kept = typeof ahead === 'boolean' ? undefined : ahead;
  const parse = ahead ? ready.then(({ req }) => startParseAhead(req, { worker: opts.worker ?? 'auto' }, kept)).catch(() => null) : Promise.resolve(null);
  ready.catch(() => {});
  return { file: f, ready, parse, since: performance.now() };
}

async function handleFile(ctx: StageContext, f: InboxFile, parser: KeptParser | null, prepared: Prepared | null, startNext?: () => void): Promise<void> {
  const { db, config, opts, log, progress, state } = ctx;
  const index = state.files.length;
  // Taken ahead, unless that failed (then again here, so the file fails with its own error).
  const mine = prepared && (await prepared.ready.then(() => true, () => false)) ? prepared : prepare(ctx, f, false);
  const started = await mine.parse;
  try {
    const { before, req } = await mine.ready;
    const sha256 = await sha256File(f.path);
    const prior = state.files.find((e) => e.sha256 === sha256 && e.fileName === f.name);
    if (prior) {
      // Handled by the interrupted attempt of this run, which stopped before moving it.
      await place(config, prior, f);
      log.write({ runId: state.id, stage: 'ingest', event: 'file-moved-on-resume', counts: { file: state.files.indexOf(prior) } });
      return;
    }
    const t = performance.now();
    const receipt = await ingestFile(db, req, {
      archiveDir: config.archive,
      worker: opts.worker ?? 'auto',
      parser,
      sha256,
      started,
      onParsed: startNext,
      afterBatch(n) {
        progress.rows(n);
        opts.hooks?.afterBatch?.(f, n);
      },
    });
    // Rows parsed ahead went into this file's transaction unless it was a duplicate (then the parse was stopped).
    const aheadMs = started && receipt.status !== 'duplicate' ? Math.round(t - mine.since) : undefined;
    await finishFile(ctx, f, index, before, receipt, t, aheadMs);
  } finally {
    // On the paths that never hand it to ingestFile (moved on resume, a failure before): stopped. ingestFile stops one
    // it does not take; cancelling one whose rows were taken does nothing.
    started?.cancel();
  }
}

async function finishFile(ctx: StageContext, f: InboxFile, index: number, before: Stats, receipt: Receipt, t: number, aheadMs?: number): Promise<void> {
  const { db, config, opts, log, state } = ctx;
  await opts.hooks?.afterIngest?.(f, receipt);
  const entry = await entryFor(db, config, state, f, receipt);
  entry.ms = Math.round(performance.now() - t);
  if (aheadMs !== undefined) entry.aheadMs = aheadMs;
  const after = await stat(f.path).catch(() => null);
  const changed = !after || after.size !== before.size || after.mtimeMs !== before.mtimeMs || after.ino !== before.ino;
  if (changed) entry.movedTo = null; // written to (or replaced) while we read it: leave it for the next run
  state.files.push(entry);
  await saveState(db, state);
  await place(config, entry, f);
  log.write({
    runId: state.id, stage: 'ingest', event: changed ? 'file-changed-while-read' : `file-${entry.status}`, ms: performance.now() - t,
    counts: { file: index, rowsRead: entry.rowsRead, rowsAccepted: entry.rowsAccepted, rowsRejected: entry.rowsRejected, supersedes: entry.supersedes.length },
    code: entry.refusal?.code ?? entry.kind ?? undefined,
  });
  opts.onFile?.(entry);
}

async function entryFor(db: Db, config: Config, state: RunState, f: InboxFile, r: Receipt): Promise<FileEntry> {
  const base: FileEntry = {
    fileName: f.name, status: r.status === 'refused' ? 'refused' : r.status === 'duplicate' ? 'duplicate' : 'ingested', kind: r.kind,
    rowsRead: r.rowsRead, rowsAccepted: r.rowsAccepted, rowsRejected: r.rowsRejected, totalFen: r.totalFen, refusal: r.refusal,
    fileId: r.fileId, sha256: r.sha256, movedTo: null, supersedes: r.supersedes.map((s) => s.fileId),
  };
  if (base.status === 'refused') {
    base.movedTo = await rejectedTarget(config.inbox, f.name, nowInShanghai());
    return base;
  }
  const record = await db.kysely
    .selectFrom('sourceFiles')
    .select(['kind', 'rowsRead', 'rowsAccepted', 'rowsRejected', 'totalFen', 'archivePath'])
    .where('id', '=', r.fileId!)
    .executeTakeFirstOrThrow();
  const ownEarlierAttempt = base.status === 'duplicate' && r.fileId! > state.meta.startFileId && !state.files.some((e) => e.sha256 === r.sha256);
  if (ownEarlierAttempt) {
    // Stored by this run before it was interrupted (killed between commit and listing): it is this run's file.
    const superseded = await db.kysely.selectFrom('sourceFiles').select('id').where('supersededBy', '=', r.fileId!).execute();
    Object.assign(base, {
      status: 'ingested', kind: record.kind, rowsRead: record.rowsRead, rowsAccepted: record.rowsAccepted, rowsRejected: record.rowsRejected,
      totalFen: Number(record.totalFen), supersedes: superseded.map((s) => s.id),
    });
  }
  base.movedTo = base.status === 'ingested' && record.archivePath ? record.archivePath : join(config.archive, todayInShanghai(), archiveName(r.sha256, f.name));
  return base;
}

/** Moves a handled file out of the inbox: a refused one beside its note, the others to the archive. */
async function place(config: Config, entry: FileEntry, f: InboxFile): Promise<void> {
  if (!entry.movedTo) return;
  if (entry.status === 'refused' && entry.refusal) {
    await writeErrorNote(entry.movedTo, { fileName: f.name, time: nowInShanghai(), inbox: config.inbox, refusal: entry.refusal });
  }
  await moveFile(f.path, entry.movedTo);
  // The facts are recorded with the file (sourceFiles.optionsJson); a file put back later brings its own.
  await removeFacts(f.path);
}

