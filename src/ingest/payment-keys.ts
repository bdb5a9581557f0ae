/**
 * Numbers the rows of one bank file that share a payment key, in file order. Within a file a second
 * paid row for a key whose previous row was paid is a further payment (`key#2`, `key#3`…), which the
 * duplicate-payment rule must see; a paid row after a failed one re-pays the same payment and keeps
 * the key. Done after the rows are stored, so the parts of a file parsed in parallel agree.
 */
import type { Writer } from '../db/index.ts';

/**
 * Remembers which keys a file repeats while its rows stream past. Most keys appear once, so it keeps
 * only a 32-bit hash of each (an open-addressing table of integers: a million string keys in a Set
 * measured 1.6 s on the main thread, this about a tenth). A hash seen before marks the key repeated; a
 * rare collision only adds a key that the numbering then finds to occur once, and leaves alone.
 */
export class RepeatedKeys {
  private table = new Int32Array(1 << 16);
  private used = 0;
  readonly repeated = new Set<string>();

  add(key: string): void {
    if (this.insert(keyHash(key))) return;
    this.repeated.add(key);
  }

  /**
   * The same for a batch whose hashes were computed elsewhere (keyHash, on the parse worker's core): `keyAt(i)`
   * gives the key of hash i, read only when that hash was seen before.
   */
  addHashed(hashes: Int32Array, keyAt: (i: number) => string): void {
    for (let i = 0; i < hashes.length; i++) if (!this.insert(hashes[i]!)) this.repeated.add(keyAt(i));
  }

  /** True when the hash was new. */
  private insert(hash: number): boolean {
    if ((this.used + 1) * 2 > this.table.length) this.grow();
    const mask = this.table.length - 1;
    const h = hash === 0 ? 1 : hash; // 0 marks an empty slot
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const slot = this.table[i]!;
      if (slot === 0) {
        this.table[i] = h;
        this.used++;
        return true;
      }
      if (slot === h) return false;
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2);
    this.used = 0;
    for (const h of old) if (h !== 0) this.insert(h);
  }
}

/** A payment key's 32-bit hash (FNV-1a, then murmur3's finaliser), as RepeatedKeys keeps it. */
export function keyHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  // murmur3's finaliser: keys differ only in a few digits, so spread those bits over the whole word.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** Keys per statement: bound parameters well inside SQLite's 32,766 and PostgreSQL's 65,535. */
const CHUNK = 10_000;

/**
 * `firstId`: no row of the file has a smaller id (the largest id before the file was stored, plus one). The file's
 * rows are read from there in one pass per CHUNK keys: no index on the key is kept on SQLite (0023), and a file
 * repeats few keys, so one pass over its own rows.
 */
export async function numberRepeatedKeys(w: Writer, fileId: number, keys: ReadonlySet<string>, firstId: number): Promise<void> {
  const list = [...keys];
  for (let i = 0; i < list.length; i += CHUNK) {
    const rows = await w.kysely
      .selectFrom('payments')
      .select(['id', 'paymentKey', 'status'])
      .where('id', '>=', firstId)
      .where('fileId', '=', fileId)
      .where('paymentKey', 'in', list.slice(i, i + CHUNK))
      .orderBy('rowNo')
      .execute();
    const state = new Map<string, { status: string; n: number }>();
    for (const row of rows) {
      const before = state.get(row.paymentKey);
      const n = before && before.status === 'paid' && row.status === 'paid' ? before.n + 1 : (before?.n ?? 1);
      state.set(row.paymentKey, { status: row.status, n });
      if (n > 1) await w.kysely.updateTable('payments').set({ paymentKey: `${row.paymentKey}#${n}` }).where('id', '=', row.id).execute();
    }
  }
}
