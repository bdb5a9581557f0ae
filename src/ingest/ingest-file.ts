/**
 * Ingests one file: idempotent by SHA-256, one transaction for all of its rows, original archived,
 * an earlier bank file for the same batch superseded, a refused file recorded with its reason.
 */
import { basename } from 'node:path';
import { stat } from 'node:fs/promises';
import type { Db, InputKind, RowRecord, Writer } from '../db/index.ts';
import { findDistrict, nowInShanghai, todayInShanghai } from '../domain/index.ts';
import { archiveOriginal, sha256File } from './file-hash.ts';
import type { ParseRequest, ParseSink, ParseSummary, RejectedRow, TableInfo } from './parse-file.ts';
import { FileRefusedError } from './readers/types.ts';
import type { Receipt } from './receipt.ts';
import { ROW_TARGETS } from './rows/index.ts';
import { numberRepeatedKeys, RepeatedKeys } from './payment-keys.ts';
import { RosterTotals } from './roster-totals.ts';
import { storedCells } from './row-transfer.ts';
import { KeptParser, runParse, startParse, type ParseBudget, type StartedParse } from './run-parse.ts';

export interface IngestOptions {
  /** Where originals are kept; null to skip archiving (tests). */
  archiveDir: string | null;
  /** Parse in a worker thread (the default for files large enough to gain from it). */
  worker?: boolean | 'auto';
  /** Smallest quote-free text file parsed by two workers at once (tests lower it). */
  splitMinBytes?: number;
  /** For tests of the all-or-nothing guarantee: called after each stored batch. */
  afterBatch?: (rowsStored: number) => void;
  /** A parse worker kept for many files (see keptParserFor); a file too small for a worker of its own is parsed there. */
  parser?: KeptParser | null;
  /** The file's SHA-256 when the caller has just taken it (the inbox does): the file is not read a second time for it. */
  sha256?: string;
  /** This file's parse, started ahead (startParseAhead): its rows go into this file's transaction; cancelled if not needed. */
  started?: StartedParse | null;
  /**
   * Called once the file is parsed to its end, before its indexes are rebuilt and it commits, and awaited: the inbox
   * starts the next file's parse here (index builds block this thread, so the workers must exist first).
   */
  onParsed?: () => Promise<void> | void;
}

/**
 * A worker costs its start-up (loading the ingest modules again in a fresh isolate, ~0.3 s; more on a busy
 * machine): below this the main thread parses faster than a worker starts (a 20,000-row file is 2 MB).
 */
const WORKER_THRESHOLD_BYTES = 16 * 1024 * 1024;
/** A rough row size of roster and bank files, to tell a bulk load from a small one. */
const BYTES_PER_ROW_ESTIMATE = 100;

function emptyReceipt(fileName: string, sha256: string): Receipt {
  return {
    fileName, sha256, status: 'refused', fileId: null, kind: null, format: null, encoding: null, sheetName: null,
    rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, totalFen: 0, control: null, defaults: null, firstRejections: [],
    bank: null, batchKey: null, supersedes: [], alreadyIngestedAt: null, refusal: null, periodMissing: false,
  };
}

function fillFromSummary(receipt: Receipt, s: ParseSummary): void {
  receipt.kind = s.table.kind;
  receipt.format = s.table.format;
  receipt.encoding = s.table.encoding;
  receipt.sheetName = s.table.sheetName;
  receipt.rowsRead = s.rowsRead;
  receipt.rowsAccepted = s.rowsAccepted;
  receipt.rowsRejected = s.rowsRejected;
  receipt.totalFen = s.totalFen;
  receipt.control = s.control;
  receipt.defaults = s.table.defaults;
  receipt.firstRejections = s.firstRejections;
  receipt.batchKey = s.batchKey;
  receipt.columns = s.table.fieldColumn;
  receipt.periodMissing = s.firstRejections.some((r) => r.reasons.some((x) => x.code === 'period-unknown'));
}

async function useWorker(path: string, opt: IngestOptions['worker']): Promise<boolean> {
  if (opt === true || opt === false) return opt;
  return (await stat(path)).size >= WORKER_THRESHOLD_BYTES;
}

