/**
 * Worker-thread side of ingest: parses and normalises one file on the second core while the main
 * thread writes the previous batch. Flow control: at most MAX_IN_FLIGHT batches wait unacknowledged,
 * so a slow disk never lets the parsed rows pile up in memory.
 *
 * Two ways to run: given a request as workerData, it parses that file and ends (a large file, or a part of
 * one); given `{ kept: true }`, it parses one file per `job` message until the main thread lets it go (a
 * kept parser: an inbox of many smaller files pays the worker's start-up once, see run-parse.ts KeptParser).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseFile, type ParseRequest, type TableInfo } from './parse-file.ts';
import { FileRefusedError } from './readers/types.ts';
import type { InputKind } from '../db/index.ts';
import { RosterTotals } from './roster-totals.ts';
import { packRows } from './row-transfer.ts';

/** Batches a worker may send before the writer has taken them, unless the request says (ParseRequest.readAhead). */
const MAX_IN_FLIGHT = 4;
let maxInFlight = MAX_IN_FLIGHT;
const port = parentPort!;
/**
 * Messages sent and not yet acknowledged, over every job of a kept worker: the main thread acknowledges each
 * message but the last of a job, and may still be acknowledging a job's batches when the next job starts.
 */
let inFlight = 0;
let wake: (() => void) | null = null;
let giveTable: ((m: TableMessage) => void) | null = null;
const tableGiven = new Promise<TableMessage>((resolve) => (giveTable = resolve));

interface TableMessage {
  type: 'table';
  info: TableInfo;
  firstRowNo: number;
}

async function send(message: unknown): Promise<void> {
  port.postMessage(message);
  inFlight++;
  while (inFlight >= maxInFlight) await new Promise<void>((r) => (wake = r));
}

/** Parses one file, its batches sent as they come; the last message says how it ended. */
async function parseOne(req: ParseRequest): Promise<void> {
  maxInFlight = Math.max(1, req.readAhead ?? MAX_IN_FLIGHT);
  try {
    if (req.part?.awaitTable) {
      // The second part of a split file starts loading at once and waits here for the header that the
      // first part finds, so its start-up overlaps the first part's.
      const given = await tableGiven;
      req.part = { ...req.part, table: given.info, firstRowNo: given.firstRowNo };
    }
    // Bank rows go with their payment keys' hashes, roster rows with their batch's totals: the main thread (which
    // also writes) only looks the hashes up and adds a few totals.
    let hashKey: string | null = null;
    let kind: InputKind | null = null;
    const summary = await parseFile(req, {
      start: (info) => {
        kind = info.kind;
        hashKey = info.kind === 'bank' ? 'paymentKey' : null;
        return send({ type: 'start', info });
      },
      rows: (rows) => {
        const packed = packRows(rows, hashKey);
        if (kind === 'roster') {
          const totals = new RosterTotals();
          totals.add(rows);
          packed.totals = totals.groups();
        }
        return send({ type: 'rows', rows: packed });
      },
      rejected: (rows) => send({ type: 'rejected', rows }),
    });
    port.postMessage({ type: 'done', summary });
  } catch (e) {
    if (e instanceof FileRefusedError) port.postMessage({ type: 'refused', code: e.code, zh: e.messageZh, en: e.messageEn });
    else port.postMessage({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}

const given = workerData as ParseRequest | { kept: true };
let jobs: Promise<void> = Promise.resolve();
port.on('message', (m: { type: string } | TableMessage | { type: 'job'; req: ParseRequest }) => {
  if (m.type === 'ack') {
    inFlight--;
    wake?.();
    wake = null;
  } else if (m.type === 'table') {
    giveTable?.(m as TableMessage);
  } else if (m.type === 'job') {
    // One at a time: the main thread sends the next job only after this one's last message.
    jobs = jobs.then(() => parseOne((m as { req: ParseRequest }).req));
  }
});

if (!('kept' in given)) {
  await parseOne(given);
  port.close();
}
