export { openDatabase, isPostgresUrl, type OpenOptions } from './open.ts';
export { openEmptyDatabase, scratchDatabaseUrl, scratchPostgresUrl, testDialect } from './testing.ts';
export type { Db, Writer, TableName, RowRecord, RunLock, RunLockHolder, RunLockOptions } from './types.ts';
export type * from './schema.ts';
export type { DialectName } from './migrations.ts';
export { refreshStatistics } from './statistics.ts';
export {
  readRunStats,
  saveRunStats,
  type RunStats,
  type RunRuleOutcome,
  type RunLifecycle,
  type RunFileEntry,
  type RunFileError,
  type RunPhase,
  type RunPipelineMeta,
  type RunSeverity,
  type RunStageMs,
} from './run-stats.ts';
