/**
 * The one module that knows it is talking to PostgreSQL: the `pg` driver behind kysely's PostgresDialect,
 * how 64-bit numbers come back, the bulk path (`COPY … FROM STDIN` on the transaction's own connection),
 * the run lock (a session advisory lock) and the partitions of the period-partitioned tables.
 *
 * The password never comes from the URL (the URL lives in the YAML config): it is read from
 * RELIEF_DB_PASSWORD, else from libpq's usual PGPASSWORD or ~/.pgpass.
 */
import { hostname } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { CamelCasePlugin, Kysely, PostgresDialect, sql, type LogEvent, type PostgresPool } from 'kysely';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import Cursor from 'pg-cursor';
import { UserError } from '../errors.ts';
import { partitionIndexDef, quoteIdent } from './pg-ddl.ts';
import type { Database } from './schema.ts';
import { arrayLayout, flatLayout, recordLayout, snake, type FillCells } from './rows.ts';
import { MIN_DEFERRED_ROWS, type Db, type RunLock, type RunLockHolder, type RunLockOptions, type TableName, type Writer } from './types.ts';

export const PASSWORD_ENV = 'RELIEF_DB_PASSWORD';

const OID = { int8: 20, numeric: 1700 } as const;

/**
 * int8 (counts, sums, money in fen) and numeric (what sum() over int8 returns) come back as JS numbers.
 * A whole number beyond 2^53 would be silently rounded, so it is refused instead: the query fails.
 */
export function parseSafeInteger(text: string): number {
  const n = Number(text);
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) {
    throw new RangeError(`数值 ${text} 超出可精确表示的范围（2^53），已拒绝而不是四舍五入 / value ${text} is beyond 2^53 and cannot be represented exactly`);
  }
  return n;
}

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === OID.int8 || oid === OID.numeric) return parseSafeInteger;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

export interface PostgresTarget {
  config: pg.PoolConfig;
  /** The schema the engine's tables live in (the URL's `?schema=`), else the server's default. */
  schema: string | null;
  /** The URL with any password masked, for messages. */
  shown: string;
}

/** Reads a `postgres://user@host:port/db[?schema=name]` URL; refuses one that carries a password. */
export function parsePostgresUrl(url: string): PostgresTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UserError('db-url', `数据库地址无法识别：${url.replace(/:[^:@/]*@/, ':***@')}`, `Cannot read the database URL: ${url.replace(/:[^:@/]*@/, ':***@')}`);
  }
  const shown = u.password ? url.replace(/:[^:@/]*@/, ':***@') : url;
  if (u.password) {
    throw new UserError(
      'db-password-in-url',
      `数据库地址中不得写密码（${shown}）：请从地址中删去密码，改用环境变量 ${PASSWORD_ENV} 提供。`,
      `The database URL must not carry a password (${shown}); remove it and set the ${PASSWORD_ENV} environment variable instead.`,
    );
  }
  const schema = u.searchParams.get('schema');
  if (schema !== null && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new UserError('db-url', `数据库地址中的 schema 名无效：${schema}（只能用小写字母、数字和下划线）`, `Invalid schema name in the database URL: ${schema} (lower-case letters, digits and _ only)`);
  }
  const config: pg.PoolConfig = {
    host: decodeURIComponent(u.hostname) || undefined,
    port: u.port ? Number(u.port) : undefined,
    user: decodeURIComponent(u.username) || undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || undefined,
    password: process.env[PASSWORD_ENV] || undefined,
    types,
    max: 4,
    application_name: 'relief-recon',
  };
  const ssl = u.searchParams.get('sslmode');
  if (ssl && ssl !== 'disable') config.ssl = ssl === 'require' || ssl === 'prefer' ? { rejectUnauthorized: false } : true;
  if (schema) config.options = `-c search_path=${schema}`;
  return { config, schema, shown };
}

/** One field in COPY's text format: \N for null; backslash, tab, newline and CR escaped. */
function copyField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : typeof v === 'boolean' ? (v ? 't' : 'f') : JSON.stringify(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : s;
}

const COPY_CHUNK_ROWS = 2000;

function* copyChunks(count: number, width: number, fill: FillCells): Generator<string> {
  const cells: unknown[] = new Array(width * COPY_CHUNK_ROWS);
  for (let i = 0; i < count; i += COPY_CHUNK_ROWS) {
    const n = Math.min(count, i + COPY_CHUNK_ROWS) - i;
    fill(i, i + n, cells);
    let chunk = '';
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < width; c++) chunk += (c ? '\t' : '') + copyField(cells[r * width + c]);
      chunk += '\n';
    }
    yield chunk;
  }
}

