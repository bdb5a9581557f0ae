/**
 * The operations log: one JSON object per line in `<data>/logs/relief-recon.log`, appended
 * synchronously so a killed run still leaves every line it wrote. It carries only numbers and fixed
 * words — run id, stage, event, counts, milliseconds and a machine code — so it can never hold an ID
 * number, an account or a person's name, and can be shipped to any log system.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config.ts';
import { nowInShanghai } from '../domain/index.ts';
import { isPostgresUrl } from '../db/index.ts';

export type Stage = 'lock' | 'run' | 'ingest' | 'check' | 'report' | 'schedule';

export interface LogEntry {
  runId: number | null;
  stage: Stage;
  /** A fixed word such as `start`, `file-ingested`, `done`. */
  event: string;
  counts?: Record<string, number>;
  ms?: number;
  /** A machine code (refusal code, error class); never free text. */
  code?: string;
}

export interface RunLog {
  readonly path: string | null;
  write(entry: LogEntry): void;
}

const WORD = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

export function logPathFor(config: Pick<Config, 'database' | 'inbox'>): string {
  // No database file to sit beside (in memory, or a server database): beside the inbox folder instead.
  const base = config.database === ':memory:' || isPostgresUrl(config.database) ? dirname(resolve(config.inbox)) : dirname(resolve(config.database));
  return join(base, 'logs', 'relief-recon.log');
}

/** Keeps only what the schema allows: a stray string can never smuggle personal data into the log. */
export function logLine(entry: LogEntry, time = nowInShanghai()): string {
  const out: Record<string, unknown> = { time, runId: entry.runId, stage: entry.stage, event: WORD.test(entry.event) ? entry.event : 'invalid-event' };
  if (entry.counts) {
    const counts: Record<string, number> = {};
    for (const [k, v] of Object.entries(entry.counts)) if (WORD.test(k) && Number.isFinite(v)) counts[k] = v;
    out.counts = counts;
  }
  if (entry.ms !== undefined && Number.isFinite(entry.ms)) out.ms = Math.round(entry.ms);
  if (entry.code !== undefined && WORD.test(entry.code)) out.code = entry.code;
  return JSON.stringify(out);
}

export function openRunLog(path: string | null): RunLog {
  if (path === null) return { path: null, write() {} };
  mkdirSync(dirname(path), { recursive: true });
  return {
    path,
    write(entry) {
      try {
        appendFileSync(path, `${logLine(entry)}\n`, { mode: 0o600 });
      } catch {
        // A full disk must not turn a good run into a failed one; the run record in the database remains.
      }
    },
  };
}

/** A log that keeps lines in memory (tests) and optionally forwards them. */
export function memoryLog(): RunLog & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return { path: null, entries, write: (e) => void entries.push(e) };
}
