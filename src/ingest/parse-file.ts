/**
 * Reads one file from start to end: finds its table and header (or applies a bank profile), derives
 * the file's defaults, normalises every row, and hands accepted rows and rejected rows to a sink in
 * batches. It never touches the database, so it runs the same inline, in a worker thread, or for
 * validate-only.
 */
import { basename } from 'node:path';
import { findDistrictInText, findPeriodInText, holdsPersonalNumber, maskDataCell, type Program } from '../domain/index.ts';
import type { InputKind, RowRecord } from '../db/index.ts';
import { fieldName, listAliasIndex } from './fields.ts';
import { bestHeaderFor, cellText, type HeaderMatch } from './header.ts';
import type { BankProfile } from './profile.ts';
import { openSource, readDelimited, type ByteRange } from './readers/index.ts';
import { FileRefusedError, type CellValue, type RawRecord, type RecordBatches, type SourceTable, type TextEncoding } from './readers/types.ts';
import { rowTarget, type FileDefaults, type IngestRow, type Reason, type RowContext } from './rows/index.ts';
import { countAndAmountLine, totalRowFigures, totalRowWord, type ControlFigures } from './summary-line.ts';
import { programInText } from './title.ts';
import type { PackedRows } from './row-transfer.ts';

export interface ParseRequest {
  path: string;
  /** The name the file arrived under (uploads and the inbox keep it); defaults to the path's base name. */
  fileName?: string;
  kind?: InputKind;
  period?: string;
  district?: string;
  program?: Program;
  profile?: BankProfile;
  /** A cross-check list declared in the config: the file is read as kind `list` with its column aliases. */
  list?: ListRequest;
  /** Bank files: the bank that sent it (else the profile's bank). A batch is superseded only by its own bank. */
  bank?: string;
  batchSize?: number;
  /**
   * In a worker thread: how many batches it may send before the writer has taken them (default 4). A parse started
   * ahead of its transaction (run-parse.ts startParse) reads further ahead, so the file is partly parsed by then.
   */
  readAhead?: number;
  /** One part of a large quote-free file read by two workers at once (see readers/split.ts). */
  part?: FilePart;
}

export interface ListRequest {
  key: string;
  name: string;
  idColumns: readonly string[];
  nameColumns: readonly string[];
}

export interface FilePart {
  range: ByteRange;
  firstRowNo: number;
  /** Only the last part may end with a summary line. */
  isLast: boolean;
  /** For a part after the first: the table as the first part found it (header, encoding, defaults). */
  table?: TableInfo;
  /** A worker for a later part waits for `table` (and its first row number) to arrive by message. */
  awaitTable?: boolean;
}

export interface RejectedRow {
  rowNo: number;
  cells: CellValue[];
  reasons: Reason[];
}

export interface TableInfo {
  kind: InputKind;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  delimiter: string | null;
  sheetName: string | null;
  headerRowNo: number | null;
  defaults: FileDefaults;
  /** Field → column, and the header text of each field, as found (so a later part can be read alike). */
  fieldColumn: [string, number][];
  headerOf: [string, string][];
  /** Every header cell as written (a cross-check list keeps each row whole, by header). */
  headerCells: string[];
}

export interface ParseSummary {
  table: TableInfo;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  totalFen: number;
  control: (ControlFigures & { rowNo: number }) | null;
  /** Bank and roster files: the batch the file reports on, when all its rows agree on one. */
  batchKey: string | null;
  /** Bank files whose every row is 退票: a returns notice, which never supersedes the full file. */
  returnsOnly: boolean;
  /** Kept for the receipt: the first few rejected rows. */
  firstRejections: RejectedRow[];
}

export interface ParseSink {
  start(info: TableInfo): Promise<void> | void;
  rows(batch: IngestRow[]): Promise<void> | void;
  /**
   * Accepted rows as a parse worker sends them (a key list and flat values, bank rows with their payment-key
   * hashes: row-transfer.ts). A sink without it is given records through `rows`.
   */
  packed?(batch: PackedRows): Promise<void> | void;
  rejected(batch: RejectedRow[]): Promise<void> | void;
}

const HEADER_SEARCH_ROWS = 50;
const FIRST_REJECTIONS = 20;

function isBlank(cells: readonly CellValue[]): boolean {
  for (const c of cells) if (c !== null && cellText(c).trim() !== '') return false;
  return true;
}

