import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../db/index.ts';
import type { MessageValue } from '../messages/index.ts';

export type Severity = 'high' | 'medium' | 'low';
export const SEVERITY_ZH: Record<Severity, string> = { high: '高', medium: '中', low: '低' };
export const SEVERITY_RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

/** A source row behind a finding: the file it came from and its 1-based row (null: the whole file). */
export interface EvidenceRef {
  fileId: number;
  rowNo: number | null;
}

/** What a rule reports; the engine adds title, message text, fingerprint and lifecycle. */
export interface RuleHit {
  /** Exactly the subject-key fields of rules.md for this rule; the fingerprint is made from them. */
  subject: Record<string, string>;
  /** Which of the rule's messages to use (default: 'default'). */
  messageId?: string;
  /** Values for the message's {placeholders}; numbers ending in Fen are shown as yuan, a {zh, en} value per language. */
  values?: Record<string, MessageValue>;
  /**
   * The values whose English text differs (a program's name, a status word), over `values` for the English
   * message; `values` itself stays as the Chinese message (and the rule tests) read it.
   */
  valuesEn?: Record<string, MessageValue>;
  /** Overrides the rule's severity for this hit (e.g. a forbidden label word raises it). */
  severity?: Severity;
  period?: string | null;
  district?: string | null;
  districtCode?: string | null;
  program?: string | null;
  idNumber?: string | null;
  name?: string | null;
  accountNo?: string | null;
  expectedFen?: number | null;
  actualFen?: number | null;
  evidence: EvidenceRef[];
  data?: Record<string, unknown>;
}

export interface RuleContext<O> {
  db: Kysely<Database>;
  periods: readonly string[];
  options: O;
  /**
   * Facts the rules of one thread of a check share (the id range of a period's rows: periodRows): computed by
   * the first rule that asks, read by the others. Absent when a rule runs alone.
   * Only what the check's rules cannot change belongs here (rules only read).
   */
  memo?: Map<string, unknown>;
}

/** A rule that could not run says why (in both languages); it never pretends all is clean. */
export interface CannotRun {
  cannotRun: { zh: string; en: string };
}

/** The reference kinds of source files (the pipeline's REFERENCE_KINDS): a new one bears on every period. */
export type ReferenceKind = 'staff' | 'proxy' | 'deaths' | 'standards' | 'allocation' | 'petty-cash';

export interface RuleDefinition<O extends Record<string, unknown> = Record<string, unknown>, M extends string = string> {
  id: string;
  title: string;
  titleEn: string;
  severity: Severity;
  clause: string;
  /**
   * The reference lists the rule reads (staff, proxy agreements, deaths, standards, allocations, petty cash):
   * a night bringing a new one re-checks old periods with this rule; `any` for a rule that cannot say.
   */
  reads: readonly ReferenceKind[] | 'any';
  /** The rule's messages by id, in Chinese, with {placeholders}; `default` is required. */
  messages: Record<M, string>;
  /** The same messages in English: the same ids and the same placeholders (the type and the meta-test check both). */
  messagesEn: Record<M, string>;
  /** The options' schema (zod): types, bounds, a default and a Chinese description for each; unknown options are refused. */
  options: z.ZodType<O>;
  /** Every option at its default (read off `options`). */
  defaultOptions: O;
  run(ctx: RuleContext<O>): Promise<RuleHit[] | CannotRun>;
}