/** Tables split by period into one partition per month (see migration 0007-postgres). */
export const PARTITIONED: ReadonlySet<string> = new Set(['roster_entries', 'payments', 'recon_payments']);

/** The partition that holds `period` ('2026-11' → roster_entries_p2026_11); anything odd goes to the default partition. */
export function partitionName(table: string, period: string): string | null {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  return m ? `${table}_p${m[1]}_${m[2]}` : null;
}

/** Whether `name` is a partition of `table` now (a month detached to an archive keeps its name but is not). */
async function isPartitionOf(client: pg.PoolClient, table: string, name: string): Promise<boolean> {
  const r = await client.query(
    `select exists (select 1 from pg_inherits i join pg_class c on c.oid = i.inhrelid
       where i.inhparent = to_regclass($1) and c.relname = $2 and c.relnamespace = (select relnamespace from pg_class where oid = to_regclass($1))) as e`,
    [table, name],
  );
  return (r.rows[0] as { e: boolean }).e;
}

/**
 * Creates the month partitions `rows` need (a new month costs the same whatever the history). Runs inside the
 * caller's transaction, so everything below lands or nothing does.
 *
 * Rows of that month may already sit in the default partition (loaded before the month had a partition: by
 * hand, a restore, or a version without partitions). PostgreSQL refuses to create the partition then, so they
 * are moved: the default partition is detached, the month's partition created, its rows copied there (ids
 * kept) and deleted from the default, and the default attached again.
 *
 * A table of that name that is not a partition (the month was detached to an archive) is left alone: the new
 * rows go to the default partition, where every query still sees them.
 */
async function ensurePartitions(client: pg.PoolClient, table: string, periods: Iterable<string>): Promise<void> {
  for (const period of periods) {
    const name = partitionName(table, period);
    if (!name) continue;
    if (await isPartitionOf(client, table, name)) continue;
    // Two loads creating the same month at once: the second waits here, then finds it made.
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [`relief-recon:partition:${name}`]);
    if (await isPartitionOf(client, table, name)) continue;
    if ((await client.query('select to_regclass($1) is not null as e', [name])).rows[0].e) continue; // an archived month
    const def = quoteIdent(`${table}_default`);
    const stray = await client.query(`select exists (select 1 from ${def} where period = $1) as e`, [period]);
    if (!(stray.rows[0] as { e: boolean }).e) {
      await client.query(`create table if not exists ${quoteIdent(name)} partition of ${quoteIdent(table)} for values in ('${period}')`);
      await copyPartitionIndexes(client, table, name);
      continue;
    }
    await client.query(`alter table ${quoteIdent(table)} detach partition ${def}`);
    await client.query(`create table ${quoteIdent(name)} partition of ${quoteIdent(table)} for values in ('${period}')`);
    await client.query(`insert into ${quoteIdent(name)} select * from ${def} where period = $1`, [period]);
    await client.query(`delete from ${def} where period = $1`, [period]);
    await client.query(`alter table ${quoteIdent(table)} attach partition ${def} default`);
    await copyPartitionIndexes(client, table, name);
  }
}

/**
 * The secondary indexes a partition holds on its own (not copies of an index of the partitioned table, which
 * cannot be dropped one partition at a time), less unique ones and those behind a constraint: name and
 * definition (schema-qualified, as pg_get_indexdef gives it).
 */
async function ownIndexes(client: pg.PoolClient, partition: string): Promise<{ name: string; def: string }[]> {
  const r = await client.query<{ name: string; def: string }>(
    `select c.relname as name, pg_get_indexdef(i.indexrelid) as def
       from pg_index i join pg_class c on c.oid = i.indexrelid
      where i.indrelid = to_regclass($1) and not i.indisunique and not i.indisprimary
        and not exists (select 1 from pg_inherits h where h.inhrelid = i.indexrelid)
        and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
      order by c.relname`,
    [quoteIdent(partition)],
  );
  return r.rows;
}

/**
 * A new month partition gets the indexes the table keeps per partition (recon_payments since migration
 * 0018-partition-indexes), taken from its default partition: `<table>_default_<index>` becomes
 * `<partition>_<index>` with the same columns. Nothing for a table whose indexes are on the partitioned table.
 */
