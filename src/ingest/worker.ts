/**
 * Worker-thread side of ingest: parses and normalises one file on the second core while the main
 * thread writes the previous batch. Flow control: at most MAX_IN_FLIGHT batches wait unacknowledged,
 * so a slow disk never lets the parsed rows pile up in memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseFile, type ParseRequest } from './parse-file.ts';
import { FileRefusedError } from './readers/types.ts';

const MAX_IN_FLIGHT = 4;
const port = parentPort!;
let inFlight = 0;
let wake: (() => void) | null = null;
port.on('message', (m: { type: string }) => {
  if (m.type === 'ack') {
    inFlight--;
    wake?.();
    wake = null;
  }
});

async function send(message: unknown): Promise<void> {
  port.postMessage(message);
  inFlight++;
  while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((r) => (wake = r));
}

try {
  const summary = await parseFile(workerData as ParseRequest, {
    start: (info) => send({ type: 'start', info }),
    rows: (rows) => send({ type: 'rows', rows }),
    rejected: (rows) => send({ type: 'rejected', rows }),
  });
  port.postMessage({ type: 'done', summary });
} catch (e) {
  if (e instanceof FileRefusedError) port.postMessage({ type: 'refused', code: e.code, zh: e.messageZh, en: e.messageEn });
  else port.postMessage({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
port.close();
