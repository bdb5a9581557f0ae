export { recordFindings, previousRunId, type LifecycleCounts } from './lifecycle.ts';
export { markFinding, latestReviews, MARKS, MARK_ZH, type Mark, type ReviewState } from './reviews.ts';
export { listFindings, latestRunId, messageIn, type FindingFilter, type StoredFinding } from './query.ts';
export { moneyAtStake, sumMoney, moneyOf, amountOf, isOpen, emptyMoney, MONEY_KINDS, MONEY_RULES, MONEY_KIND_ZH, MONEY_KIND_EN, type MoneyAtStake, type MoneyKind, type MoneySum, type MoneyFinding } from './money.ts';
export { statusInRun, statusOf } from './status.ts';