async function copyPartitionIndexes(client: pg.PoolClient, table: string, partition: string): Promise<void> {
  const prefix = `${table}_default_`;
  for (const ix of await ownIndexes(client, `${table}_default`)) {
    if (!ix.name.startsWith(prefix)) continue;
    await client.query(partitionIndexDef(ix.def, `${partition}_${ix.name.slice(prefix.length)}`, partition));
  }
}

/**
 * Writer.deferIndexes on PostgreSQL: for the month partitions of `periods` (never the default partition, which
 * holds other months' rows too), drops their own secondary indexes and gives back a `restore` that builds them
 * again, all inside the caller's transaction, so a failure before `restore` rolls the drop back with
 * everything else. Indexes on the partitioned table itself (roster_entries, payments) are left alone.
 */
async function deferPartitionIndexes(client: pg.PoolClient, table: string, expectedRows: number, periods: Iterable<string> | undefined): Promise<{ restore(): Promise<void> }> {
  if (expectedRows < MIN_DEFERRED_ROWS || !periods || !PARTITIONED.has(table)) return { restore: async () => {} };
  const dropped: string[] = [];
  for (const period of new Set(periods)) {
    const name = partitionName(table, period);
    if (!name || !(await isPartitionOf(client, table, name))) continue;
    for (const ix of await ownIndexes(client, name)) {
      await client.query(`drop index ${quoteIdent(ix.name)}`);
      dropped.push(ix.def);
    }
  }
  return {
    async restore() {
      for (const def of dropped.splice(0)) await client.query(def);
    },
  };
}

/** A kysely pool that always hands out one client (the one the COPY also runs on); releasing does nothing. */
function singleClientPool(client: pg.PoolClient): PostgresPool {
  return {
    connect: async () => ({ query: client.query.bind(client) as never, release() {} }),
    end: async () => {},
  };
}

/** Hashes the lock name into the 64-bit key of a session advisory lock (same on every host). */
const LOCK_KEY_SQL = "hashtextextended('relief-recon:run:' || current_database() || ':' || current_schema(), 0)";

/** The session that holds the run lock of this database and schema, from pg_locks and pg_stat_activity. */
const HOLDER_SQL = `select a.application_name as app, a.client_hostname as host, a.client_addr::text as addr,
    to_char(a.backend_start at time zone 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"') as started
  from pg_locks l join pg_stat_activity a on a.pid = l.pid
  where l.locktype = 'advisory' and l.granted and l.objsubid = 1
    and l.database = (select oid from pg_database where datname = current_database())
    and l.classid = ((${LOCK_KEY_SQL}) >> 32)::int::oid and l.objid = ((${LOCK_KEY_SQL}) & 4294967295)::oid
  limit 1`;

/**
 * Who holds the run lock, or null when nobody does. The holder's connection is named
 * `relief-recon run PID@HOST` (see runLock); a session that took the lock some other way still counts,
 * with pid 0 and its client address.
 */
async function lockHolder(client: Pick<pg.ClientBase, 'query'>): Promise<RunLockHolder | null> {
  const h = (await client.query(HOLDER_SQL)).rows[0] as { app: string; host: string | null; addr: string | null; started: string } | undefined;
  if (!h) return null;
  const named = /^relief-recon run (\d+)@(.*)$/.exec(h.app ?? '');
  return { pid: named ? Number(named[1]) : 0, host: named?.[2] || h.host || h.addr || '?', startedAt: h.started ?? '?' };
}

