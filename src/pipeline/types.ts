/** The pipeline's options, hooks and result, and what every stage is handed. */
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { UserError } from '../errors.ts';
import type { LifecycleCounts } from '../findings/index.ts';
import type { Receipt } from '../ingest/index.ts';
import type { RuleOutcome, Severity } from '../rules/index.ts';
import type { InboxFile } from './inbox.ts';
import type { RunLog } from './log.ts';
import type { Progress } from './progress.ts';
import type { ReportFiles, ReportWriter } from './report-step.ts';
import type { FileEntry, FileError, RunState, Scope } from './runs.ts';

export interface PipelineHooks {
  /** After each stored batch of rows of a file (inside its transaction). */
  afterBatch?(file: InboxFile, rowsStored: number): void;
  /** A file's transaction has committed; it is not yet listed in the run nor moved. */
  afterIngest?(file: InboxFile, receipt: Receipt): Promise<void> | void;
  beforeCheck?(): Promise<void> | void;
  beforeReports?(): Promise<void> | void;
}

export interface Notice {
  zh: string;
  en: string;
}

export interface PipelineOptions {
  trigger: 'manual' | 'schedule';
  /** Re-check every period, not only those the new files touch. */
  all?: boolean;
  /** Wait for a run in progress instead of failing. */
  wait?: boolean;
  /** Abort: stop at the next safe point (between files, between stages) and record the run interrupted. */
  signal?: AbortSignal;
  progress?: Progress;
  log?: RunLog;
  /** Each file once handled (a line for the terminal). */
  onFile?(entry: FileEntry): void;
  /** Things the operator should hear about: waiting for the lock, a stale lock, a resumed run. */
  onNotice?(notice: Notice): void;
  writeReports?: ReportWriter;
  /** Tests: wrap the database. */
  openDb?: (url: string) => Promise<Db>;
  /** Tests: smaller batches. */
  batchSize?: number;
  worker?: boolean | 'auto';
  hooks?: PipelineHooks;
}

export type Outcome = 'done' | 'interrupted' | 'failed';

export interface PipelineResult {
  runId: number;
  outcome: Outcome;
  /** This start continued an interrupted run (same id). */
  resumed: boolean;
  files: FileEntry[];
  fileErrors: FileError[];
  scope: Scope | null;
  rules: RuleOutcome[];
  lifecycle: LifecycleCounts | null;
  /** Open findings of the run (not resolved, not marked false-positive), by severity. */
  open: Record<Severity, number>;
  reports: ReportFiles | null;
  error: Notice | null;
  ms: number;
}

/** What each stage works with. */
export interface StageContext {
  db: Db;
  config: Config;
  opts: PipelineOptions;
  log: RunLog;
  progress: Progress;
  state: RunState;
}

export function errorCode(e: unknown): string {
  return e instanceof UserError ? e.code : e instanceof Error ? e.name : 'Error';
}

export function message(e: unknown): string {
  return e instanceof UserError ? e.messageZh : e instanceof Error ? e.message : String(e);
}

