/**
 * PostgreSQL DDL text that both the migrations and the PostgreSQL layer write. No driver here: the migrations
 * are loaded on SQLite too, and the pg driver only for a PostgreSQL URL.
 */
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * An index definition as pg_get_indexdef gives it ("CREATE INDEX name ON [ONLY] schema.table USING btree (…)")
 * made for one partition: named `name`, on `partition`, IF NOT EXISTS, same method and columns. Refuses a
 * definition of another shape rather than run it unchanged (it would rebuild the index it came from).
 */
export function partitionIndexDef(def: string, name: string, partition: string): string {
  const out = def.replace(/^CREATE INDEX \S+ ON (ONLY )?\S+ USING /, `CREATE INDEX IF NOT EXISTS ${quoteIdent(name)} ON ${quoteIdent(partition)} USING `);
  if (out === def) throw new Error(`cannot read the definition of index ${name}: ${def}`);
  return out;
}
