/**
 * Worker-thread side of runRuleJobs (two-threads.ts): its own connection to the database file, rules taken
 * from the shared queue one at a time, each rule's result posted as soon as it is known.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/index.ts';
import { listRules } from './list-rules.ts';
import { runRules } from './run-rules.ts';
import type { RulesWorkerData, RulesWorkerMessage } from './two-threads.ts';

const { file, jobs, settings, referenceLists, next } = workerData as RulesWorkerData;
// Told to go once the data the rules read is in place (a check starts this thread before it reconciles).
const go = new Promise<void>((resolve) => parentPort!.once('message', () => resolve()));
parentPort!.postMessage({ type: 'ready' } satisfies RulesWorkerMessage);
await go;
// Opened only now: a connection reads the planner's statistics when it opens, and again only when the schema
// changes, and the reconciliation takes them anew (ANALYZE) after this thread has started. Opened before, on a
// night whose reconciliation changed no index (the second month on), its plans were made with the figures of the
// month before: duplicate-payment took 5.6-6.4 s instead of 0.5 s when it fell to this thread.
// A smaller page cache than the main connection's: the two caches together stay within the run's memory bound.
const db = await openDatabase(file, { cacheMiB: 64 });
parentPort!.postMessage({ type: 'opened' } satisfies RulesWorkerMessage);
try {
  const declared = listRules(referenceLists);
  // The worker's rules share one memo (RuleContext.memo), as the main thread's do.
  const memo = new Map<string, unknown>();
  for (let i = Atomics.add(next, 0, 1); i < jobs.length; i = Atomics.add(next, 0, 1)) {
    const result = await runRules(db.kysely, jobs[i]!.periods, settings, [jobs[i]!.rule], undefined, declared, memo);
    parentPort!.postMessage({ type: 'result', index: i, result } satisfies RulesWorkerMessage);
  }
} finally {
  await db.close();
}
