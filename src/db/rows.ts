/**
 * Where a row record (RowRecord) becomes the cells of its table's columns: the one mapping that both bulk
 * paths use, SQLite's multi-row INSERT parameters and PostgreSQL's COPY fields.
 */

/** A camelCase table or column name as the database spells it (the CamelCasePlugin's mapping). */
export function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Fills `out` with the flat cells of rows [from, to), row after row. */
export type FillCells = (from: number, to: number, out: unknown[]) => void;

export interface RecordLayout {
  /** The table's columns in cell order: `fileId`, then the record's keys. */
  columns: string[];
  fill: FillCells;
}

/**
 * The columns of one file's records and how to read them: the first record's keys (every record of a
 * kind is made by the same normaliser, so all have the same keys), `fileId` set on each.
 */
export function recordLayout(fileId: number, rows: readonly object[]): RecordLayout {
  const keys = Object.keys(rows[0] ?? {});
  const cellsOf = rowReader(keys);
  return {
    columns: ['fileId', ...keys],
    fill(from, to, out) {
      let at = 0;
      for (let r = from; r < to; r++) {
        out[at++] = fileId;
        at = cellsOf(rows[r]!, out, at);
      }
    },
  };
}

export type RowReader = (row: object, out: unknown[], at: number) => number;
const readers = new Map<string, RowReader>();

/**
 * Writes a record's values in `keys` order into `out` from `at` (undefined as null), returning the next
 * position; the one cache of readers, shared by the bulk writers and the parse worker's packing. Compiled once
 * per key list into one named property read per column: a loop over the keys (`row[keys[k]]`) is a keyed
 * read with twenty-odd different keys at one site, which V8 serves from a generic lookup; the compiled reads
 * each see one key and one record shape. The keys are our tables' column names, quoted as JSON.
 */
export function rowReader(keys: readonly string[]): RowReader {
  const id = keys.join('\u0000');
  let read = readers.get(id);
  if (!read) {
    const body = keys.map((k) => `out[at++] = row[${JSON.stringify(k)}] ?? null;`).join('\n');
    read = new Function('row', 'out', 'at', `${body}\nreturn at;`) as RowReader;
    readers.set(id, read);
  }
  return read;
}

/** The same for rows already given as arrays in `width`-column order. */
export function arrayLayout(rows: readonly (readonly unknown[])[], width: number): FillCells {
  return (from, to, out) => {
    let at = 0;
    for (let r = from; r < to; r++) {
      const row = rows[r]!;
      for (let c = 0; c < width; c++) out[at++] = row[c] ?? null;
    }
  };
}

/**
 * Rows given as one flat array of values, row after row in `width`-column order (as the parse worker sends a
 * batch: row-transfer.ts), with `fileId` before each row's values.
 */
export function flatLayout(fileId: number, cells: readonly unknown[], width: number): FillCells {
  return (from, to, out) => {
    let at = 0;
    for (let r = from; r < to; r++) {
      out[at++] = fileId;
      for (let i = r * width, end = i + width; i < end; i++) out[at++] = cells[i];
    }
  };
}
