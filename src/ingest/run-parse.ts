/**
 * Runs parseFile inline or in worker threads, delivering the sink calls one at a time either way.
 * A large quote-free delimited file is cut in two and parsed by two workers at once, while the main
 * thread writes: parsing, not the database, is the slower side on two cores.
 */
import { Worker } from 'node:worker_threads';
import { parseFile, type ParseRequest, type ParseSink, type ParseSummary, type TableInfo } from './parse-file.ts';
import { findSplit, recordsBefore, sniffFileType } from './readers/index.ts';
import { FileRefusedError } from './readers/types.ts';
import { unpackRows, type PackedRows } from './row-transfer.ts';

type Message =
  | { type: 'start'; info: TableInfo }
  | { type: 'rows'; rows: PackedRows }
  | { type: 'rejected'; rows: Parameters<ParseSink['rejected']>[0] }
  | { type: 'done'; summary: ParseSummary }
  | { type: 'refused'; code: string; zh: string; en: string }
  | { type: 'error'; message: string };

/** Below this size one worker is enough (measured: the split pays from some tens of MB). */
const SPLIT_MIN_BYTES = 24 * 1024 * 1024;

export interface ParseBudget {
  /** Parsing that takes longer is stopped (its worker terminated) and the file refused as too slow. */
  timeLimitMs?: number;
  /** Aborting stops the workers at once (the server shutting down does not wait for a parse). */
  signal?: AbortSignal;
  /** Called once the parse's worker threads exist (they load and start reading on their own from then on). */
  onWorkers?: () => void;
}

export function tooSlow(ms: number): FileRefusedError {
  const s = Math.round(ms / 1000);
  return new FileRefusedError(
    'parse-too-slow',
    `这个文件在 ${s} 秒内未能读完，已停止处理并拒收（正常的回盘文件只需几秒）。文件可能经过特殊构造或已损坏；请在 Excel 或 WPS 中打开，另存为 .xlsx 或 CSV 后重新上传，或拆分成较小的文件。`,
    `This file could not be read within ${s} seconds, so reading stopped and the file is refused (a real result file takes seconds). It may be malformed; open it in Excel or WPS, save it as .xlsx or CSV and upload again, or split it.`,
  );
}

const stopped = () => new Error('parsing stopped: shutting down');

/**
 * With a budget, parsing always runs in a worker thread: a worker can be stopped mid-computation, the main thread cannot.
 * `kept`: a worker kept for many files; a file that would otherwise be parsed on the main thread, or by one worker
 * of its own, is parsed there (a file large enough to cut in two still gets its two workers).
 */
export async function runParse(
  req: ParseRequest,
  sink: ParseSink,
  inWorker: boolean,
  splitMinBytes = SPLIT_MIN_BYTES,
  budget: ParseBudget = {},
  kept?: KeptParser | null,
): Promise<ParseSummary> {
  const bounded = budget.timeLimitMs !== undefined || budget.signal !== undefined;
  if (!inWorker && !bounded && !kept) return parseFile(req, sink);
  const cut = (inWorker || bounded) && !req.profile && (await sniffFileType(req.path)) === 'text' ? await findSplit(req.path, splitMinBytes) : null;
  const group = new WorkerGroup(sink);
  if (budget.signal?.aborted) throw stopped();
  const timer = budget.timeLimitMs === undefined ? null : setTimeout(() => group.abort(tooSlow(budget.timeLimitMs!)), budget.timeLimitMs);
  const onAbort = () => group.abort(stopped());
  budget.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (cut === null) {
      // A kept worker may take a parse that can be stopped (one started ahead: stopping it ends that worker, and the
      // next file gets a fresh one), not one with a time limit (an upload's, which never comes with one).
      const whole = group.spawn(req, true, budget.timeLimitMs === undefined ? kept : null);
      budget.onWorkers?.();
      return await whole;
    }
    const first = group.spawn({ ...req, part: { range: { end: cut }, firstRowNo: 1, isLast: false } }, true);
    // The second worker starts loading now and waits for the header the first one finds.
    const second = group.spawn({ ...req, part: { range: { start: cut }, firstRowNo: 0, isLast: true, awaitTable: true } }, false);
    budget.onWorkers?.();
    first.catch(() => {}); // awaited below; a failure also rejects `started`
    second.catch(() => {});
    const [info, before] = await Promise.all([group.started, recordsBefore(req.path, cut)]);
    group.send(1, { type: 'table', info, firstRowNo: before + 1 });
    const [a, b] = await Promise.all([first, second]);
    return mergeParts(a, b);
  } finally {
    if (timer) clearTimeout(timer);
    budget.signal?.removeEventListener('abort', onAbort);
    group.stop();
  }
}

