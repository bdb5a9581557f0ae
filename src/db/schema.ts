/**
 * The database's shape as kysely sees it. Money columns are integer fen; dates are ISO text
 * (`YYYY-MM-DD`, `YYYY-MM`, timestamps as ISO-8601 with offset) so the same schema works on SQLite and PostgreSQL.
 */
import type { Generated } from 'kysely';

/** `list`: a cross-check list declared in the config by name (`referenceLists`); which one is `SourceFileTable.referenceList`. */
export type InputKind = 'roster' | 'bank' | 'staff' | 'proxy' | 'deaths' | 'standards' | 'allocation' | 'petty-cash' | 'list';

export interface SourceFileTable {
  id: Generated<number>;
  sha256: string;
  kind: InputKind;
  fileName: string;
  archivePath: string | null;
  format: string;
  encoding: string | null;
  delimiter: string | null;
  sheetName: string | null;
  profile: string | null;
  headerRowNo: number | null;
  ingestedAt: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  totalFen: number;
  /** Control figures the file itself states (summary line or 合计 row); null when it states none. */
  controlCount: number | null;
  controlTotalFen: number | null;
  controlRowNo: number | null;
  period: string | null;
  district: string | null;
  program: string | null;
  /** Bank files: the batch this file reports on; a later full file for the same key supersedes this one. */
  batchKey: string | null;
  supersededBy: number | null;
  optionsJson: string;
  /** Kind `list`: the key of the declared list (config `referenceLists`); a newer file of the same list supersedes it. */
  referenceList: Generated<string | null>;
  /** Bank files: the bank that sent it (uploader's bank, --bank, or the profile's bank); null when unknown. */
  bank: Generated<string | null>;
  /** The district and program given at ingest (CLI --district/--program, the upload form), canonical; null when not given. */
  givenDistrict: Generated<string | null>;
  givenProgram: Generated<string | null>;
}

export interface RefusedFileTable {
  id: Generated<number>;
  sha256: string;
  fileName: string;
  refusedAt: string;
  code: string;
  messageZh: string;
  messageEn: string;
}

export interface RosterEntryTable {
  id: Generated<number>;
  fileId: number;
  rowNo: number;
  period: string;
  district: string | null;
  districtCode: string | null;
  township: string | null;
  village: string | null;
  name: string;
  idNumber: string;
  idValid: number;
  program: string;
  householdSize: number | null;
  approvedFen: number;
  bankName: string | null;
  accountNo: string | null;
  accountHolder: string | null;
  proxyName: string | null;
  proxyIdNumber: string | null;
  agreementNo: string | null;
}

/**
 * One line of a bank result file. The rows of all files that report on the same payment (same
 * `paymentKey`) form its status history; the latest file's status wins (reconcile decides).
 */
export interface PaymentTable {
  id: Generated<number>;
  fileId: number;
  rowNo: number;
  paymentKey: string;
  period: string;
  district: string | null;
  program: string | null;
  batchNo: string | null;
  serialNo: string | null;
  idNumber: string | null;
  idValid: number | null;
  accountNo: string | null;
  accountHolder: string | null;
  amountFen: number;
  feeFen: number | null;
  label: string | null;
  paidOn: string | null;
  status: string;
  failReason: string | null;
  bankName: string | null;
}

export interface StaffTable {
  id: Generated<number>;
  fileId: number;
  rowNo: number;
  name: string;
  idNumber: string | null;
  idValid: number | null;
  unit: string | null;
  role: string | null;
}

export interface ProxyAgreementTable {
  id: Generated<number>;
  fileId: number;
  rowNo: number;
  recipientIdNumber: string;
  recipientIdValid: number;
  proxyName: string;
  proxyIdNumber: string | null;
  proxyIdValid: number | null;
  agreementNo: string;
  filedOn: string | null;
  relationship: string | null;
}

export interface DeathTable {
  id: Generated<number>;
  fileId: number;
  rowNo: number;
  idNumber: string;
  idValid: number;
  name: string | null;
  diedOn: string;
}

/** A row of a declared cross-check list: the ID it is matched by, the name, and every cell by header. */
export interface ReferenceRowTable {
  id: Generated<number>;
  fileId: number;
  rowNo: number;
  idNumber: string;
  idValid: number;
  name: string | null;
  /** JSON object: header text → cell text, the row as the file had it. */
  cellsJson: string;
}

export interface StandardTable {
  id: Generated<number>;
  fileId: number;
  rowNo: number;
  effectiveFrom: string;
  program: string;
  district: string | null;
  area: string | null;
  monthlyStandardFen: number;
  maxSupplementFen: number | null;
}

