/**
 * Child process for the lock and crash tests: runs the pipeline once over a config, and at a chosen
 * point either stops on a marker (so the parent can kill it mid-step) or waits at a gate file.
 *   pipeline-child.ts CONFIG MODE [ARG]
 * MODE: plain | gate GATEFILE | mid-ingest | after-commit | mid-rules | after-findings | before-reports | after-reports
 */
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, type Db, type Writer } from '../../src/db/index.ts';
import { UserError } from '../../src/errors.ts';
import { runPipeline, type PipelineHooks, type ReportWriter } from '../../src/pipeline/index.ts';
import { writeReports } from '../../src/report/index.ts';

const [configPath, mode, arg] = process.argv.slice(2);
const config = loadConfig(configPath!);
const BATCH = 20;

/** Says where it is, then blocks the whole process (timers and I/O included) until it is killed. */
function stopHere(label: string): void {
  process.stdout.write(`KILLPOINT ${label}\n`);
  const until = Date.now() + 60_000;
  while (Date.now() < until);
  process.stdout.write('killpoint-timeout\n');
  process.exit(99);
}

const hooks: PipelineHooks = {};
let files = 0;
let openDb: ((url: string) => Promise<Db>) | undefined;
let writer: ReportWriter = writeReports;

switch (mode) {
  case 'gate':
    hooks.beforeCheck = async () => {
      process.stdout.write(`AT-GATE ${process.pid}\n`);
      while (!existsSync(arg!)) await sleep(20);
    };
    break;
  case 'mid-ingest':
    // Inside the transaction of the second file, after two batches of its rows were stored.
    hooks.afterBatch = (_f, n) => {
      if (files === 1 && n >= 2 * BATCH) stopHere(mode);
    };
    hooks.afterIngest = () => void files++;
    break;
  case 'after-commit':
    // The fourth file is committed but neither listed in the run nor moved out of the inbox.
    hooks.afterIngest = () => {
      if (++files === 4) stopHere(mode);
    };
    break;
  case 'mid-rules':
  case 'after-findings':
    // Inside (or just after) the transaction that stores the run's findings, before the run is marked done.
    openDb = async (url) => {
      const db = await openDatabase(url);
      return {
        ...db,
        async write<T>(fn: (w: Writer) => Promise<T>): Promise<T> {
          let findings = false;
          const result = await db.write((w) =>
            fn({
              ...w,
              async insertMany(table, columns, rows) {
                await w.insertMany(table, columns, rows);
                if (table === 'findings') {
                  findings = true;
                  if (mode === 'mid-rules') stopHere(mode);
                }
              },
            }),
          );
          if (findings) stopHere(mode);
          return result;
        },
      };
    };
    break;
  case 'before-reports':
    hooks.beforeReports = () => stopHere(mode);
    break;
  case 'after-reports':
    // The report files are written but the run does not yet record them.
    writer = async (db, runId, opts) => {
      await writeReports(db, runId, opts);
      stopHere(mode);
      throw new Error('unreachable');
    };
    break;
  case 'plain':
    break;
  default:
    throw new Error(`unknown mode ${mode}`);
}

try {
  const r = await runPipeline(config, { trigger: 'manual', hooks, openDb, writeReports: writer, batchSize: BATCH, worker: false });
  process.stdout.write(`RESULT ${JSON.stringify({ runId: r.runId, outcome: r.outcome, resumed: r.resumed })}\n`);
} catch (e) {
  if (!(e instanceof UserError)) throw e;
  process.stderr.write(`错误：${e.messageZh}\n`);
  process.exitCode = e.exitCode;
}
