/**
 * A run's statistics: the one type every writer and reader of a run's record uses (the check, the pipeline,
 * the report, the portal, the evidence package). It lives here, in the lowest layer, because every one of
 * them stands above the database; the upper layers' own types (the rules' RuleOutcome, the findings'
 * LifecycleCounts, the pipeline's file entries) are assignable to its parts.
 *
 * The whole record is kept as the run's statsJson (the pipeline resumes from it). What a query needs is
 * also stored apart, in the same statement (migration 0011-run-stats): the summary counts in columns of
 * `runs`, each rule's outcome in `run_rules`, each stage's time in `run_stages` (open: any stage name).
 * Records written before that migration are read by the same `readRunStats`, and the migration filled
 * the columns and tables from them.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, RunTable } from './schema.ts';

export type RunSeverity = 'high' | 'medium' | 'low';

/** What a rule did in a run (the rules' RuleOutcome is one); `meta` for a rule no registry holds (a declared list). */
export type RunRuleOutcome = (
  | { rule: string; state: 'ran'; findings: number; ms: number }
  | { rule: string; state: 'off' }
  | { rule: string; state: 'cannot-run'; zh: string; en: string }
  | { rule: string; state: 'failed'; error: string }
) & { meta?: { title: string; titleEn: string; clause: string; severity: RunSeverity } };

export interface RunLifecycle {
  new: number;
  persisting: number;
  resolved: number;
  /** Absent in records written before it was kept. */
  carried?: number;
}

/** One inbox file as the run's stats (and the report's intake sheet) show it. */
export interface RunFileEntry {
  fileName: string;
  status: 'ingested' | 'duplicate' | 'refused';
  kind: string | null;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  totalFen: number;
  refusal: { code: string; zh: string; en: string } | null;
  fileId: number | null;
  sha256: string;
  /** Where the file was moved: the archive, or the inbox's rejected/ folder. */
  movedTo: string | null;
  /** Earlier files (ids) this one superseded. */
  supersedes: number[];
  /** Milliseconds spent reading and storing it (absent in records written before this was kept). */
  ms?: number;
  /**
   * A file whose parse was started ahead of its turn, beside the file before it (the inbox does so for large files):
   * how long it had been parsing by then. `ms` counts from its turn.
   */
  aheadMs?: number;
}

/** A file that could not be handled for a reason other than its content (it stays in the inbox). */
export interface RunFileError {
  fileName: string;
  code: string;
  message: string;
}

export type RunPhase = 'ingest' | 'check' | 'report' | 'done';

/** The pipeline's own bookkeeping, so a killed run can be resumed. */
export interface RunPipelineMeta {
  pid: number;
  host: string;
  /** Newest source file id when the run began: files above it were taken in by this run. */
  startFileId: number;
  /** Newest source file id the run's checks covered (set once the checks ran). */
  coveredFileId: number | null;
  phase: RunPhase;
  /** 1, plus one per resumption after an interruption. */
  attempts: number;
}

/**
 * Milliseconds per stage, open to new stage names: the check's stages by name (any other numeric entry is a
 * stage too), and `reconcileStages` holding reconciliation's own stages by name, whatever stages it has.
 * Every one of them reaches `run_stages` without a change here.
 */
export interface RunStageMs {
  reconcile?: number;
  rules?: number;
  record?: number;
  reconcileStages?: Record<string, number>;
  /** CPU milliseconds (user + system) of reconciliation's stages and of the rules (the benchmark's figures). */
  reconcileStagesCpu?: Record<string, number>;
  rulesCpu?: number;
  [stage: string]: number | Record<string, number> | undefined;
}

/** Everything a run may record; every part is optional (a failed run has only `error`). */
export interface RunStats {
  // The checks (check.ts).
  periods?: string[];
  allPeriods?: boolean;
  /** The periods reconciled by this run (fewer than `periods` when only a reference list is new for the rest). */
  reconciled?: string[];
  /** Rules that judged only the reconciled periods (they read none of the new reference lists). */
  narrowRules?: string[];
  payments?: number;
  rules?: RunRuleOutcome[];
  /** Why the rules were not run at all (`no-new-data`: nothing new since the last run). */
  rulesSkipped?: string;
  bySeverity?: Record<RunSeverity, number>;
  lifecycle?: RunLifecycle;
  ms?: RunStageMs;
  // The nightly pipeline.
  pipeline?: RunPipelineMeta;
  files?: RunFileEntry[];
  fileErrors?: RunFileError[];
  rows?: { read: number; accepted: number; rejected: number };
  reports?: { dir: string; files: string[] };
  reportsMs?: number;
  durationMs?: number;
  reportError?: string;
  // How it ended, when not done.
  error?: string;
  stoppedAt?: string;
}