export async function openPostgres(url: string, log?: (event: LogEvent) => void): Promise<Db> {
  const target = parsePostgresUrl(url);
  const pool = new pg.Pool(target.config);
  // An idle client losing its server (restart) must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    const c = await pool.connect();
    try {
      if (target.schema) await c.query(`create schema if not exists ${quoteIdent(target.schema)}`);
    } finally {
      c.release();
    }
  } catch (e) {
    await pool.end().catch(() => {});
    if (e instanceof UserError) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw new UserError(
      'db-connect',
      `无法连接 PostgreSQL 数据库 ${target.shown}：${why}。请检查地址、服务器是否运行，以及密码（环境变量 ${PASSWORD_ENV}）。`,
      `Cannot connect to the PostgreSQL database ${target.shown}: ${why}. Check the URL, that the server is running, and the password (${PASSWORD_ENV}).`,
    );
  }
  const camel = new CamelCasePlugin();
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }), plugins: [camel], log });

  async function insertMany(client: pg.PoolClient, table: TableName, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
    if (rows.length === 0) return;
    const name = snake(table);
    if (PARTITIONED.has(name)) {
      const at = columns.indexOf('period');
      if (at >= 0) await ensurePartitions(client, name, new Set(rows.map((r) => String(r[at]))));
    }
    await copyInto(client, name, columns, rows.length, arrayLayout(rows, columns.length));
  }

  async function insertRows(client: pg.PoolClient, table: TableName, fileId: number, rows: readonly object[]): Promise<void> {
    if (rows.length === 0) return;
    const name = snake(table);
    if (PARTITIONED.has(name) && 'period' in rows[0]!) await ensurePartitions(client, name, new Set(rows.map((r) => String((r as { period: unknown }).period))));
    const layout = recordLayout(fileId, rows);
    await copyInto(client, name, layout.columns, rows.length, layout.fill);
  }

  async function insertArrays(client: pg.PoolClient, table: TableName, fileId: number, columns: readonly string[], cells: readonly unknown[]): Promise<void> {
    const width = columns.length;
    if (width === 0 || cells.length === 0) return;
    const count = cells.length / width;
    const name = snake(table);
    const at = columns.indexOf('period');
    if (PARTITIONED.has(name) && at >= 0) {
      const periods = new Set<string>();
      for (let r = 0; r < count; r++) periods.add(String(cells[r * width + at]));
      await ensurePartitions(client, name, periods);
    }
    await copyInto(client, name, ['fileId', ...columns], count, flatLayout(fileId, cells, width));
  }

  async function copyInto(client: pg.PoolClient, name: string, columns: readonly string[], count: number, fill: FillCells): Promise<void> {
    const copy = `copy ${quoteIdent(name)} (${columns.map((c) => quoteIdent(snake(c))).join(', ')}) from stdin`;
    await pipeline(Readable.from(copyChunks(count, columns.length, fill)), client.query(copyStreams.from(copy)));
  }

  return {
    dialect: 'postgres',
    kysely,
    migrationSchema: async () => {
      const r = await sql<{ s: string }>`select current_schema() as s`.execute(kysely);
      return r.rows[0]!.s;
    },
    async write<T>(fn: (w: Writer) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        const one = new Kysely<Database>({ dialect: new PostgresDialect({ pool: singleClientPool(client), cursor: Cursor }), plugins: [camel], log });
        return await one.transaction().execute((trx) =>
          fn({
            kysely: trx,
            insertMany: (t, c, r) => insertMany(client, t, c, r),
            insertRows: (t, fileId, r) => insertRows(client, t, fileId, r),
            insertArrays: (t, fileId, c, cells) => insertArrays(client, t, fileId, c, cells),
            deferIndexes: (t, n, periods) => deferPartitionIndexes(client, snake(t), n, periods),
            ensurePartitions: async (t, periods) => {
              if (PARTITIONED.has(snake(t))) await ensurePartitions(client, snake(t), periods);
            },
          }),
        );
      } finally {
        client.release();
      }
    },
    runLockHolder: () => lockHolder(pool),
    async runLock(opts: RunLockOptions): Promise<RunLock> {
      // A session advisory lock lives exactly as long as its connection: a run on any host that shares the
      // database waits for it or is refused, and a crashed run's lock dies with its connection. The lock has
      // a connection of its own (not the pool's), named after the run's process so others can say who holds it.
      const client = new pg.Client({ ...target.config, application_name: `relief-recon run ${process.pid}@${hostname()}`.slice(0, 63) });
      client.on('error', () => {}); // a lost connection has lost the lock too; the run's own queries report it
      await client.connect();
      let waitingFor: string | null = null;
      try {
        for (;;) {
          if (opts.signal?.aborted) throw opts.aborted();
          const got = await client.query(`select pg_try_advisory_lock(${LOCK_KEY_SQL}) as ok`);
          if ((got.rows[0] as { ok: boolean }).ok) break;
          const holder = (await lockHolder(client)) ?? { pid: 0, host: '?', startedAt: '?' };
          if (!opts.wait) throw opts.held(holder);
          const key = `${holder.pid}@${holder.host}`;
          if (waitingFor !== key) {
            waitingFor = key;
            opts.onWait?.(holder);
          }
          try {
            await sleep(opts.pollMs ?? 500, undefined, { signal: opts.signal });
          } catch {
            throw opts.aborted();
          }
        }
      } catch (e) {
        await client.end().catch(() => {});
        throw e;
      }
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          // Closing the session ends the lock whether or not the unlock got through.
          await client.query(`select pg_advisory_unlock(${LOCK_KEY_SQL})`).catch(() => {});
          await client.end().catch(() => {});
        },
      };
    },
    async close() {
      await kysely.destroy();
    },
  };
}