/** Cells holding something: summary lines hold at most a few (labels, a count, an amount). */
function filledCells(cells: readonly CellValue[]): number {
  let n = 0;
  for (const c of cells) if (c !== null && c !== '') n++;
  return n;
}

const MAX_SUMMARY_CELLS = 4;

interface Located {
  table: SourceTable;
  iterator: AsyncIterator<RawRecord>;
  header: HeaderMatch | null;
  headerRowNo: number | null;
  before: RawRecord[];
}

/** Finds the first table whose header is recognised (or, with a profile, the first table). */
async function locate(req: ParseRequest): Promise<Located> {
  const given = req.part?.table;
  if (given) {
    const table = await readDelimited(req.path, {
      encoding: given.encoding as TextEncoding,
      delimiter: given.delimiter ?? ',',
      range: req.part!.range,
      firstRowNo: req.part!.firstRowNo,
    });
    return { table, iterator: table.records[Symbol.asyncIterator](), header: null, headerRowNo: given.headerRowNo, before: [] };
  }
  const { tables } = await openSource(req.path, {
    ...(req.profile ? { encoding: req.profile.encoding, delimiter: req.profile.delimiter } : {}),
    ...(req.part ? { range: req.part.range } : {}),
  });
  let best: { match: HeaderMatch; sheet: string | null } | null = null;
  let sawData = false;
  for await (const table of tables) {
    const iterator = table.records[Symbol.asyncIterator]();
    const before: RawRecord[] = [];
    if (req.profile) return { table, iterator, header: null, headerRowNo: null, before };
    for (let n = 0; n < HEADER_SEARCH_ROWS; n++) {
      const next = await iterator.next();
      if (next.done) break;
      const record = next.value;
      if (isBlank(record.cells)) continue;
      sawData = true;
      const found = req.list ? bestHeaderFor(record.cells, ['list'], listAliasIndex(req.list)) : bestHeaderFor(record.cells, req.kind ? [req.kind] : []);
      if (found?.complete) {
        if (found.match.duplicates.length) throw duplicateColumns(found.match);
        return { table, iterator, header: found.match, headerRowNo: record.rowNo, before };
      }
      if (found && (!best || found.match.fieldColumn.size > best.match.fieldColumn.size)) best = { match: found.match, sheet: table.sheetName };
      before.push(record);
    }
    await iterator.return?.();
  }
  if (!sawData) throw noDataRows();
  throw unrecognisedHeader(best?.match ?? null, best?.sheet ?? null);
}

function duplicateColumns(match: HeaderMatch): FileRefusedError {
  const list = match.duplicates.map((d) => `${d.headers.map((h) => `「${h}」`).join('、')}（都表示${fieldName(d.field, 'zh')}）`).join('；');
  const listEn = match.duplicates.map((d) => `${d.headers.join(' and ')} (both ${fieldName(d.field, 'en')})`).join('; ');
  return new FileRefusedError(
    'duplicate-columns',
    `文件被拒收：表头中同一项出现了两次：${list}。系统无法判断应以哪一列为准（选错可能付错人），请删除或改名其中一列后重新提交。`,
    `File refused: the header names one field twice: ${listEn}. Remove or rename one of them and send the file again.`,
  );
}

function noDataRows(): FileRefusedError {
  return new FileRefusedError('no-data', '文件被拒收：没有数据行。', 'File refused: it has no data rows.');
}

function unrecognisedHeader(best: HeaderMatch | null, sheet: string | null): FileRefusedError {
  // The closest row may be a data row (a header-less bank file): its ID, account numbers and names are masked,
  // as everywhere else in human-facing text — this message reaches the .error.txt, the receipt and the report.
  const cells = best ? best.headerCells.map((h) => h.trim()).filter((h) => h !== '') : [];
  const dataRow = cells.some(holdsPersonalNumber);
  const quoted = dataRow ? cells.map(maskDataCell) : cells;
  const seen = best ? quoted.map((h) => `「${h}」`).join('、') : '（无）';
  const missing = best ? best.missing.map((f) => f.split('|').map((x) => fieldName(x, 'zh')).join('或')).join('、') : '';
  const missingEn = best ? best.missing.map((f) => f.split('|').map((x) => fieldName(x, 'en')).join(' or ')).join(', ') : '';
  const where = sheet ? `（工作表「${sheet}」）` : '';
  return new FileRefusedError(
    'header-unrecognised',
    `文件被拒收：无法识别表头${where}。最接近表头的一行是：${seen}${best ? `；按${kindZh(best.kind)}格式缺少：${missing}` : ''}。请使用标准列名（见说明文档）后重新提交。`,
    `File refused: the header row could not be recognised${sheet ? ` (sheet "${sheet}")` : ''}. Closest row: ${best ? quoted.join(', ') : '(none)'}${best ? `; as a ${best.kind} file it lacks: ${missingEn}` : ''}.`,
  );
}