/** A run's statsJson as RunStats: any record ever written (and `{}` for one that cannot be read). */
export function readRunStats(json: string | null | undefined): RunStats {
  if (!json) return {};
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as RunStats) : {};
  } catch {
    return {};
  }
}

/** The columns of `runs` that hold the queryable summary (null where the record does not say). */
export type RunSummaryColumns = Record<
  'payments' | 'findingsHigh' | 'findingsMedium' | 'findingsLow' | 'findingsNew' | 'findingsPersisting' | 'findingsResolved' | 'durationMs',
  number | null
>;

export function summaryColumns(s: RunStats): RunSummaryColumns {
  return {
    payments: s.payments ?? null,
    findingsHigh: s.bySeverity?.high ?? null,
    findingsMedium: s.bySeverity?.medium ?? null,
    findingsLow: s.bySeverity?.low ?? null,
    findingsNew: s.lifecycle?.new ?? null,
    findingsPersisting: s.lifecycle?.persisting ?? null,
    findingsResolved: s.lifecycle?.resolved ?? null,
    durationMs: s.durationMs ?? null,
  };
}

/** Each stage's time by name: the check's stages, and reconciliation's as `reconcile:<stage>`. */
export function stageRows(s: RunStats): { stage: string; ms: number }[] {
  const out: { stage: string; ms: number }[] = [];
  const { reconcileStages, reconcileStagesCpu: _cpu, rulesCpu: _rulesCpu, ...stages } = s.ms ?? {};
  for (const [stage, ms] of Object.entries(stages)) if (typeof ms === 'number') out.push({ stage, ms: Math.round(ms) });
  for (const [stage, ms] of Object.entries(reconcileStages ?? {})) if (typeof ms === 'number') out.push({ stage: `reconcile:${stage}`, ms: Math.round(ms) });
  if (typeof s.reportsMs === 'number') out.push({ stage: 'reports', ms: Math.round(s.reportsMs) });
  return out;
}

type Q = Kysely<Database> | Transaction<Database>;

/**
 * Stores a run's statistics: the whole record as statsJson, and its queryable parts (summary columns,
 * `run_rules`, `run_stages`) replaced to match. The one way a run's statistics are written.
 */
export async function saveRunStats(db: Q, runId: number, stats: RunStats, set: Partial<Pick<RunTable, 'outcome' | 'finishedAt'>> = {}): Promise<void> {
  const write = async (q: Q): Promise<void> => {
    await q
      .updateTable('runs')
      .set({ ...set, statsJson: JSON.stringify(stats), ...summaryColumns(stats) })
      .where('id', '=', runId)
      .execute();
    await q.deleteFrom('runRules').where('runId', '=', runId).execute();
    await q.deleteFrom('runStages').where('runId', '=', runId).execute();
    const rules = ruleRows(stats).map((r) => ({ runId, ...r }));
    if (rules.length) await q.insertInto('runRules').values(rules).execute();
    const stages = stageRows(stats).map((r) => ({ runId, ...r }));
    if (stages.length) await q.insertInto('runStages').values(stages).execute();
  };
  if (db.isTransaction) await write(db);
  else await db.transaction().execute(write);
}

/** Each rule's outcome, one row per rule. */
export function ruleRows(s: RunStats): { rule: string; state: string; findings: number | null; ms: number | null }[] {
  return (s.rules ?? []).map((o) => ({
    rule: o.rule,
    state: o.state,
    findings: o.state === 'ran' && typeof o.findings === 'number' ? o.findings : null,
    ms: o.state === 'ran' && typeof o.ms === 'number' ? Math.round(o.ms) : null,
  }));
}
