export { reconcile, UNKNOWN, type ReconcileResult } from './reconcile.ts';
export { batchTable, type BatchRow } from './batches.ts';
export { activeRoster, allPeriods, periodRows, type PeriodFilter, type Periods } from './scope.ts';
export { fundsLedger, idleAllocations, balanceOn, addDaysIso, type FundsLedger, type LedgerLine, type LedgerMonth, type AllocationUse } from './funds-ledger.ts';
