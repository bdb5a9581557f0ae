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
// A smaller page cache than the main connection's: the two caches together stay within the run's memory bound.
const db = await openDatabase(file, { cacheMiB: 64 });
parentPort!.postMessage({ type: 'ready' } satisfies RulesWorkerMessage);
await go;
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
