/**
 * For the test suite, which runs the engine's tests on both databases (see vitest.config.ts): which one this
 * test process is for, and a fresh, empty database of that kind.
 *   RELIEF_TEST_DB=postgres + RELIEF_TEST_PG_URL=postgres://user@host:port/db  → a new schema in that database
 *   otherwise → SQLite (the given file path, or in memory)
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { DialectName } from './migrations.ts';
import { openDatabase } from './open.ts';
import type { Db } from './types.ts';

export function testDialect(): DialectName {
  return process.env.RELIEF_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
}

/** A database no other test uses: on PostgreSQL a schema of its own (created on first open). */
export function scratchDatabaseUrl(sqlitePath = ':memory:'): string {
  if (testDialect() === 'sqlite') return sqlitePath;
  return scratchPostgresUrl();
}

export function scratchPostgresUrl(): string {
  const base = process.env.RELIEF_TEST_PG_URL;
  if (!base) throw new Error('RELIEF_TEST_PG_URL is not set (start a server with scripts/pg-local.sh)');
  return `${base}${base.includes('?') ? '&' : '?'}schema=t_${randomBytes(6).toString('hex')}`;
}

let reusable: string | null = null;

/**
 * An empty database for one short test case, opened and closed in turn (the rule tester): on PostgreSQL one
 * schema per test process, emptied on each open, since migrating a new schema costs about a second.
 * Never hold two of these open at once.
 */
export async function openEmptyDatabase(): Promise<Db> {
  if (testDialect() === 'sqlite') return openDatabase(':memory:');
  reusable ??= scratchPostgresUrl();
  const db = await openDatabase(reusable);
  const tables = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition and c.relname not like 'kysely%'`.execute(db.kysely);
  await sql`truncate ${sql.join(tables.rows.map((t) => sql.id(t.name)))} restart identity`.execute(db.kysely);
  return db;
}
