/**
 * A check's rules on the machine's two cores. On SQLite a query runs on the thread that asked for it, so the
 * rules ran one after the other on one core while the other waited (10 s of a 1M-row night). Here a worker
 * thread with its own connection to the same file takes rules from the same queue as the main thread (a
 * shared counter: whichever is free takes the next rule), and the results are put back in job order, so the
 * findings, their order and the outcomes are those of one thread; only the time differs. On PostgreSQL the
 * second "thread" is a second connection of the pool: two rules' queries run on the server at once.
 *
 * Nothing is lost to a worker that fails: a rule the worker took and did not report back (it could not open
 * the database, or died) runs on the main thread at the end. Rules only read, so stopping the worker at any
 * point leaves nothing half-done.
 */
import { Worker } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import type { ReferenceListConfig, RuleSetting } from '../../config.ts';
import type { Database, Db } from '../../db/index.ts';
import { listRules } from './list-rules.ts';
import { runRules, type EngineResult } from './run-rules.ts';

/** One rule over a set of periods. */
export interface RuleJob {
  rule: string;
  periods: readonly string[];
}

export interface RuleJobsOptions {
  settings: Record<string, RuleSetting>;
  referenceLists: readonly ReferenceListConfig[];
  signal?: AbortSignal;
  /** On two threads (SQLite file) or two connections (PostgreSQL); false: one rule after the other. */
  parallel: boolean;
  /**
   * The main thread takes its first rule only once the worker has opened the database (or failed to). For
   * tests, whose small data the main thread would otherwise judge whole while the worker still starts.
   */
  waitForWorker?: boolean;
}

/** What the worker thread is given (all of it plain data: the rules are imported there, not sent). */
export interface RulesWorkerData {
  file: string;
  jobs: readonly RuleJob[];
  settings: Record<string, RuleSetting>;
  referenceLists: readonly ReferenceListConfig[];
  /** Int32Array over a SharedArrayBuffer: [0] is the next job to take. */
  next: Int32Array;
}

export type RulesWorkerMessage = { type: 'ready' } | { type: 'opened' } | { type: 'result'; index: number; result: EngineResult };

/**
 * The compiled build starts the compiled worker; from source (tsx, vitest) worker threads do not inherit the
 * TypeScript loader, so the .mjs entry registers tsx first (as ingest's workers do).
 */
const WORKER_URL = import.meta.url.endsWith('.js') ? new URL('./rules-worker.js', import.meta.url) : new URL('./rules-worker-entry.mjs', import.meta.url);

/** The engine's result, and how many of the rules ran on the second thread (connection). */
export type RuleJobsResult = EngineResult & { onSecond: number };

/**
 * The worker thread of a check's rules on SQLite, started before the rules may run: it loads while the check still
 * reconciles (~0.5 s at 1M rows that the main thread used to spend on rules alone), then waits to be told to go, and
 * only then opens the file, so that its planner reads the statistics the reconciliation took. Given to runRuleJobs
 * with the same jobs; stop() when it is not used.
 */
export class RuleThread {
  readonly next = new Int32Array(new SharedArrayBuffer(4));
  readonly results = new Map<number, EngineResult>();
  onSecond = 0;
  /** Resolves once the worker has loaded and waits to go, or ended (then its rules run on the main thread). */
  readonly started: Promise<void>;
  /** Resolves once the worker, told to go, has opened the database, or ended. */
  readonly opened: Promise<void>;
  /** Resolves once the worker has ended, however. */
  readonly done: Promise<void>;
  private readonly worker: Worker;
  private going = false;

  constructor(file: string, readonly jobs: readonly RuleJob[], opts: Pick<RuleJobsOptions, 'settings' | 'referenceLists'>) {
    const data: RulesWorkerData = { file, jobs, settings: opts.settings, referenceLists: opts.referenceLists, next: this.next };
    this.worker = new Worker(WORKER_URL, { workerData: data });
    let ready: () => void = () => {};
    let open: () => void = () => {};
    const started = new Promise<void>((resolve) => (ready = resolve));
    const opened = new Promise<void>((resolve) => (open = resolve));
    this.done = new Promise<void>((resolve) => {
      this.worker.on('message', (m: RulesWorkerMessage) => {
        if (m.type === 'ready') ready();
        if (m.type === 'opened') open();
        if (m.type === 'result') {
          this.results.set(m.index, m.result);
          this.onSecond++;
        }
      });
      // A worker that fails is not an error of the check: its rules run on the main thread.
      this.worker.on('error', () => resolve());
      this.worker.on('exit', () => resolve());
    });
    this.started = Promise.race([started, this.done]);
    this.opened = Promise.race([opened, this.done]);
  }

  /** Lets the worker take rules: the data they read is in place. */
  go(): void {
    if (this.going) return;
    this.going = true;
    this.worker.postMessage('go');
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

/** Whether these jobs could have a thread of their own: on a SQLite file, and more than one. */
export function ruleThreadPossible(db: Db, jobs: readonly RuleJob[]): boolean {
  return db.dialect === 'sqlite' && db.file !== undefined && db.file !== ':memory:' && jobs.length > 1;
}

/** A second thread for these jobs on a SQLite file (null on PostgreSQL, in memory, or for a single job). */
export function startRuleThread(db: Db, jobs: readonly RuleJob[], opts: Pick<RuleJobsOptions, 'settings' | 'referenceLists'>): RuleThread | null {
  return ruleThreadPossible(db, jobs) ? new RuleThread(db.file!, jobs, opts) : null;
}

export async function runRuleJobs(db: Db, jobs: readonly RuleJob[], opts: RuleJobsOptions & { thread?: RuleThread | null }): Promise<RuleJobsResult> {
  const declared = listRules(opts.referenceLists);
  const results = new Map<number, EngineResult>();
  let onSecond = 0;
  // One memo per thread (connection): the rules it runs share what one of them has worked out (RuleContext.memo).
  const memos = [new Map<string, unknown>(), new Map<string, unknown>()];
  const run = async (kysely: Kysely<Database>, i: number, memo = memos[0]) => {
    results.set(i, await runRules(kysely, jobs[i]!.periods, opts.settings, [jobs[i]!.rule], opts.signal, declared, memo));
  };
  if (opts.thread && (!opts.parallel || opts.thread.jobs !== jobs)) throw new Error('runRuleJobs: a rule thread is given for these jobs, in parallel, or not at all');
  if (opts.parallel && jobs.length > 1 && db.dialect === 'postgres') {
    let next = 0;
    const take = async (second: boolean) => {
      for (let i = next++; i < jobs.length; i = next++) {
        await run(db.kysely, i, memos[second ? 1 : 0]);
        if (second) onSecond++;
      }
    };
    await Promise.all([take(false), take(true)]);
  } else if (opts.parallel && jobs.length > 1) {
    const thread = opts.thread ?? startRuleThread(db, jobs, opts);
    if (thread) {
      try {
        thread.go();
        if (opts.waitForWorker) await thread.opened;
        for (let i = Atomics.add(thread.next, 0, 1); i < jobs.length; i = Atomics.add(thread.next, 0, 1)) await run(db.kysely, i);
        await thread.done;
      } finally {
        await thread.stop();
      }
      for (const [i, r] of thread.results) results.set(i, r);
      onSecond = thread.onSecond;
    }
  }
  for (let i = 0; i < jobs.length; i++) if (!results.has(i)) await run(db.kysely, i);
  const all = jobs.map((_, i) => results.get(i)!);
  return { findings: all.flatMap((r) => r.findings), outcomes: all.flatMap((r) => r.outcomes), onSecond };
}
