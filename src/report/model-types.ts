/** The report model: everything a writer may show, built once from a run. Writers read nothing else. */
import type { MoneyAtStake } from '../findings/index.ts';
import type { Lang } from '../lang.ts';
import type { Severity } from '../rules/index.ts';
import type { Status } from './labels.ts';

export interface RunFacts {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  trigger: string;
  outcome: string;
  /** The run's start date in Asia/Shanghai, `YYYY-MM-DD`: the report folder's name. */
  date: string;
  periods: string[];
  allPeriods: boolean;
  payments: number | null;
  previousRunId: number | null;
  error: string | null;
}

export interface RuleRunView {
  rule: string;
  title: string;
  titleEn: string;
  clause: string;
  severity: Severity | null;
  state: 'ran' | 'off' | 'cannot-run' | 'failed' | 'unknown';
  findings: number | null;
  /** Why it did not run (cannot-run) or what went wrong (failed). */
  reason: { zh: string; en: string } | null;
}

export interface FileIntake {
  fileName: string;
  /** `superseded`: a file of an earlier run that a file of this run replaced (listed so the report says so). */
  status: 'ingested' | 'duplicate' | 'refused' | 'superseded';
  kind: string | null;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  totalFen: number;
  refusal: { zh: string; en: string } | null;
  fileId: number | null;
  /** The newer file for the same batch that replaced this one (its rows no longer count), if any. */
  supersededBy?: string | null;
  /** Older files for the same batch this one replaced. */
  supersedes?: string[];
}

export interface RejectedRowView {
  fileId: number;
  fileName: string;
  rowNo: number;
  reasons: { field: string; code: string; zh: string; en: string }[];
  /** Cells as read, as text; masked unless the operator asked for whole numbers. */
  cells: string[];
}

export interface BatchView {
  period: string;
  district: string;
  program: string;
  approvedCount: number;
  approvedFen: number;
  paidCount: number;
  paidFen: number;
  countDiff: number;
  fenDiff: number;
  agrees: boolean;
}

export interface ReportFinding {
  fingerprint: string;
  rule: string;
  /** The rule's title in the report's language (the stored title when the rule is not registered). */
  ruleTitle: string;
  severity: Severity;
  /** `new` only when first seen in this run: a finding carried over from an unchecked period is not news. */
  status: Status;
  period: string | null;
  district: string | null;
  districtCode: string | null;
  program: string | null;
  name: string | null;
  idNumber: string | null;
  accountNo: string | null;
  /** The payment label the finding is about, when it is about one. */
  label: string | null;
  expectedFen: number | null;
  actualFen: number | null;
  title: string;
  message: string;
  firstSeen: string;
  evidence: { file: string; sha256: string; rowNo: number | null }[];
  subject: Record<string, string>;
  data: Record<string, unknown>;
  review: { mark: string; note: string | null; reviewer: string; markedAt: string } | null;
}

export interface RuleCount {
  rule: string;
  title: string;
  clause: string;
  total: number;
  open: number;
  byStatus: Record<Status, number>;
  bySeverity: Record<Severity, number>;
}

export interface DistrictCount {
  district: string;
  open: number;
  new: number;
  bySeverity: Record<Severity, number>;
}

export interface FindingCounts {
  /** Every finding row of the run, resolved ones included. */
  total: number;
  /** Not resolved and not marked false-positive. */
  open: number;
  byStatus: Record<Status, number>;
  falsePositive: number;
  reviewed: number;
  /** Open findings by severity. */
  bySeverity: Record<Severity, number>;
  byRule: RuleCount[];
  byDistrict: DistrictCount[];
}

export interface TrendPoint {
  runId: number;
  startedAt: string;
  open: number;
  new: number;
  resolved: number;
  bySeverity: Record<Severity, number>;
}

export interface FindingSource {
  /** Every finding of the run (resolved ones included). */
  total: number;
  /** For the HTML page: per rule, at most `capPerRule` findings in report order (new first). */
  sample: ReportFinding[];
  capPerRule: number;
  /** Rules with at least one finding in this run, in report order. */
  rules: string[];
  /** Every finding (of one rule, when given), in report order, masked as the report asks. */
  stream(opts?: { rule?: string }): AsyncIterable<ReportFinding>;
  /** Every finding with whole ID and account numbers: for the machine export only. */
  exportAll(): AsyncIterable<ReportFinding>;
}

export interface RejectedSource {
  total: number;
  /** The first rows, for the HTML page. */
  sample: RejectedRowView[];
  stream(): AsyncIterable<RejectedRowView>;
}

/** The money trail (issue 15): allocated against disbursed, per district × fund. */
export interface FundsLineView {
  district: string;
  fund: string;
  /** The ledger's first month (that of the first allocation). */
  start: string;
  allocatedFen: number;
  bankFen: number;
  pettyCashFen: number;
  disbursedFen: number;
  /** Balance carried at the ledger's last month (negative: overdrawn). */
  balanceFen: number;
  /** Paid before the ledger starts, not counted. */
  beforeFen: number;
}

export interface FundsView {
  asOf: string | null;
  /** Paid bank rows whose district could not be told: in no district's ledger. */
  unattributedFen: number;
  lines: FundsLineView[];
  byDistrict: { district: string; allocatedFen: number; disbursedFen: number; balanceFen: number }[];
  months: { district: string; fund: string; month: string; allocatedFen: number; bankFen: number; pettyCashFen: number; disbursedFen: number; balanceFen: number }[];
  /** Open findings of the money-trail rules. */
  leads: { rule: string; title: string; open: number }[];
}

export interface ReportModel {
  lang: Lang;
  unmask: boolean;
  generatedAt: string;
  run: RunFacts;
  rules: RuleRunView[];
  files: FileIntake[];
  rejected: RejectedSource;
  batches: BatchView[];
  counts: FindingCounts;
  trend: TrendPoint[];
  findings: FindingSource;
  /** Money the open findings are about (differences, unapproved payments, fees, paid to the deceased). */
  money: MoneyAtStake;
  /** New high-severity findings about the most money, largest first (at most PAGE_CAPS.topNew). */
  topNew: ReportFinding[];
  /** Null when no allocation file was ever ingested. */
  funds: FundsView | null;
}