/**
 * A file's parse started before its turn to be stored (see run-parse.ts startParse), or null when it would not gain:
 * only a file large enough for workers of its own, and only with workers allowed. Pass it to ingestFile as `started`.
 * With `kept` (the kept worker, free): instead only a file small enough to be parsed there, on it. An inbox of a bank's
 * per-batch files was parsed one file at a time, the kept worker waiting while the writer finished the file before.
 */
export async function startParseAhead(req: ParseRequest, opts: Pick<IngestOptions, 'worker' | 'splitMinBytes'>, kept?: KeptParser): Promise<StartedParse | null> {
  if (opts.worker === false) return null;
  const size = await stat(req.path).then((s) => s.size, () => -1);
  if (size < 0) return null;
  const small = opts.worker !== true && size < WORKER_THRESHOLD_BYTES;
  // Given the kept worker: a file small enough to be parsed there, and only such a file.
  if (kept) return small ? startParse(req, opts.splitMinBytes, kept) : null;
  return small ? null : startParse(req, opts.splitMinBytes);
}

/**
 * A parse worker to keep for these files, or null. The same trade as a worker of a file's own: worth its
 * start-up when the files it would parse, those below WORKER_THRESHOLD_BYTES, come to that size together (a
 * bank's month in per-batch files of a few MB each: 76 files of 1M rows were ingested in 16.1 s parsed on the
 * main thread). Only for `worker: 'auto'` (the default): `false` parses on the main thread, `true` gives each file
 * a worker of its own. A file that has gone missing counts as nothing (ingest reports it).
 */
export async function keptParserFor(paths: readonly string[], opt: IngestOptions['worker']): Promise<KeptParser | null> {
  if (opt === false || opt === true) return null;
  let bytes = 0;
  for (const path of paths) {
    const size = await stat(path).then((s) => s.size, () => 0);
    if (size < WORKER_THRESHOLD_BYTES) bytes += size;
  }
  return bytes >= WORKER_THRESHOLD_BYTES ? new KeptParser() : null;
}

export interface ValidateOptions extends Pick<IngestOptions, 'worker' | 'splitMinBytes'>, ParseBudget {
  /** Every rejected row, in batches (the receipt itself keeps only the first few): for the upload page. */
  onRejected?: (rows: RejectedRow[]) => void;
}

/** Reads and checks a file without storing anything: what a bank liaison runs before uploading. */
export async function validateFile(req: ParseRequest, opts: ValidateOptions = {}): Promise<Receipt> {
  const fileName = req.fileName ?? basename(req.path);
  const receipt = emptyReceipt(fileName, await sha256File(req.path));
  const sink: ParseSink = { start() {}, rows() {}, rejected: (rows) => opts.onRejected?.(rows) };
  try {
    const budget: ParseBudget = { timeLimitMs: opts.timeLimitMs, signal: opts.signal };
    fillFromSummary(receipt, await runParse(req, sink, await useWorker(req.path, opts.worker), opts.splitMinBytes, budget));
    if (req.list) receipt.list = { key: req.list.key, name: req.list.name };
    receipt.bank = receipt.kind === 'bank' ? bankOf(req) : null;
    receipt.status = 'validated';
  } catch (e) {
    if (!(e instanceof FileRefusedError)) throw e;
    receipt.refusal = { code: e.code, zh: e.messageZh, en: e.messageEn };
  }
  return receipt;
}

export async function ingestFile(db: Db, req: ParseRequest, opts: IngestOptions): Promise<Receipt> {
  try {
    return await ingestOne(db, req, opts);
  } finally {
    // A parse started ahead that this file did not take (a duplicate, a failure before its rows were read) is stopped;
    // one whose rows were taken is not affected.
    opts.started?.cancel();
  }
}

