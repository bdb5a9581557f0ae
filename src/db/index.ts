export { openDatabase, isPostgresUrl, type OpenOptions } from './open.ts';
export { openEmptyDatabase, scratchDatabaseUrl, scratchPostgresUrl, testDialect } from './testing.ts';
export type { Db, Writer, TableName, RowRecord, RunLock, RunLockHolder, RunLockOptions } from './types.ts';
export type * from './schema.ts';
export type { DialectName } from './migrations.ts';
