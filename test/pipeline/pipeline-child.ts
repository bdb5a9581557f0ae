/**
 * Child process for the lock and crash tests: runs the pipeline once over a config, and at a chosen
 * point either stops on a marker (so the parent can kill it mid-step) or waits at a gate file.
 *   pipeline-child.ts CONFIG MODE [ARG]
 * MODE: plain | gate GATEFILE | mid-ingest | after-commit | mid-rules | after-findings | before-reports | after-reports
 *     | sequence GATEDIR — freezes at every one of those kill points in the order a run reaches them, and
 *       goes on past point X only once the file GATEDIR/X exists (the parent copies the data folder first).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, type Db, type Writer } from '../../src/db/index.ts';
import { UserError } from '../../src/errors.ts';
import { runPipeline, type PipelineHooks, type ReportWriter } from '../../src/pipeline/index.ts';
import { writeReports } from '../../src/report/index.ts';

const [configPath, mode, arg] = process.argv.slice(2);
const config = loadConfig(configPath!);
const BATCH = 20;

/** Blocks the whole thread (no timer, no I/O, no CPU) for `ms`. */
const freeze = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const sequence = mode === 'sequence';
const passed = new Set<string>();

/**
 * Says where it is, then blocks the whole process (timers and I/O included): until it is killed, or in
 * `sequence` mode until the parent opens the gate of this point (each point is stopped at once).
 */
function stopHere(label: string): void {
  if (sequence) {
    if (passed.has(label)) return;
    passed.add(label);
  }
  process.stdout.write(`KILLPOINT ${label}\n`);
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    if (sequence && existsSync(join(arg!, label))) return;
    freeze(10);
  }
  process.stdout.write('killpoint-timeout\n');
  process.exit(99);
}

const at = (point: string) => sequence || mode === point;

const hooks: PipelineHooks = {};
let files = 0;
let openDb: ((url: string) => Promise<Db>) | undefined;
let writer: ReportWriter = writeReports;

switch (sequence ? 'kill-points' : mode) {
  case 'gate':
    hooks.beforeCheck = async () => {
      process.stdout.write(`AT-GATE ${process.pid}\n`);
      while (!existsSync(arg!)) await sleep(20);
    };
    break;
  case 'kill-points':
  case 'mid-ingest':
  case 'after-commit':
  case 'mid-rules':
  case 'after-findings':
  case 'before-reports':
  case 'after-reports':
    // mid-ingest: inside the transaction of the second file, after two batches of its rows were stored.
    hooks.afterBatch = (_f, n) => {
      if (at('mid-ingest') && files === 1 && n >= 2 * BATCH) stopHere('mid-ingest');
    };
    // after-commit: the fourth file is committed but neither listed in the run nor moved out of the inbox.
    hooks.afterIngest = () => {
      if (++files === 4 && at('after-commit')) stopHere('after-commit');
    };
    // mid-rules / after-findings: inside (or just after) the transaction that stores the run's findings,
    // before the run is marked done.
    if (at('mid-rules') || at('after-findings')) {
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
                    if (at('mid-rules')) stopHere('mid-rules');
                  }
                },
              }),
            );
            if (findings && at('after-findings')) stopHere('after-findings');
            return result;
          },
        };
      };
    }
    if (at('before-reports')) hooks.beforeReports = () => stopHere('before-reports');
    // after-reports: the report files are written but the run does not yet record them.
    if (at('after-reports')) {
      writer = async (db, runId, opts) => {
        const written = await writeReports(db, runId, opts);
        stopHere('after-reports');
        if (!sequence) throw new Error('unreachable');
        return written;
      };
    }
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
