import type { InputKind, RowRecord, TableName } from '../../db/index.ts';
import { createBankRows } from './bank.ts';
import { deathRows, listRows, proxyRows, standardRows, staffRows } from './reference.ts';
import { allocationRows, pettyCashRows } from './funds.ts';
import { rosterRows } from './roster.ts';
import type { RowNormaliser, RowResult } from './types.ts';

export type { Reason, RowContext, RowResult, FileDefaults, RowNormaliser } from './types.ts';

/** Where each kind's rows are stored, how a row of it is read, and what a file of it adds up to. */
export interface RowTarget<T extends TableName> {
  table: T;
  create: () => RowNormaliser<T>;
  /** The row's money, summed into the file's total (kinds that carry one). */
  amountFen?(row: RowRecord<T>): number;
  /**
   * The batch a row belongs to, for superseding (kinds whose later file replaces an earlier one); null when
   * the row does not say.
   */
  batchKey?(row: RowRecord<T>): string | null;
}

const target = <T extends TableName>(t: RowTarget<T>): RowTarget<T> => t;

export const ROW_TARGETS = {
  // A district's roster for a month is sent whole (per program or for all programs at once).
  roster: target({
    table: 'rosterEntries',
    create: () => rosterRows,
    amountFen: (r) => r.approvedFen,
    batchKey: (r) => (r.district ? `${r.period}|${r.district}|${r.program}` : null),
  }),
  // A bank row's batch number, else its period, district and program.
  bank: target({
    table: 'payments',
    create: createBankRows,
    amountFen: (r) => r.amountFen,
    batchKey: (r) => (r.batchNo ? `batch:${r.batchNo}` : r.district && r.program ? `${r.period}|${r.district}|${r.program}` : null),
  }),
  staff: target({ table: 'staff', create: () => staffRows }),
  proxy: target({ table: 'proxyAgreements', create: () => proxyRows }),
  deaths: target({ table: 'deaths', create: () => deathRows }),
  standards: target({ table: 'standards', create: () => standardRows }),
  allocation: target({ table: 'allocations', create: () => allocationRows, amountFen: (r) => r.amountFen }),
  'petty-cash': target({ table: 'pettyCash', create: () => pettyCashRows, amountFen: (r) => r.amountFen }),
  list: target({ table: 'referenceRows', create: () => listRows }),
} satisfies Record<InputKind, RowTarget<TableName>>;

/** The table a kind's rows go to. */
export type RowTable = (typeof ROW_TARGETS)[InputKind]['table'];
/** A row of any kind, as the normalisers make them and the writer stores them. */
export type IngestRow = { [K in InputKind]: RowRecord<(typeof ROW_TARGETS)[K]['table']> }[InputKind];

/** A target seen without its kind: its normaliser makes, and its functions take, rows of that one kind. */
export interface AnyRowTarget {
  table: RowTable;
  create(): { normalise(...args: Parameters<RowNormaliser<RowTable>['normalise']>): RowResult<IngestRow> };
  amountFen?(row: IngestRow): number;
  batchKey?(row: IngestRow): string | null;
}

/** The target of `kind`: the one place where a kind's own row type is forgotten (and each function still gets only its kind's rows). */
export function rowTarget(kind: InputKind): AnyRowTarget {
  return ROW_TARGETS[kind] as AnyRowTarget;
}
