/**
 * Runs parseFile inline or in a worker thread, delivering the same sink calls in order either way.
 */
import { Worker } from 'node:worker_threads';
import { parseFile, type ParseRequest, type ParseSink, type ParseSummary } from './parse-file.ts';
import { FileRefusedError } from './readers/types.ts';

type Message =
  | { type: 'start'; info: Parameters<ParseSink['start']>[0] }
  | { type: 'rows'; rows: unknown[][] }
  | { type: 'rejected'; rows: Parameters<ParseSink['rejected']>[0] }
  | { type: 'done'; summary: ParseSummary }
  | { type: 'refused'; code: string; zh: string; en: string }
  | { type: 'error'; message: string };

export function runParse(req: ParseRequest, sink: ParseSink, inWorker: boolean): Promise<ParseSummary> {
  if (!inWorker) return parseFile(req, sink);
  return new Promise((resolve, reject) => {
    // The worker is TypeScript too: its entry registers tsx whether we run under tsx or vitest.
    const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: req });
    let chain: Promise<void> = Promise.resolve();
    let settled = false;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(e);
    };
    worker.on('message', (m: Message) => {
      chain = chain
        .then(async () => {
          if (settled) return;
          switch (m.type) {
            case 'start':
              await sink.start(m.info);
              worker.postMessage({ type: 'ack' });
              break;
            case 'rows':
              await sink.rows(m.rows);
              worker.postMessage({ type: 'ack' });
              break;
            case 'rejected':
              await sink.rejected(m.rows);
              worker.postMessage({ type: 'ack' });
              break;
            case 'done':
              settled = true;
              resolve(m.summary);
              break;
            case 'refused':
              fail(new FileRefusedError(m.code, m.zh, m.en));
              break;
            case 'error':
              fail(new Error(`ingest worker failed: ${m.message}`));
              break;
          }
        })
        .catch(fail);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!settled) void chain.then(() => fail(new Error(`ingest worker exited with code ${code}`)));
    });
  });
}
