export { openDatabase } from './open.ts';
export type { Db, Writer, TableName } from './types.ts';
export type * from './schema.ts';
export type { DialectName } from './migrations.ts';
