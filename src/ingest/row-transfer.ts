/**
 * How a batch of row records crosses the parse worker's boundary. postMessage's structured clone writes every
 * key of every record and rebuilds each object key by key; a batch of records all made by one normaliser is
 * better sent as its key list once plus the values column by column, which the main thread (the thread that
 * writes the database, so its time is the ingest's) turns into one flat array for the writer
 * (Writer.insertArrays): no record, not even an array, per row. Measured on 1M rows of 22 fields: serialising
 * 2.1 s as records vs 0.6 s as arrays; deserialising 2.0 s vs 1.0 s, 1.1 s with the rebuild into records.
 *
 * Most columns of a batch repeat a few values (the month, the batch number, the label, the status, the paid-on
 * date, null): such a column goes as its distinct values plus each row's index into them, so the main thread
 * rebuilds no string per row, only the few distinct ones. Measured on 1M bank rows of 19 fields in 10,000-row
 * batches (v8.serialize / deserialize, the structured clone of postMessage): 1.9 s to deserialise on the main
 * thread as one flat array, 0.55 s plus 0.14 s to lay the cells out again with the repeating columns indexed;
 * the worker's side 0.9 s against 0.5 s.
 *
 * A bank batch also carries each row's payment-key hash (payment-keys.ts), computed here on the worker's
 * core: the main thread only looks the hashes up.
 */
import { keyHash } from './payment-keys.ts';
import type { RosterTotal } from './roster-totals.ts';
import type { IngestRow } from './rows/index.ts';

export interface PackedRows {
  keys: string[];
  /** keys[k]'s values, one column per key; cellsOf lays them out row after row. */
  columns: PackedColumn[];
  count: number;
  /** With `hashKey` given to packRows: keyHash of each row's value of that key. */
  hashes: Int32Array | null;
  /** Roster rows: the batch's totals per (period, district, program), summed by the worker (roster-totals.ts). */
  totals?: RosterTotal[];
}

/**
 * One column of a batch: its distinct values and each row's index into them (`index`; row r's value is
 * values[index[r]]), or, when its values do not repeat enough to pay, each row's value (`index` null).
 */
export interface PackedColumn {
  values: unknown[];
  index: Uint16Array | null;
}

/** A column is indexed while its distinct values stay below a quarter of the batch's rows (and Uint16's range). */
const MAX_DISTINCT = 65_535;
/** From this many rows on, a column with more than half of them distinct is sent plain (an ID, an account, a key). */
const PROBE_ROWS = 32;

/**
 * `values` (one per row) as a PackedColumn. Repeats mostly come in runs (a batch number, a status), so a row equal
 * to the one before takes its index without a lookup.
 */
function packColumn(values: unknown[], count: number): PackedColumn {
  const limit = Math.min(MAX_DISTINCT, count >> 2);
  const seen = new Map<unknown, number>();
  const index = new Uint16Array(count);
  let last: unknown = undefined;
  let lastIndex = -1;
  for (let r = 0; r < count; r++) {
    const value = values[r];
    if (lastIndex >= 0 && value === last) {
      index[r] = lastIndex;
      continue;
    }
    let i = seen.get(value);
    if (i === undefined) {
      if (seen.size >= limit || (r >= PROBE_ROWS && seen.size > r >> 1)) return { values, index: null };
      i = seen.size;
      seen.set(value, i);
    }
    index[r] = i;
    last = value;
    lastIndex = i;
  }
  return { values: [...seen.keys()], index };
}

type ColumnReader = (rows: readonly object[], count: number) => unknown[];
const columnReaders = new Map<string, ColumnReader>();

/**
 * Every row's value of `key` (undefined as null), compiled once per key into one named property read: the records
 * of a batch share one shape, so the read stays monomorphic (as rowReader's in db/rows.ts). Keys are our column
 * names, quoted as JSON.
 */
function columnReader(key: string): ColumnReader {
  let read = columnReaders.get(key);
  if (!read) {
    const body = `const out = new Array(count); for (let r = 0; r < count; r++) out[r] = rows[r][${JSON.stringify(key)}] ?? null; return out;`;
    read = new Function('rows', 'count', body) as ColumnReader;
    columnReaders.set(key, read);
  }
  return read;
}

export function packRows(rows: readonly IngestRow[], hashKey: string | null = null): PackedRows {
  const keys = rows.length ? Object.keys(rows[0]!) : [];
  const count = rows.length;
  const plain = keys.map((key) => columnReader(key)(rows, count));
  let hashes: Int32Array | null = null;
  if (hashKey !== null && count) {
    const k = keys.indexOf(hashKey);
    if (k < 0) throw new Error(`packRows: the rows have no ${hashKey}`);
    const column = plain[k]!;
    hashes = new Int32Array(count);
    for (let r = 0; r < count; r++) hashes[r] = keyHash(String(column[r]));
  }
  return { keys, columns: plain.map((values) => packColumn(values, count)), count, hashes };
}

/** The batch's values row after row: row r's value of keys[k] at `r * keys.length + k`; never undefined. */
export function cellsOf(packed: PackedRows): unknown[] {
  const width = packed.keys.length;
  const count = packed.count;
  const cells = new Array<unknown>(count * width);
  for (let k = 0; k < width; k++) {
    const { values, index } = packed.columns[k]!;
    if (index) for (let r = 0, at = k; r < count; r++, at += width) cells[at] = values[index[r]!];
    else for (let r = 0, at = k; r < count; r++, at += width) cells[at] = values[r];
  }
  return cells;
}

/**
 * The batch's columns to store and their cells (as cellsOf), less the columns that are null in every row of the
 * batch: the INSERT leaves them out, and SQLite stores NULL for a column not named (no column of the ingest tables
 * has another default). A bank file in the users' shape leaves 5 of its 19 columns empty (district, program, serial
 * number, failure reason, bank name); binding them row by row cost the writing thread ~0.2 s per million rows.
 */
export function storedCells(packed: PackedRows): { keys: string[]; cells: unknown[] } {
  const keep = packed.columns.flatMap((c, k) => (c.index !== null && c.values.length === 1 && c.values[0] === null ? [] : [k]));
  const kept = keep.length === packed.keys.length ? packed : { ...packed, keys: keep.map((k) => packed.keys[k]!), columns: keep.map((k) => packed.columns[k]!) };
  return { keys: kept.keys, cells: cellsOf(kept) };
}

type Build = (cells: unknown[], at: number) => IngestRow;
const builders = new Map<string, Build>();

/** The records again, each with the keys in the order they were packed (for a sink that takes records). */
export function unpackRows(packed: PackedRows): IngestRow[] {
  const id = packed.keys.join('\u0000');
  let build = builders.get(id);
  if (!build) {
    build = new Function('c', 'at', `return { ${packed.keys.map((k, i) => `${JSON.stringify(k)}: c[at + ${i}]`).join(', ')} };`) as Build;
    builders.set(id, build);
  }
  const width = packed.keys.length;
  const cells = cellsOf(packed);
  const rows = new Array<IngestRow>(packed.count);
  for (let r = 0; r < packed.count; r++) rows[r] = build(cells, r * width);
  return rows;
}