/**
 * 资金下达 / 拨付: one line of an allocation document (文号) handing money down to a district or township.
 * `fund` is the ledger line the money belongs to: a program, or `linshi-reserve` for 临时救助备用金.
 */
export interface AllocationTable {
  id: Generated<number>;
  fileId: number;
  rowNo: number;
  docNo: string;
  allocatedOn: string;
  /** 'central' | 'city' | 'district' (中央 / 市级 / 区县本级); null when the file does not say. */
  source: string | null;
  district: string;
  districtCode: string | null;
  program: string;
  fund: string;
  /** 下达对象 as written (a township name, 区县, …) and its level: 'district' | 'township' | null. */
  recipient: string | null;
  recipientLevel: string | null;
  amountFen: number;
}

/** 临时救助备用金台账: one cash, in-kind or transfer payment out of a township's petty cash. */
export interface PettyCashTable {
  id: Generated<number>;
  fileId: number;
  rowNo: number;
  district: string;
  districtCode: string | null;
  township: string | null;
  spentOn: string;
  name: string;
  idNumber: string | null;
  idValid: number | null;
  /** 'cash' | 'in-kind' | 'transfer' (现金 / 实物 / 转账). */
  method: string;
  amountFen: number;
  item: string | null;
  registrationNo: string | null;
  handler: string | null;
}

export interface RejectedRowTable {
  id: Generated<number>;
  fileId: number;
  rowNo: number;
  /** The raw cells as JSON text, exactly as read. */
  cellsJson: string;
  /** JSON array of { field, code, zh, en }. */
  reasonsJson: string;
}

export interface RunTable {
  id: Generated<number>;
  startedAt: string;
  finishedAt: string | null;
  trigger: string;
  outcome: string;
  /** The whole record (RunStats, run-stats.ts); the columns below and run_rules / run_stages hold its queryable parts. */
  statsJson: string;
  /** Payments reconciled, findings by severity and against the previous run, the run's wall time (null: not recorded). */
  payments: Generated<number | null>;
  findingsHigh: Generated<number | null>;
  findingsMedium: Generated<number | null>;
  findingsLow: Generated<number | null>;
  findingsNew: Generated<number | null>;
  findingsPersisting: Generated<number | null>;
  findingsResolved: Generated<number | null>;
  durationMs: Generated<number | null>;
}

/** What each rule did in a run: `state` ran / off / cannot-run / failed; findings and ms when it ran. */
export interface RunRuleTable {
  id: Generated<number>;
  runId: number;
  rule: string;
  state: string;
  findings: number | null;
  ms: number | null;
}

/** Milliseconds per stage of a run, by stage name (`reconcile`, `rules`, `record`, `reconcile:<stage>`, `reports`, …). */
export interface RunStageTable {
  id: Generated<number>;
  runId: number;
  stage: string;
  ms: number;
}

export interface FindingTable {
  id: Generated<number>;
  runId: number;
  rule: string;
  severity: string;
  fingerprint: string;
  title: string;
  /** The finding's message in Chinese. */
  message: string;
  /** In English (0015-messages); null on findings stored before it. */
  messageEn: Generated<string | null>;
  period: string | null;
  district: string | null;
  districtCode: string | null;
  program: string | null;
  idNumber: string | null;
  name: string | null;
  accountNo: string | null;
  expectedFen: number | null;
  actualFen: number | null;
  evidenceJson: string;
  dataJson: string;
  status: string;
  firstSeen: string;
}

export interface ReviewTable {
  id: Generated<number>;
  fingerprint: string;
  mark: string;
  note: string | null;
  reviewer: string;
  markedAt: string;
}

/** One payment as reconciliation sees it: its latest status, its batch, its roster match. */
export interface ReconPaymentTable {
  id: Generated<number>;
  paymentKey: string;
  paymentId: number;
  fileId: number;
  rowNo: number;
  period: string;
  /** Attributed district / program: the row's own, else the matched roster row's, else 未知. */
  district: string;
  program: string;
  idNumber: string | null;
  accountNo: string | null;
  accountHolder: string | null;
  amountFen: number;
  feeFen: number | null;
  label: string | null;
  paidOn: string | null;
  status: string;
  rosterId: number | null;
  /** The matched roster row's ID number (by ID, or by account when the bank file has no ID). */
  recipientIdNumber: string | null;
  /**
   * The matched roster row's name, approved amount and program, copied when the payment is paired (null when it
   * is not): the rules that compare every payment with its approval (amount, account holder, label) read them
   * here and go to the roster row only for the payments they flag.
   */
  approvedName: string | null;
  approvedFen: number | null;
  approvedProgram: string | null;
  /** The batch the payment was sent in: its number, and its district / program when known (ingest facts, file columns, or the decoded batch number). */
  batchNo: string | null;
  batchDistrict: string | null;
  batchProgram: string | null;
}

