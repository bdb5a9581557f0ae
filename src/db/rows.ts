/**
 * Where a row record (RowRecord) becomes the cells of its table's columns: the one mapping that both bulk
 * paths use, SQLite's multi-row INSERT parameters and PostgreSQL's COPY fields.
 */

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
  const width = keys.length;
  return {
    columns: ['fileId', ...keys],
    fill(from, to, out) {
      let at = 0;
      for (let r = from; r < to; r++) {
        const row = rows[r] as Record<string, unknown>;
        out[at++] = fileId;
        for (let k = 0; k < width; k++) out[at++] = row[keys[k]!] ?? null;
      }
    },
  };
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
