/**
 * Ingests one file: idempotent by SHA-256, one transaction for all of its rows, original archived,
 * an earlier bank file for the same batch superseded, a refused file recorded with its reason.
 */
import { basename } from 'node:path';
import { stat } from 'node:fs/promises';
import type { Db, InputKind, Writer } from '../db/index.ts';
import { nowInShanghai, todayInShanghai } from '../domain/index.ts';
import { archiveOriginal, sha256File } from './file-hash.ts';
import type { ParseRequest, ParseSink, ParseSummary, RejectedRow, TableInfo } from './parse-file.ts';
import { FileRefusedError } from './readers/types.ts';
import type { Receipt } from './receipt.ts';
import { ROW_TARGETS } from './rows/index.ts';
import { numberRepeatedKeys, RepeatedKeys } from './payment-keys.ts';
import { runParse } from './run-parse.ts';

export interface IngestOptions {
  /** Where originals are kept; null to skip archiving (tests). */
  archiveDir: string | null;
  /** Parse in a worker thread (the default for files large enough to gain from it). */
  worker?: boolean | 'auto';
  /** Smallest quote-free text file parsed by two workers at once (tests lower it). */
  splitMinBytes?: number;
  /** For tests of the all-or-nothing guarantee: called after each stored batch. */
  afterBatch?: (rowsStored: number) => void;
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
    supersedes: [], alreadyIngestedAt: null, refusal: null, periodMissing: false,
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
  receipt.periodMissing = s.firstRejections.some((r) => r.reasons.some((x) => x.code === 'period-unknown'));
}

async function useWorker(path: string, opt: IngestOptions['worker']): Promise<boolean> {
  if (opt === true || opt === false) return opt;
  return (await stat(path)).size >= WORKER_THRESHOLD_BYTES;
}

export interface ValidateOptions extends Pick<IngestOptions, 'worker' | 'splitMinBytes'> {
  /** Every rejected row, in batches (the receipt itself keeps only the first few): for the upload page. */
  onRejected?: (rows: RejectedRow[]) => void;
}

/** Reads and checks a file without storing anything: what a bank liaison runs before uploading. */
export async function validateFile(req: ParseRequest, opts: ValidateOptions = {}): Promise<Receipt> {
  const fileName = req.fileName ?? basename(req.path);
  const receipt = emptyReceipt(fileName, await sha256File(req.path));
  const sink: ParseSink = { start() {}, rows() {}, rejected: (rows) => opts.onRejected?.(rows) };
  try {
    fillFromSummary(receipt, await runParse(req, sink, await useWorker(req.path, opts.worker), opts.splitMinBytes));
    if (req.list) receipt.list = { key: req.list.key, name: req.list.name };
    receipt.status = 'validated';
  } catch (e) {
    if (!(e instanceof FileRefusedError)) throw e;
    receipt.refusal = { code: e.code, zh: e.messageZh, en: e.messageEn };
  }
  return receipt;
}

export async function ingestFile(db: Db, req: ParseRequest, opts: IngestOptions): Promise<Receipt> {
  const fileName = req.fileName ?? basename(req.path);
  const sha256 = await sha256File(req.path);
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
      const archivePath = opts.archiveDir ? await archiveOriginal(req.path, opts.archiveDir, todayInShanghai(), sha256, fileName) : null;
      let fileId = 0;
      let table: TableInfo | null = null;
      let stored = 0;
      let indexes: { restore(): Promise<void> } | null = null;
      const keys = new RepeatedKeys();
      let keyIndex = -1;
      const sink: ParseSink = {
        async start(info) {
          table = info;
          fileId = await insertFileRecord(w, req, info, { sha256, fileName, archivePath, ingestedAt });
          indexes = await w.deferIndexes(ROW_TARGETS[info.kind].table, Math.round(size / BYTES_PER_ROW_ESTIMATE));
          keyIndex = info.columns.indexOf('paymentKey');
        },
        async rows(rows) {
          for (const r of rows) {
            r[0] = fileId;
            if (keyIndex >= 0) keys.add(r[keyIndex] as string);
          }
          await w.insertMany(ROW_TARGETS[table!.kind].table, table!.columns, rows);
          stored += rows.length;
          opts.afterBatch?.(stored);
        },
        async rejected(rows) {
          await w.insertMany(
            'rejectedRows',
            ['fileId', 'rowNo', 'cellsJson', 'reasonsJson'],
            rows.map((r) => [fileId, r.rowNo, JSON.stringify(r.cells), JSON.stringify(r.reasons)]),
          );
        },
      };
      const summary = await runParse({ ...req, fileName }, sink, inWorker, opts.splitMinBytes);
      await (indexes as { restore(): Promise<void> } | null)?.restore();
      if (keys.repeated.size) await numberRepeatedKeys(w, fileId, keys.repeated);
      fillFromSummary(receipt, summary);
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
      if (summary.batchKey && !summary.returnsOnly) receipt.supersedes = await supersede(w, fileId, summary.table.kind, summary.batchKey);
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
  facts: { sha256: string; fileName: string; archivePath: string | null; ingestedAt: string },
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

/**
 * A newer full bank file for the same batch replaces the older one; so does a re-sent roster of the
 * same district and month (else every person in it would be approved twice). Both stay stored.
 */
async function supersede(w: Writer, fileId: number, kind: InputKind, batchKey: string): Promise<Receipt['supersedes']> {
  const older = await w.kysely
    .selectFrom('sourceFiles')
    .select(['id', 'fileName', 'ingestedAt'])
    .where('kind', '=', kind)
    .where('batchKey', '=', batchKey)
    .where('supersededBy', 'is', null)
    .where('id', '<>', fileId)
    .execute();
  if (older.length) {
    await w.kysely.updateTable('sourceFiles').set({ supersededBy: fileId }).where('id', 'in', older.map((o) => o.id)).execute();
  }
  return older.map((o) => ({ fileId: o.id, fileName: o.fileName, ingestedAt: o.ingestedAt }));
}
