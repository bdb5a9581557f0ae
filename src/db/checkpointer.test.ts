import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CHECKPOINT_BYTES, checkpointer } from './checkpointer.ts';
import { openDatabase } from './index.ts';

const COLUMNS = ['fileId', 'rowNo', 'period', 'name', 'idNumber', 'idValid', 'program', 'approvedFen', 'township', 'village'];
const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => [1, i + 2, '2026-11', '张明华', `500101195003${String(i).padStart(6, '0')}`, 1, 'dibao', 77000, '某某街道办事处', `第${i}村民委员会`]);

const size = (path: string) => (existsSync(path) ? statSync(path).size : 0);

describe('checkpoints on a helper thread (SQLite file)', () => {
  it('copies a large transaction into the database file while the connection stays open and idle', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'relief-recon-checkpoint-')), 'site.db');
    const db = await openDatabase(file);
    const before = size(file);
    await db.write((w) => w.insertMany('rosterEntries', COLUMNS, rows(60_000)));
    // The commit left the pages in the log only; the engine's connection does not copy them itself.
    expect(size(`${file}-wal`)).toBeGreaterThan(CHECKPOINT_BYTES);
    // The helper does, without anything more asked of the connection.
    await vi.waitFor(() => expect(size(file)).toBeGreaterThan(before + CHECKPOINT_BYTES), { timeout: 10_000, interval: 20 });
    const n = await db.kysely.selectFrom('rosterEntries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(60_000);
    await db.close();
    // The engine's connection closes last: the log is copied in full and removed.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const again = await openDatabase(file);
    const m = await again.kysely.selectFrom('rosterEntries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(m.n)).toBe(60_000);
    await again.close();
  });

  it('leaves a small transaction to the close, and starts no helper for it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'relief-recon-checkpoint-')), 'site.db');
    const db = await openDatabase(file);
    await db.write((w) => w.insertMany('rosterEntries', COLUMNS, rows(50)));
    expect(size(`${file}-wal`)).toBeLessThan(CHECKPOINT_BYTES);
    await db.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('gives the checkpoints back to the connection when the helper cannot open the database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relief-recon-checkpoint-'));
    // A log with no database beside it: the helper's open fails (it never creates a file).
    writeFileSync(join(dir, 'gone.db-wal'), Buffer.alloc(CHECKPOINT_BYTES + 1));
    const giveBack = vi.fn(() => true);
    const cp = checkpointer(join(dir, 'gone.db'), giveBack);
    cp.afterCommit();
    await vi.waitFor(() => expect(giveBack).toHaveBeenCalledTimes(1), { timeout: 10_000, interval: 20 });
    // Once given back, later commits ask nothing of a helper.
    cp.afterCommit();
    await cp.close();
    expect(giveBack).toHaveBeenCalledTimes(1);
    expect(existsSync(join(dir, 'gone.db'))).toBe(false);
  });
});
