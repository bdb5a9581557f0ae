/**
 * A roster file's rows and approved total per (period, district, program), summed as its rows are stored and
 * written beside them in the file's own transaction (table roster_totals). The batch table's approved side adds
 * these up instead of reading every approval of the month each night; roster rows never change after ingest,
 * so the totals stay exact.
 */
import type { RowRecord, Writer } from '../db/index.ts';

export interface RosterTotal {
  period: string;
  district: string | null;
  program: string;
  count: number;
  fen: number;
}

export class RosterTotals {
  private readonly totals = new Map<string, RosterTotal>();

  /** Rows as records (the parse on the main thread, and a parse worker summing its batch). */
  add(rows: readonly object[]): void {
    let t: RosterTotal | undefined;
    for (const row of rows) {
      const r = row as RowRecord<'rosterEntries'>;
      t = this.count(t, r.period, r.district, r.program, r.approvedFen);
    }
  }

  /**
   * Totals summed elsewhere: a parse worker sums each batch's rows on its own core (groups() of a RosterTotals
   * of the batch) and sends them with the batch, so the main thread, which also writes, adds a few groups per
   * batch instead of reading every row again (1M roster rows: 0.7 s of the main thread's profile).
   */
  merge(groups: readonly RosterTotal[]): void {
    for (const g of groups) {
      const t = this.group(g.period, g.district, g.program);
      t.count += g.count;
      t.fen += g.fen;
    }
  }

  /** The totals so far, one per (period, district, program). */
  groups(): RosterTotal[] {
    return [...this.totals.values()];
  }

  private count(last: RosterTotal | undefined, period: string, district: string | null, program: string, fen: number): RosterTotal {
    let t = last;
    // A file's rows mostly come grouped: the previous row's total, when it is this row's, saves the lookup.
    if (!t || t.period !== period || t.district !== district || t.program !== program) t = this.group(period, district, program);
    t.count += 1;
    t.fen += fen;
    return t;
  }

  private group(period: string, district: string | null, program: string): RosterTotal {
    // \u0001 cannot occur in a period, a district or a program code; null district is its own group.
    const key = `${period}\u0001${district ?? '\u0000'}\u0001${program}`;
    let t = this.totals.get(key);
    if (!t) {
      t = { period, district, program, count: 0, fen: 0 };
      this.totals.set(key, t);
    }
    return t;
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