async function ingestOne(db: Db, req: ParseRequest, opts: IngestOptions): Promise<Receipt> {
  const fileName = req.fileName ?? basename(req.path);
  const sha256 = opts.sha256 ?? (await sha256File(req.path));
  const receipt = emptyReceipt(fileName, sha256);
  const earlier = await db.kysely.selectFrom('sourceFiles').select(['id', 'ingestedAt']).where('sha256', '=', sha256).executeTakeFirst();
  if (earlier) {
    receipt.status = 'duplicate';
    receipt.fileId = earlier.id;
    receipt.alreadyIngestedAt = earlier.ingestedAt;
    return receipt;
  }
  const ingestedAt = nowInShanghai();
  const inWorker = await useWorker(req.path, opts.worker);
  const { size } = await stat(req.path);
  try {
    await db.write(async (w) => {
      // The copy is made while the file is parsed (the disk's work, not this thread's), and awaited before the commit.
      const archive = opts.archiveDir ? archiveOriginal(req.path, opts.archiveDir, todayInShanghai(), sha256, fileName) : null;
      // Its failure is handled below, after the parse; this keeps it from counting as unhandled meanwhile.
      archive?.done.catch(() => {});
      const archivePath = archive?.target ?? null;
      let fileId = 0;
      let table: TableInfo | null = null;
      let stored = 0;
      let indexes: { restore(): Promise<void> } | null = null;
      const keys = new RepeatedKeys();
      // Every bank row of this file gets a larger id (numberRepeatedKeys reads the file's rows from there).
      let firstPaymentId = 0;
      const totals = new RosterTotals();
      const sink: ParseSink = {
        async start(info) {
          table = info;
          fileId = await insertFileRecord(w, req, info, { sha256, fileName, archivePath, ingestedAt, bank: info.kind === 'bank' ? bankOf(req) : null });
          if (info.kind === 'bank') {
            const last = await w.kysely.selectFrom('payments').select((eb) => eb.fn.max<number | null>('id').as('id')).executeTakeFirst();
            firstPaymentId = Number(last?.id ?? 0) + 1;
          }
          indexes = await w.deferIndexes(ROW_TARGETS[info.kind].table, Math.round(size / BYTES_PER_ROW_ESTIMATE));
        },
        async rows(rows) {
          if (table!.kind === 'bank') for (const r of rows) keys.add((r as RowRecord<'payments'>).paymentKey);
          else if (table!.kind === 'roster') totals.add(rows);
          await w.insertRows(ROW_TARGETS[table!.kind].table, fileId, rows);
          stored += rows.length;
          opts.afterBatch?.(stored);
        },
        async packed(batch) {
          const { keys: columns, cells } = storedCells(batch);
          if (batch.hashes) {
            const width = columns.length;
            const at = columns.indexOf('paymentKey');
            keys.addHashed(batch.hashes, (i) => cells[i * width + at] as string);
          } else if (table!.kind === 'roster') {
            // The worker sums every roster batch it packs (worker.ts); a batch without them would lose rows' totals.
            if (!batch.totals) throw new Error('a packed roster batch came without its totals');
            totals.merge(batch.totals);
          }
          await w.insertArrays(ROW_TARGETS[table!.kind].table, fileId, columns, cells);
          stored += batch.count;
          opts.afterBatch?.(stored);
        },
        async rejected(rows) {
          await w.insertRows(
            'rejectedRows',
            fileId,
            rows.map((r) => ({ rowNo: r.rowNo, cellsJson: JSON.stringify(r.cells), reasonsJson: JSON.stringify(r.reasons) })),
          );
        },
      };
      let summary: ParseSummary;
      try {
        summary = opts.started ? await opts.started.attach(sink) : await runParse({ ...req, fileName }, sink, inWorker, opts.splitMinBytes, {}, opts.parser);
      } catch (e) {
        // A refused file keeps its original, as when the copy was made first.
        await archive?.done.catch(() => {});
        throw e;
      }
      await opts.onParsed?.();
      // A copy that failed fails the file (and rolls its rows back), as it did when made first.
      await archive?.done;
      await (indexes as { restore(): Promise<void> } | null)?.restore();
      if (keys.repeated.size) await numberRepeatedKeys(w, fileId, keys.repeated, firstPaymentId);
      await totals.write(w, fileId);
      fillFromSummary(receipt, summary);
      receipt.bank = summary.table.kind === 'bank' ? bankOf(req) : null;
      if (summary.table.kind === 'bank' && summary.batchKey) await refuseOtherBanksBatch(w, fileId, summary.batchKey, receipt.bank);
      await w.kysely
        .updateTable('sourceFiles')
        .set({
          rowsRead: summary.rowsRead,
          rowsAccepted: summary.rowsAccepted,
          rowsRejected: summary.rowsRejected,
          totalFen: summary.totalFen,
          controlCount: summary.control?.count ?? null,
          controlTotalFen: summary.control?.totalFen ?? null,
          controlRowNo: summary.control?.rowNo ?? null,
          // A returns notice (every row 退票) reports events after payment: it neither supersedes nor is superseded.
          batchKey: summary.batchKey && summary.returnsOnly ? `returns:${summary.batchKey}` : summary.batchKey,
        })
        .where('id', '=', fileId)
        .execute();
      if (summary.batchKey && !summary.returnsOnly) receipt.supersedes = await supersede(w, fileId, summary.table.kind, summary.batchKey, receipt.bank);
      if (req.list) {
        receipt.list = { key: req.list.key, name: req.list.name };
        receipt.supersedes = await supersedeList(w, fileId, req.list.key);
      }
      receipt.fileId = fileId;
    });
    receipt.status = 'ingested';
  } catch (e) {
    if (!(e instanceof FileRefusedError)) throw e;
    receipt.refusal = { code: e.code, zh: e.messageZh, en: e.messageEn };
    await db.kysely
      .insertInto('refusedFiles')
      .values({ sha256, fileName, refusedAt: ingestedAt, code: e.code, messageZh: e.messageZh, messageEn: e.messageEn })
      .execute();
  }
  return receipt;
}

