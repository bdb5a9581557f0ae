/**
 * SQLite's checkpoints on the machine's second core. In WAL mode a commit only appends the transaction's pages to
 * the write-ahead log; a checkpoint then copies them into the database file (and syncs it). By default the
 * connection that committed does that itself, right after the commit: at 1M rows each of the night's large
 * transactions (a bank file, a roster file, the fold) spent ~0.4-0.6 s of the writing thread on it, while the
 * next stage waited. Here the engine's connection does not checkpoint (wal_autocheckpoint = 0) and, after a
 * transaction that left the log large, asks a helper thread with a connection of its own to run a PASSIVE
 * checkpoint, which SQLite allows beside the one writer and any readers: the writing thread goes on at once.
 *
 * Nothing changes for durability or for a kill: a checkpoint stopped half-way leaves the log as it was, and the
 * next connection (or this one at close, being the last) copies what is left. A helper that cannot start or
 * fails gives the checkpoints back to the engine's connection (wal_autocheckpoint 1000, SQLite's default).
 */
import { createRequire } from 'node:module';
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** A log at least this large after a transaction is checkpointed: SQLite's own default, 1000 pages of 4 KiB. */
export const CHECKPOINT_BYTES = 4 * 1024 * 1024;

/**
 * The helper's code: plain CommonJS run from a string (worker `eval`), so that it starts in tens of milliseconds
 * under tsx (tests) and from dist/ alike, with better-sqlite3 resolved by the main thread.
 */
const HELPER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 10000');
parentPort.on('message', (m) => {
  if (m === 'close') { db.close(); parentPort.close(); return; }
  try { db.pragma('wal_checkpoint(PASSIVE)'); parentPort.postMessage('done'); }
  catch (e) { parentPort.postMessage('failed'); }
});
`;

export interface Checkpointer {
  /** After a commit: a checkpoint when the log is large (one at a time; asks made meanwhile fold into the next). */
  afterCommit(): void;
  /** Waits for a checkpoint under way, then ends the helper thread (before the engine's connection closes). */
  close(): Promise<void>;
}

/**
 * `giveBack` turns the engine connection's own checkpoints on again (the helper could not start, or failed); false
 * when it could not (the connection was in the middle of a statement), and it is asked again after the next commit.
 * `file` is the database file; its log is `${file}-wal`.
 */
export function checkpointer(file: string, giveBack: () => boolean): Checkpointer {
  const wal = `${file}-wal`;
  let worker: Worker | null = null;
  let failed = false;
  let running = false;
  let again = false;
  let exited: Promise<void> | null = null;

  let givenBack = false;
  const fail = () => {
    failed = true;
    givenBack ||= giveBack();
  };
  const start = (): Worker => {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    const w = new Worker(HELPER, { eval: true, workerData: { file, module } });
    // The helper never keeps a process alive: a CLI that ends without close() leaves the log to the next opener.
    w.unref();
    w.on('message', (m: string) => {
      if (m === 'failed') fail();
      if (m === 'done' || m === 'failed') {
        running = false;
        if (again && !failed) {
          again = false;
          running = true;
          w.postMessage('checkpoint');
        }
      }
    });
    w.on('error', fail);
    exited = new Promise((resolve) => w.on('exit', () => {
      running = false;
      resolve();
    }));
    return w;
  };

  return {
    afterCommit() {
      if (failed) {
        // The connection may have been busy when the helper failed: asked again until it takes them back.
        givenBack ||= giveBack();
        return;
      }
      let size: number;
      try {
        size = statSync(wal).size;
      } catch {
        return;
      }
      if (size < CHECKPOINT_BYTES) return;
      worker ??= start();
      if (running) {
        again = true;
        return;
      }
      running = true;
      worker.postMessage('checkpoint');
    },
    async close() {
      if (!worker) return;
      // Held by the wait below (an unreferenced thread would let the process end in the middle of it).
      worker.ref();
      worker.postMessage('close');
      await exited;
      worker = null;
    },
  };
}