export function kindZh(kind: InputKind): string {
  return { roster: '审批名册', bank: '银行代发明细', staff: '工作人员名单', proxy: '代领协议备案', deaths: '死亡人员名单', standards: '保障标准表', allocation: '资金下达文件', 'petty-cash': '临时救助备用金台账', list: '比对名单' }[kind];
}

function defaultsFor(req: ParseRequest, titleTexts: string[]): FileDefaults {
  const fileName = req.fileName ?? basename(req.path);
  const pick = <T>(find: (t: string) => T | null): T | null => {
    for (const t of titleTexts) {
      const v = find(t);
      if (v) return v;
    }
    return find(fileName);
  };
  return {
    period: req.period ?? pick(findPeriodInText),
    district: req.district ?? pick((t) => findDistrictInText(t)?.name ?? null),
    program: req.program ?? pick(programInText),
  };
}

/**
 * A roster sent as one file per program supersedes only the earlier file of its program; a roster
 * holding several programs stands for the whole district and month.
 */
function mergeBatchKeys(kind: InputKind, current: string | null | undefined, next: string | null): string | null {
  if (current === undefined) return next;
  if (current === next) return current;
  if (kind === 'roster' && current && next) {
    const [p1, d1] = current.split('|');
    const [p2, d2] = next.split('|');
    if (p1 === p2 && d1 === d2) return `${p1}|${d1}|*`;
  }
  return null;
}