/**
 * Batches each worker of a parse started ahead may send before its transaction takes them (2,000 rows each: 64,000
 * rows). Deeper read-ahead cost memory for little: at 1M + 1M rows, 96 batches raised the run's peak RSS from 680 to
 * 840 MiB (the batches wait in the main thread's heap), 256 to 910 MiB, while the roster's ingest gained a few
 * tenths of a second more; 16 batches left it at 710 MiB.
 */
export const READ_AHEAD_BATCHES = 32;

/** A parse started before there is anywhere to put its rows (startParse). */
export interface StartedParse {
  /** Hands the rows parsed so far, and then the rest as they come, to `sink`; resolves as runParse does. Once. */
  attach(sink: ParseSink): Promise<ParseSummary>;
  /** Stops the parse (its workers terminated) unless attached: the file turned out to be a duplicate, or the run stops. */
  cancel(): void;
  /**
   * Settles once the worker threads exist (or the parse failed before). Wait for it before blocking the main thread
   * (an index build is one synchronous call): until then the file is only being looked at, on this thread.
   */
  running: Promise<void>;
}

/**
 * Starts parsing a large file in worker threads before its transaction opens (while the writer still finishes the
 * previous file: its index builds and commit leave the second core idle). The workers read ahead by
 * READ_AHEAD_BATCHES batches; the first message waits for `attach`, so nothing reaches the database before then, and
 * the rows reach the sink in the same order and batches as with runParse. With `kept`, a file too small to cut in two is
 * parsed on that kept worker (which must be free), and given back to it at the file's end.
 */
export function startParse(req: ParseRequest, splitMinBytes = SPLIT_MIN_BYTES, kept?: KeptParser | null): StartedParse {
  const stop = new AbortController();
  let give: (sink: ParseSink) => void = () => {};
  const given = new Promise<ParseSink>((resolve) => (give = resolve));
  const relay: ParseSink = {
    start: async (info) => (await given).start(info),
    rows: async (rows) => (await given).rows(rows),
    rejected: async (rows) => (await given).rejected(rows),
    packed: async (batch) => deliverPacked(await given, batch),
  };
  let running: () => void = () => {};
  const workers = new Promise<void>((resolve) => (running = resolve));
  const parsing = runParse({ ...req, readAhead: READ_AHEAD_BATCHES }, relay, true, splitMinBytes, { signal: stop.signal, onWorkers: running }, kept);
  parsing.catch(() => {}); // a cancelled parse is nobody's error; an attached one is awaited by attach's caller
  void parsing.then(running, running);
  let attached = false;
  return {
    attach(sink) {
      if (attached) throw new Error('a started parse is attached once');
      attached = true;
      give(sink);
      return parsing;
    },
    cancel() {
      if (!attached) stop.abort();
    },
    running: workers,
  };
}

/**
 * The compiled build (dist/, this module ends in .js) starts the compiled worker directly; from source (tsx,
 * vitest) worker threads do not inherit the TypeScript loader, so worker-entry.mjs registers tsx first.
 */
const WORKER_URL = import.meta.url.endsWith('.js')
  ? new URL('./worker.js', import.meta.url)
  : new URL('./worker-entry.mjs', import.meta.url);

let live = 0;

/** A parse worker thread, counted until it exits. */
function parseWorker(workerData: unknown): Worker {
  const w = new Worker(WORKER_URL, { workerData });
  live++;
  w.once('exit', () => live--);
  return w;
}

/** Parse worker threads that have not exited: none once a run is over (a thread left would keep the process alive). */
export function liveParseWorkers(): number {
  return live;
}

/**
 * One parse worker kept for many files (an inbox of a bank's per-batch files, dozens of a few MB each): each of
 * them parsed on the main thread would hold up its own inserts, and a worker of its own would cost its start-up
 * (~0.3 s) per file. The worker starts on the first file and takes one file at a time. A worker whose file
 * failed on either side is stopped, not reused: the next file gets a fresh one. `close` stops it.
 */
export class KeptParser {
  private idle: Worker | null = null;
  private busy = false;
  /** Workers started so far (one, unless a file failed). */
  started = 0;

  /** No file is being parsed on it (take() would not throw). */
  get free(): boolean {
    return !this.busy;
  }

  /** The worker for the next file; only one file at a time. */
  take(): Worker {
    if (this.busy) throw new Error('the kept parse worker is already parsing a file');
    this.busy = true;
    if (this.idle) {
      const w = this.idle;
      this.idle = null;
      w.ref();
      return w;
    }
    this.started++;
    const w = parseWorker({ kept: true });
    // A worker that ends while idle (it runs nothing then, but the system may stop a thread) is not handed out again.
    w.on('exit', () => {
      if (this.idle === w) this.idle = null;
    });
    return w;
  }

  /** Back after a file parsed to its end; `null` when the worker was stopped instead. */
  give(w: Worker | null): void {
    this.busy = false;
    if (!w) return;
    // An idle worker does not keep the process alive (a caller that forgets close() still exits).
    w.unref();
    this.idle = w;
  }

