import type { InputKind, TableName } from '../../db/index.ts';
import { createBankRows } from './bank.ts';
import { deathRows, listRows, proxyRows, standardRows, staffRows } from './reference.ts';
import { allocationRows, pettyCashRows } from './funds.ts';
import { rosterRows } from './roster.ts';
import type { RowNormaliser } from './types.ts';

export type { Reason, RowContext, RowResult, FileDefaults, RowNormaliser } from './types.ts';

/** Where each kind's rows are stored and how a row of it is read. */
export const ROW_TARGETS: Readonly<Record<InputKind, { table: TableName; create: () => RowNormaliser }>> = {
  roster: { table: 'rosterEntries', create: () => rosterRows },
  bank: { table: 'payments', create: createBankRows },
  staff: { table: 'staff', create: () => staffRows },
  proxy: { table: 'proxyAgreements', create: () => proxyRows },
  deaths: { table: 'deaths', create: () => deathRows },
  standards: { table: 'standards', create: () => standardRows },
  allocation: { table: 'allocations', create: () => allocationRows },
  'petty-cash': { table: 'pettyCash', create: () => pettyCashRows },
  list: { table: 'referenceRows', create: () => listRows },
};
