export { recordFindings, previousRunId, type LifecycleCounts } from './lifecycle.ts';
export { markFinding, latestReviews, MARKS, MARK_ZH, type Mark, type ReviewState } from './reviews.ts';
export { listFindings, latestRunId, type FindingFilter, type StoredFinding } from './query.ts';
export { statusInRun, statusOf } from './status.ts';