export async function parseFile(req: ParseRequest, sink: ParseSink): Promise<ParseSummary> {
  const located = await locate(req);
  const { table, iterator, header } = located;
  const profile = req.profile ?? null;
  const given = req.part?.table ?? null;
  const kind: InputKind = given ? given.kind : profile ? 'bank' : header!.kind;
  const fieldColumn: ReadonlyMap<string, number> = given
    ? new Map(given.fieldColumn)
    : profile
      ? new Map(profile.columns.flatMap((f, i) => (f ? [[f, i] as const] : [])))
      : header!.fieldColumn;
  const headerOf = new Map<string, string>(given?.headerOf ?? []);
  if (header) for (const [field, i] of header.fieldColumn) headerOf.set(field, (header.headerCells[i] ?? '').trim());

  let control: ParseSummary['control'] = null;
  const amountsInFen = profile?.amountsInFen ?? false;
  const titleTexts: string[] = [];
  for (const r of located.before) {
    const figures = countAndAmountLine(r.cells, amountsInFen);
    if (figures) control = { ...figures, rowNo: r.rowNo };
    else titleTexts.push(r.cells.map(cellText).join(' '));
  }
  const defaults = given ? given.defaults : defaultsFor(req, titleTexts);
  const target = rowTarget(kind);
  const normaliser = target.create();
  const headerCells = given ? given.headerCells : header ? header.headerCells.map((h) => h.trim()) : [];
  const ctx: RowContext = { fieldColumn, headerOf, defaults, statusCodes: profile?.statusCodes ?? null, amountsInFen, headerCells };
  const amountField = kind === 'roster' ? 'approvedAmount' : kind === 'bank' || kind === 'allocation' || kind === 'petty-cash' ? 'amount' : undefined;
  const amountColumn = amountField ? fieldColumn.get(amountField) : undefined;

  const info: TableInfo = {
    kind,
    format: table.format,
    encoding: table.encoding,
    delimiter: table.delimiter,
    sheetName: table.sheetName,
    headerRowNo: located.headerRowNo,
    defaults,
    fieldColumn: [...fieldColumn],
    headerOf: [...headerOf],
    headerCells,
  };
  await sink.start(info);

  const batchSize = req.batchSize ?? 2000;
  let rows: IngestRow[] = [];
  let rejected: RejectedRow[] = [];
  const firstRejections: RejectedRow[] = [];
  let rowsRead = 0;
  let rowsAccepted = 0;
  let rowsRejected = 0;
  let totalFen = 0;
  let batchKey: string | null | undefined;
  let returnsOnly = kind === 'bank';
  let pending = null as RawRecord | null; // (set in step(): a plain annotation would narrow it to null below)
  let firstRecord = profile !== null && (req.part?.range.start ?? 0) === 0;

  // Returns a promise only when a batch goes to the sink: awaiting each record would cost a microtask per row.
  const handle = (record: RawRecord): Promise<void> | void => {
    rowsRead++;
    const result = normaliser.normalise(record.cells, record.rowNo, ctx);
    if (result.ok) {
      rowsAccepted++;
      const row = result.row;
      if (target.amountFen) totalFen += target.amountFen(row);
      batchKey = mergeBatchKeys(kind, batchKey, target.batchKey ? target.batchKey(row) : null);
      if (kind === 'bank' && (row as RowRecord<'payments'>).status !== 'returned') returnsOnly = false;
      rows.push(row);
      if (rows.length >= batchSize) {
        const out = rows;
        rows = [];
        return sink.rows(out);
      }
    } else {
      rowsRejected++;
      const r: RejectedRow = { rowNo: record.rowNo, cells: record.cells, reasons: result.reasons };
      if (firstRejections.length < FIRST_REJECTIONS) firstRejections.push(r);
      rejected.push(r);
      if (rejected.length >= 500) {
        const out = rejected;
        rejected = [];
        return sink.rejected(out);
      }
    }
  };

  // A reader that holds many records at once (delimited text) hands them over together.
  const batches = 'nextBatch' in iterator ? (iterator as AsyncIterator<RawRecord> & RecordBatches) : null;
  for (;;) {
    let records: RawRecord[];
    if (batches) records = await batches.nextBatch();
    else {
      const next = await iterator.next();
      records = next.done ? [] : [next.value];
    }
    if (records.length === 0) break;
    for (const record of records) {
      const flushed = step(record);
      if (flushed) await flushed;
    }
  }

  /** One record after the header: a summary or total line, a row held back as a maybe-summary, or a row. */
  function step(record: RawRecord): Promise<void> | void {
    if (isBlank(record.cells)) return;
    if (firstRecord) {
      // A header-less profile file may open with its summary line.
      firstRecord = false;
      const figures = countAndAmountLine(record.cells, amountsInFen);
      if (figures) {
        control = { ...figures, rowNo: record.rowNo };
        return;
      }
    }
    const word = profile ? null : totalRowWord(record.cells);
    if (word) {
      const figures = totalRowFigures(record.cells, amountColumn, amountsInFen);
      // The last 合计 / 总计 row is the file's own total; 小计 rows are partial.
      if (!control || word !== '小计') control = { ...figures, rowNo: record.rowNo };
      return;
    }
    if (pending) {
      // Something follows the held-back line: it was a row.
      const held = pending;
      pending = null;
      const flushed = handle(held);
      if (flushed) return flushed.then(() => rowOrSummary(record));
    }
    return rowOrSummary(record);
  }

  function rowOrSummary(record: RawRecord): Promise<void> | void {
    if (filledCells(record.cells) <= MAX_SUMMARY_CELLS && countAndAmountLine(record.cells, amountsInFen)) {
      // Maybe the trailing summary line: decided by whether anything follows it.
      pending = record;
      return;
    }
    return handle(record);
  }

  if (pending && req.part && !req.part.isLast) {
    // More of the file follows in the next part: this was a row, not the closing summary.
    await handle(pending);
  } else if (pending) {
    const figures = countAndAmountLine(pending.cells, amountsInFen)!;
    control = { ...figures, rowNo: pending.rowNo };
  }
  if (rows.length) await sink.rows(rows);
  if (rejected.length) await sink.rejected(rejected);
  if (rowsRead === 0 && !given) throw noDataRows();

  return {
    table: info,
    rowsRead,
    rowsAccepted,
    rowsRejected,
    totalFen,
    control,
    batchKey: batchKey ?? null,
    returnsOnly: kind === 'bank' && rowsAccepted > 0 && returnsOnly,
    firstRejections,
  };
}