  async close(): Promise<void> {
    const w = this.idle;
    this.idle = null;
    if (w) await w.terminate();
  }
}

/** Workers whose messages reach the sink one at a time, in arrival order; the first failure stops all. */
class WorkerGroup {
  private chain: Promise<void> = Promise.resolve();
  private readonly workers: Worker[] = [];
  private failed = false;
  private readonly failers = new Set<(e: unknown) => void>();
  private resolveStarted!: (info: TableInfo) => void;
  private rejectStarted!: (e: unknown) => void;
  readonly started = new Promise<TableInfo>((resolve, reject) => {
    this.resolveStarted = resolve;
    this.rejectStarted = reject;
  });

  constructor(private readonly sink: ParseSink) {
    this.started.catch(() => {});
  }

  spawn(req: ParseRequest, announces: boolean, kept?: KeptParser | null): Promise<ParseSummary> {
    const worker = kept ? kept.take() : parseWorker(req);
    if (kept) worker.postMessage({ type: 'job', req });
    this.workers.push(worker);
    return new Promise<ParseSummary>((resolve, reject) => {
      let settled = false;
      const fail = (e: unknown) => {
        if (settled) return;
        settled = true;
        this.failed = true;
        this.rejectStarted(e);
        this.stop();
        detach();
        kept?.give(null);
        reject(e);
      };
      this.failers.add(fail);
      const onMessage = (m: Message) => {
        this.chain = this.chain
          .then(async () => {
            if (settled || this.failed) return;
            switch (m.type) {
              case 'start':
                if (announces) {
                  await this.sink.start(m.info);
                  this.resolveStarted(m.info);
                }
                break;
              case 'rows':
                await deliverPacked(this.sink, m.rows);
                break;
              case 'rejected':
                await this.sink.rejected(m.rows);
                break;
              case 'done':
                settled = true;
                if (kept) {
                  // Parsed to its end: the worker waits for its next file instead of being stopped with the group.
                  detach();
                  this.workers.splice(this.workers.indexOf(worker), 1);
                  kept.give(worker);
                }
                resolve(m.summary);
                return;
              case 'refused':
                return fail(new FileRefusedError(m.code, m.zh, m.en));
              case 'error':
                return fail(new Error(`ingest worker failed: ${m.message}`));
            }
            worker.postMessage({ type: 'ack' });
          })
          .catch(fail);
      };
      const onExit = (code: number) => {
        if (!settled) void this.chain.then(() => fail(new Error(`ingest worker exited with code ${code}`)));
      };
      const detach = () => {
        worker.off('message', onMessage);
        worker.off('error', fail);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', fail);
      worker.on('exit', onExit);
    });
  }

  /** Stops every worker now and fails whatever waits on them with `e`. */
  abort(e: unknown): void {
    for (const fail of this.failers) fail(e);
    this.rejectStarted(e);
    this.stop();
  }

  /** A message to the n-th worker spawned. */
  send(n: number, message: unknown): void {
    this.workers[n]?.postMessage(message);
  }

  stop(): void {
    for (const w of this.workers) void w.terminate();
  }
}

/** A batch as a worker packed it, to a sink that takes it packed, else as records. */
function deliverPacked(sink: ParseSink, batch: PackedRows): Promise<void> | void {
  return sink.packed ? sink.packed(batch) : sink.rows(unpackRows(batch));
}

/** One summary for the whole file from its two parts (the second part's closing total wins). */
export function mergeParts(a: ParseSummary, b: ParseSummary): ParseSummary {
  let batchKey: string | null = a.batchKey;
  if (b.rowsAccepted > 0) {
    if (a.rowsAccepted === 0) batchKey = b.batchKey;
    else if (a.batchKey !== b.batchKey) {
      const [pa, da] = (a.batchKey ?? '').split('|');
      const [pb, db] = (b.batchKey ?? '').split('|');
      batchKey = a.table.kind === 'roster' && a.batchKey && b.batchKey && pa === pb && da === db ? `${pa}|${da}|*` : null;
    }
  }
  return {
    table: a.table,
    rowsRead: a.rowsRead + b.rowsRead,
    rowsAccepted: a.rowsAccepted + b.rowsAccepted,
    rowsRejected: a.rowsRejected + b.rowsRejected,
    totalFen: a.totalFen + b.totalFen,
    control: b.control ?? a.control,
    batchKey,
    returnsOnly: (a.rowsAccepted === 0 || a.returnsOnly) && (b.rowsAccepted === 0 || b.returnsOnly) && a.rowsAccepted + b.rowsAccepted > 0,
    firstRejections: [...a.firstRejections, ...b.firstRejections].sort((x, y) => x.rowNo - y.rowNo).slice(0, 20),
  };
}