async function insertFileRecord(
  w: Writer,
  req: ParseRequest,
  info: TableInfo,
  facts: { sha256: string; fileName: string; archivePath: string | null; ingestedAt: string; bank: string | null },
): Promise<number> {
  const options = { kind: req.kind ?? null, period: req.period ?? null, district: req.district ?? null, program: req.program ?? null, profile: req.profile?.name ?? null, list: req.list?.key ?? null };
  const row = await w.kysely
    .insertInto('sourceFiles')
    .values({
      sha256: facts.sha256,
      kind: info.kind,
      fileName: facts.fileName,
      archivePath: facts.archivePath,
      format: info.format,
      encoding: info.encoding,
      delimiter: info.delimiter,
      sheetName: info.sheetName,
      profile: req.profile?.name ?? null,
      headerRowNo: info.headerRowNo,
      ingestedAt: facts.ingestedAt,
      rowsRead: 0,
      rowsAccepted: 0,
      rowsRejected: 0,
      totalFen: 0,
      period: info.defaults.period,
      district: info.defaults.district,
      program: info.defaults.program,
      batchKey: null,
      supersededBy: null,
      optionsJson: JSON.stringify(options),
      referenceList: req.list?.key ?? null,
      bank: facts.bank,
      givenDistrict: req.district ? (findDistrict(req.district)?.name ?? req.district) : null,
      givenProgram: req.program ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A cross-check list is sent whole: the newer file of the same declared list replaces the older ones. */
async function supersedeList(w: Writer, fileId: number, list: string): Promise<Receipt['supersedes']> {
  const older = await w.kysely
    .selectFrom('sourceFiles')
    .select(['id', 'fileName', 'ingestedAt'])
    .where('kind', '=', 'list')
    .where('referenceList', '=', list)
    .where('supersededBy', 'is', null)
    .where('id', '<>', fileId)
    .execute();
  if (older.length) await w.kysely.updateTable('sourceFiles').set({ supersededBy: fileId }).where('id', 'in', older.map((o) => o.id)).execute();
  return older.map((o) => ({ fileId: o.id, fileName: o.fileName, ingestedAt: o.ingestedAt }));
}

/** The bank that sent a bank file: as given (uploader's bank, --bank), else the one its profile names. */
function bankOf(req: ParseRequest): string | null {
  return req.bank?.trim() || req.profile?.bank || null;
}

export function batchNumberOf(batchKey: string | null): string | null {
  const key = batchKey?.replace(/^returns:/, '') ?? '';
  return key.startsWith('batch:') ? key.slice('batch:'.length) : null;
}

/**
 * The banks that sent the files stored under a batch number (a full file or a returns notice), other
 * than file `exceptId`. Null stands for files whose bank nobody named.
 */
export async function batchOwners(db: Pick<Db, 'kysely'> | Writer, batchKey: string, exceptId = 0): Promise<(string | null)[]> {
  const number = batchNumberOf(batchKey);
  if (number === null) return [];
  const rows = await db.kysely
    .selectFrom('sourceFiles')
    .select('bank')
    .distinct()
    .where('kind', '=', 'bank')
    .where('batchKey', 'in', [`batch:${number}`, `returns:batch:${number}`])
    .where('id', '<>', exceptId)
    .execute();
  return rows.map((r) => r.bank);
}

/**
 * The refusal of a file reusing another bank's batch number. `owner` (undefined: not told) names the
 * batch's bank for operators; a bank liaison is not told which other bank holds the number.
 */
export function otherBanksBatch(batchKey: string, bank: string | null, owner?: string | null): FileRefusedError {
  const number = batchNumberOf(batchKey) ?? batchKey;
  const who = bank ? `（本文件的银行：${bank}）` : '（本文件未指明银行）';
  const ownerZh = owner === undefined ? '另一家银行' : owner === null ? '未指明银行的文件' : `${owner}`;
  const ownerEn = owner === undefined ? "another bank's" : owner === null ? 'a file naming no bank, whose' : `${owner}'s`;
  const hint = owner === undefined ? '请核对批次号；如批次号无误，请联系操作员。' : '如确属同一银行，请用 --bank 指明该银行后重新导入。';
  const hintEn = owner === undefined ? 'Check the batch number; if it is right, ask the operator.' : 'If it is the same bank, name it with --bank and ingest again.';
  return new FileRefusedError(
    'batch-of-other-bank',
    `批次号 ${number} 已属于${ownerZh}的代发批次${who}，一个批次只能由发出它的银行替换，本文件已拒收。${hint}`,
    `Batch number ${number} is ${ownerEn} disbursement batch${bank ? ` (this file's bank: ${bank})` : ' (this file names no bank)'}; a batch may be replaced only by the bank that sent it, so this file is refused. ${hintEn}`,
  );
}

/** All or nothing: a bank file reusing a batch number another bank's file holds is refused (and nothing of it stored). */
async function refuseOtherBanksBatch(w: Writer, fileId: number, batchKey: string, bank: string | null): Promise<void> {
  const owners = await batchOwners(w, batchKey, fileId);
  const other = owners.find((o) => o !== bank);
  if (other !== undefined) throw otherBanksBatch(batchKey, bank, other);
}

/**
 * A newer full bank file for the same batch replaces the older one; so does a re-sent roster of the
 * same district and month (else every person in it would be approved twice). Both stay stored.
 */
async function supersede(w: Writer, fileId: number, kind: InputKind, batchKey: string, bank: string | null): Promise<Receipt['supersedes']> {
  let q = w.kysely
    .selectFrom('sourceFiles')
    .select(['id', 'fileName', 'ingestedAt'])
    .where('kind', '=', kind)
    .where('batchKey', '=', batchKey)
    .where('supersededBy', 'is', null)
    .where('id', '<>', fileId);
  // A bank file replaces only its own bank's file: another bank paying the same district, month and
  // program keeps its own (a reused batch number was refused before this point).
  if (kind === 'bank') q = bank === null ? q.where('bank', 'is', null) : q.where('bank', '=', bank);
  const older = await q.execute();
  if (older.length) {
    await w.kysely.updateTable('sourceFiles').set({ supersededBy: fileId }).where('id', 'in', older.map((o) => o.id)).execute();
  }
  return older.map((o) => ({ fileId: o.id, fileName: o.fileName, ingestedAt: o.ingestedAt }));
}