/** The batch table of the last reconciliation: approved vs paid per (period, district, program). */
export interface ReconBatchTable {
  period: string;
  district: string;
  program: string;
  approvedCount: number;
  approvedFen: number;
  paidCount: number;
  paidFen: number;
  /** JSON arrays of the file ids behind the figures, for evidence. */
  rosterFileIds: string;
  paymentFileIds: string;
}

/**
 * The paid payments of every reconciled month per (period, district, program, day paid): what the funds ledger
 * spends from allocations, without reading every month's reconciled payments (0024-recon-paid). Written with the
 * batch table for the months a check reconciles.
 */
export interface ReconPaidTable {
  period: string;
  district: string;
  program: string;
  /** The paid date's first ten characters (YYYY-MM-DD), or null when the bank gave none. */
  paidOn: string | null;
  paidCount: number;
  paidFen: number;
}

/**
 * A roster file's rows and approved total per (period, district, program), taken as the file is stored (roster
 * rows never change afterwards, and a superseded file stays superseded), so the batch table adds up a few rows
 * per file instead of reading every approval of the month each night (4.5 s at 1M rows).
 */
export interface RosterTotalTable {
  fileId: number;
  period: string;
  district: string | null;
  program: string;
  approvedCount: number;
  approvedFen: number;
}

/** Portal accounts. A bank account is bound to one bank; a supervisor may be limited to some districts. */
export interface UserTable {
  id: Generated<number>;
  name: string;
  role: string;
  bank: string | null;
  /** JSON array of district names; null = every district. */
  districtsJson: string | null;
  /** `scrypt$N$r$p$salt$hash` (base64). */
  passwordHash: string;
  createdAt: string;
  disabledAt: string | null;
}

/** A signed-in browser: the cookie carries a random token, only its SHA-256 is kept here. */
export interface SessionTable {
  id: Generated<number>;
  tokenHash: string;
  userId: number;
  csrfToken: string;
  createdAt: string;
  /** Epoch milliseconds, so expiry is a plain comparison on every dialect. */
  expiresMs: number;
}

/** A file a bank liaison (or operator) uploaded: staged and validated, then confirmed into the inbox. */
export interface UploadTable {
  id: Generated<number>;
  userId: number;
  userName: string;
  bank: string | null;
  originalName: string;
  /** Name in the staging folder while staged; in the inbox once confirmed. */
  storedName: string;
  sha256: string;
  sizeBytes: number;
  kind: string | null;
  period: string | null;
  district: string | null;
  program: string | null;
  receiptJson: string;
  /** staged | confirmed | refused | discarded */
  status: string;
  uploadedAt: string;
  confirmedAt: string | null;
  /** Bank files: the batch the file reports on (as ingest keys it), to refuse another bank's batch number. */
  batchKey: Generated<string | null>;
}

/** One sign-in attempt per key (account name, client address), counted before the password is checked. */
export interface LoginAttemptTable {
  id: Generated<number>;
  key: string;
  atMs: number;
}

/** Who did what in the portal: sign-ins, uploads, downloads, review marks. Only ever added to. */
export interface AuditTable {
  id: Generated<number>;
  at: string;
  userId: number | null;
  userName: string | null;
  action: string;
  target: string | null;
  outcome: string;
  ip: string | null;
  detailJson: string | null;
}

export interface Database {
  sourceFiles: SourceFileTable;
  refusedFiles: RefusedFileTable;
  rosterEntries: RosterEntryTable;
  payments: PaymentTable;
  staff: StaffTable;
  proxyAgreements: ProxyAgreementTable;
  deaths: DeathTable;
  standards: StandardTable;
  allocations: AllocationTable;
  pettyCash: PettyCashTable;
  referenceRows: ReferenceRowTable;
  rejectedRows: RejectedRowTable;
  runs: RunTable;
  runRules: RunRuleTable;
  runStages: RunStageTable;
  findings: FindingTable;
  reviews: ReviewTable;
  reconPayments: ReconPaymentTable;
  reconBatches: ReconBatchTable;
  reconPaid: ReconPaidTable;
  rosterTotals: RosterTotalTable;
  users: UserTable;
  sessions: SessionTable;
  uploads: UploadTable;
  auditLog: AuditTable;
  loginAttempts: LoginAttemptTable;
}
