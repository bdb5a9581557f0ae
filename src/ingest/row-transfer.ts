/**
 * How a batch of row records crosses the parse worker's boundary. postMessage's structured clone writes every
 * key of every record and rebuilds each object key by key; a batch of records all made by one normaliser is
 * better sent as its key list once plus the values of all rows in one flat array (row after row), which the
 * main thread (the thread that writes the database, so its time is the ingest's) hands to the writer as it is
 * (Writer.insertArrays): no record, not even an array, per row. Measured on 1M rows of 22 fields: serialising
 * 2.1 s as records vs 0.6 s as arrays; deserialising 2.0 s vs 1.0 s, 1.1 s with the rebuild into records.
 *
 * A bank batch also carries each row's payment-key hash (payment-keys.ts), computed here on the worker's
 * core: the main thread only looks the hashes up.
 */
import { rowReader } from '../db/rows.ts';
import { keyHash } from './payment-keys.ts';
import type { RosterTotal } from './roster-totals.ts';
import type { IngestRow } from './rows/index.ts';

export interface PackedRows {
  keys: string[];
  /** The rows' values, row after row: row r's value of keys[k] is cells[r * keys.length + k]; never undefined. */
  cells: unknown[];
  count: number;
  /** With `hashKey` given to packRows: keyHash of each row's value of that key. */
  hashes: Int32Array | null;
  /** Roster rows: the batch's totals per (period, district, program), summed by the worker (roster-totals.ts). */
  totals?: RosterTotal[];
}

export function packRows(rows: readonly IngestRow[], hashKey: string | null = null): PackedRows {
  const keys = rows.length ? Object.keys(rows[0]!) : [];
  const width = keys.length;
  const cells = new Array<unknown>(rows.length * width);
  const read = rowReader(keys);
  let at = 0;
  for (let r = 0; r < rows.length; r++) at = read(rows[r]!, cells, at);
  let hashes: Int32Array | null = null;
  if (hashKey !== null && rows.length) {
    const k = keys.indexOf(hashKey);
    if (k < 0) throw new Error(`packRows: the rows have no ${hashKey}`);
    hashes = new Int32Array(rows.length);
    for (let r = 0; r < rows.length; r++) hashes[r] = keyHash(String(cells[r * width + k]));
  }
  return { keys, cells, count: rows.length, hashes };
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
  const rows = new Array<IngestRow>(packed.count);
  for (let r = 0; r < packed.count; r++) rows[r] = build(packed.cells, r * width);
  return rows;
}
