/**
 * Opens the database named in the config: a file path or `sqlite:` URL (the embedded default), or a
 * `postgres://` URL once the PostgreSQL driver is enabled. Brings the schema up to date on every open.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Migrator, type MigrationProvider } from 'kysely';
import { migrations } from './migrations.ts';
import { openSqlite } from './sqlite.ts';
import type { Db } from './types.ts';
import { UserError } from '../errors.ts';

export async function openDatabase(url: string): Promise<Db> {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    throw new UserError(
      'db-dialect',
      `暂不支持 PostgreSQL 连接（${url.replace(/:[^:@/]*@/, ':***@')}）：当前版本只内置 SQLite。请在配置中使用 SQLite 文件路径。`,
      'PostgreSQL is not enabled in this version; use a SQLite file path in the config.',
    );
  }
  const file = url === ':memory:' ? url : resolve(url.replace(/^sqlite:(\/\/)?/i, ''));
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = openSqlite(file);
  await migrate(db);
  return db;
}

async function migrate(db: Db): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(db.dialect) };
  const { error, results } = await new Migrator({ db: db.kysely, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '?';
    throw new UserError('db-migrate', `数据库结构升级失败（${failed}）：${String(error)}`, `Database migration ${failed} failed: ${String(error)}`);
  }
}
