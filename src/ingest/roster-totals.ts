/**
 * A roster file's rows and approved total per (period, district, program), summed as its rows are stored and
 * written beside them in the file's own transaction (table roster_totals). The batch table's approved side adds
 * these up instead of reading every approval of the month each night; roster rows never change after ingest,
 * so the totals stay exact.
 */
import type { RowRecord, Writer } from '../db/index.ts';

interface Total {
  period: string;
  district: string | null;
  program: string;
  count: number;
  fen: number;
}

export class RosterTotals {
  private readonly totals = new Map<string, Total>();

  add(rows: readonly object[]): void {
    let t: Total | undefined;
    for (const row of rows) {
      const r = row as RowRecord<'rosterEntries'>;
      // A file's rows mostly come grouped: the previous row's total, when it is this row's, saves the lookup.
      if (!t || t.period !== r.period || t.district !== r.district || t.program !== r.program) {
        // \u0001 cannot occur in a period, a district or a program code; null district is its own group.
        const key = `${r.period}\u0001${r.district ?? '\u0000'}\u0001${r.program}`;
        t = this.totals.get(key);
        if (!t) {
          t = { period: r.period, district: r.district, program: r.program, count: 0, fen: 0 };
          this.totals.set(key, t);
        }
      }
      t.count += 1;
      t.fen += r.approvedFen;
    }
  }

  async write(w: Writer, fileId: number): Promise<void> {
    if (this.totals.size === 0) return;
    await w.insertMany(
      'rosterTotals',
      ['fileId', 'period', 'district', 'program', 'approvedCount', 'approvedFen'],
      [...this.totals.values()].map((t) => [fileId, t.period, t.district, t.program, t.count, t.fen]),
    );
  }
}
