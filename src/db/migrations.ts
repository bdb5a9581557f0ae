/**
 * Schema migrations, written with kysely's schema builder so they run on SQLite and PostgreSQL alike.
 * Only the primary-key column differs between the two, and that difference is passed in.
 */
import { sql, type Kysely, type Migration, type CreateTableBuilder } from 'kysely';
import { partitionIndexDef, quoteIdent } from './pg-ddl.ts';
import { readRunStats, ruleRows, stageRows, summaryColumns } from './run-stats.ts';

export type DialectName = 'sqlite' | 'postgres';

type Table = CreateTableBuilder<string, never>;

function withId(t: Table, dialect: DialectName): Table {
  return dialect === 'postgres'
    ? t.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : t.addColumn('id', 'integer', (c) => c.primaryKey());
}

function initial(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const table = (name: string) => withId(db.schema.createTable(name), dialect);

      await table('source_files')
        .addColumn('sha256', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('archive_path', 'text')
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('encoding', 'text')
        .addColumn('delimiter', 'text')
        .addColumn('sheet_name', 'text')
        .addColumn('profile', 'text')
        .addColumn('header_row_no', 'integer')
        .addColumn('ingested_at', 'text', (c) => c.notNull())
        .addColumn('rows_read', 'integer', (c) => c.notNull())
        .addColumn('rows_accepted', 'integer', (c) => c.notNull())
        .addColumn('rows_rejected', 'integer', (c) => c.notNull())
        .addColumn('total_fen', 'bigint', (c) => c.notNull())
        .addColumn('control_count', 'integer')
        .addColumn('control_total_fen', 'bigint')
        .addColumn('control_row_no', 'integer')
        .addColumn('period', 'text')
        .addColumn('district', 'text')
        .addColumn('program', 'text')
        .addColumn('batch_key', 'text')
        .addColumn('superseded_by', 'integer')
        .addColumn('options_json', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('source_files_batch').on('source_files').columns(['kind', 'batch_key']).execute();

      await table('refused_files')
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('refused_at', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('message_zh', 'text', (c) => c.notNull())
        .addColumn('message_en', 'text', (c) => c.notNull())
        .execute();

      await table('roster_entries')
        .addColumn('file_id', 'integer', (c) => c.notNull())
        .addColumn('row_no', 'integer', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('district', 'text')
        .addColumn('district_code', 'text')
        .addColumn('township', 'text')
        .addColumn('village', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('id_number', 'text', (c) => c.notNull())
        .addColumn('id_valid', 'integer', (c) => c.notNull())
        .addColumn('program', 'text', (c) => c.notNull())
        .addColumn('household_size', 'integer')
        .addColumn('approved_fen', 'bigint', (c) => c.notNull())
        .addColumn('bank_name', 'text')
        .addColumn('account_no', 'text')
        .addColumn('account_holder', 'text')
        .addColumn('proxy_name', 'text')
        .addColumn('proxy_id_number', 'text')
        .addColumn('agreement_no', 'text')
        .execute();
      await db.schema.createIndex('roster_period_id').on('roster_entries').columns(['period', 'id_number']).execute();

      await table('payments')
        .addColumn('file_id', 'integer', (c) => c.notNull())
        .addColumn('row_no', 'integer', (c) => c.notNull())
        .addColumn('payment_key', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('district', 'text')
        .addColumn('program', 'text')
        .addColumn('batch_no', 'text')
        .addColumn('serial_no', 'text')
        .addColumn('id_number', 'text')
        .addColumn('id_valid', 'integer')
        .addColumn('account_no', 'text')
        .addColumn('account_holder', 'text')
        .addColumn('amount_fen', 'bigint', (c) => c.notNull())
        .addColumn('fee_fen', 'bigint')
        .addColumn('label', 'text')
        .addColumn('paid_on', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('fail_reason', 'text')
        .addColumn('bank_name', 'text')
        .execute();
      // Raw payment rows are read whole by reconciliation (one period at a time); rules read the
      // reconciled table, which carries the lookup indexes. Fewer indexes here keep ingest fast.

      await table('staff')
        .addColumn('file_id', 'integer', (c) => c.notNull())
        .addColumn('row_no', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('id_number', 'text')
        .addColumn('id_valid', 'integer')
        .addColumn('unit', 'text')
        .addColumn('role', 'text')
        .execute();
      await db.schema.createIndex('staff_id').on('staff').column('id_number').execute();

      await table('proxy_agreements')
        .addColumn('file_id', 'integer', (c) => c.notNull())
        .addColumn('row_no', 'integer', (c) => c.notNull())
        .addColumn('recipient_id_number', 'text', (c) => c.notNull())
        .addColumn('recipient_id_valid', 'integer', (c) => c.notNull())
        .addColumn('proxy_name', 'text', (c) => c.notNull())
        .addColumn('proxy_id_number', 'text')
        .addColumn('proxy_id_valid', 'integer')
        .addColumn('agreement_no', 'text', (c) => c.notNull())
        .addColumn('filed_on', 'text')
        .addColumn('relationship', 'text')
        .execute();
      await db.schema.createIndex('proxy_recipient').on('proxy_agreements').column('recipient_id_number').execute();

      await table('deaths')
        .addColumn('file_id', 'integer', (c) => c.notNull())
        .addColumn('row_no', 'integer', (c) => c.notNull())
        .addColumn('id_number', 'text', (c) => c.notNull())
        .addColumn('id_valid', 'integer', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('died_on', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('deaths_id').on('deaths').column('id_number').execute();

      await table('standards')
        .addColumn('file_id', 'integer', (c) => c.notNull())
        .addColumn('row_no', 'integer', (c) => c.notNull())
        .addColumn('effective_from', 'text', (c) => c.notNull())
        .addColumn('program', 'text', (c) => c.notNull())
        .addColumn('district', 'text')
        .addColumn('area', 'text')
        .addColumn('monthly_standard_fen', 'bigint', (c) => c.notNull())
        .addColumn('max_supplement_fen', 'bigint')
        .execute();

      await table('rejected_rows')
        .addColumn('file_id', 'integer', (c) => c.notNull())
        .addColumn('row_no', 'integer', (c) => c.notNull())
        .addColumn('cells_json', 'text', (c) => c.notNull())
        .addColumn('reasons_json', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rejected_file').on('rejected_rows').column('file_id').execute();

      await table('runs')
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('stats_json', 'text', (c) => c.notNull())
        .execute();

      await table('findings')
        .addColumn('run_id', 'integer', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('period', 'text')
        .addColumn('district', 'text')
        .addColumn('district_code', 'text')
        .addColumn('program', 'text')
        .addColumn('id_number', 'text')
        .addColumn('name', 'text')
        .addColumn('account_no', 'text')
        .addColumn('expected_fen', 'bigint')
        .addColumn('actual_fen', 'bigint')
        .addColumn('evidence_json', 'text', (c) => c.notNull())
        .addColumn('data_json', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('first_seen', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('findings_run').on('findings').columns(['run_id', 'rule']).execute();
      await db.schema.createIndex('findings_fingerprint').on('findings').column('fingerprint').execute();

      await table('reviews')
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('mark', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('reviewer', 'text', (c) => c.notNull())
        .addColumn('marked_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('reviews_fingerprint').on('reviews').column('fingerprint').execute();
    },
  };
}

/**
 * Reconciliation's working table: one row per payment (all rows of one payment key folded into its
 * latest status), attributed to a batch and matched to a roster row. Rebuilt for the periods a run covers.
 */
function reconciled(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withId(db.schema.createTable('recon_payments'), dialect)
        .addColumn('payment_key', 'text', (c) => c.notNull())
        .addColumn('payment_id', 'integer', (c) => c.notNull())
        .addColumn('file_id', 'integer', (c) => c.notNull())
        .addColumn('row_no', 'integer', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('district', 'text', (c) => c.notNull())
        .addColumn('program', 'text', (c) => c.notNull())
        .addColumn('id_number', 'text')
        .addColumn('account_no', 'text')
        .addColumn('account_holder', 'text')
        .addColumn('amount_fen', 'bigint', (c) => c.notNull())
        .addColumn('fee_fen', 'bigint')
        .addColumn('label', 'text')
        .addColumn('paid_on', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('roster_id', 'integer')
        .addColumn('recipient_id_number', 'text')
        .execute();
      await db.schema.createIndex('recon_period_id').on('recon_payments').columns(['period', 'id_number']).execute();
      await db.schema.createIndex('recon_period_account').on('recon_payments').columns(['period', 'account_no']).execute();
      await db.schema.createIndex('recon_period_recipient').on('recon_payments').columns(['period', 'recipient_id_number']).execute();
      await db.schema
        .createTable('recon_batches')
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('district', 'text', (c) => c.notNull())
        .addColumn('program', 'text', (c) => c.notNull())
        .addColumn('approved_count', 'integer', (c) => c.notNull())
        .addColumn('approved_fen', 'bigint', (c) => c.notNull())
        .addColumn('paid_count', 'integer', (c) => c.notNull())
        .addColumn('paid_fen', 'bigint', (c) => c.notNull())
        .addColumn('roster_file_ids', 'text', (c) => c.notNull())
        .addColumn('payment_file_ids', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('recon_batches_pk', ['period', 'district', 'program'])
        .execute();
      await db.schema.createIndex('roster_period_account').on('roster_entries').columns(['period', 'account_no']).execute();
      await db.schema.createIndex('payments_key').on('payments').column('payment_key').execute();
    },
  };
}

/** The web portal: accounts, sessions, uploads and the audit log. */
function portal(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const table = (name: string) => withId(db.schema.createTable(name), dialect);
      await table('users')
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('bank', 'text')
        .addColumn('districts_json', 'text')
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('disabled_at', 'text')
        .execute();
      await table('sessions')
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'integer', (c) => c.notNull())
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_ms', 'bigint', (c) => c.notNull())
        .execute();
      await table('uploads')
        .addColumn('user_id', 'integer', (c) => c.notNull())
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('bank', 'text')
        .addColumn('original_name', 'text', (c) => c.notNull())
        .addColumn('stored_name', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('size_bytes', 'bigint', (c) => c.notNull())
        .addColumn('kind', 'text')
        .addColumn('period', 'text')
        .addColumn('district', 'text')
        .addColumn('program', 'text')
        .addColumn('receipt_json', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('uploaded_at', 'text', (c) => c.notNull())
        .addColumn('confirmed_at', 'text')
        .execute();
      await db.schema.createIndex('uploads_sha256').on('uploads').column('sha256').execute();
      await db.schema.createIndex('uploads_bank').on('uploads').columns(['bank', 'id']).execute();
      await table('audit_log')
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('user_id', 'integer')
        .addColumn('user_name', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text')
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('detail_json', 'text')
        .execute();
    },
  };
}

/**
 * Matching as an assignment (issue 9): each reconciled payment keeps the batch it was sent in (its batch
 * number and the district / program that batch is known to be for), kept apart from the batch it is
 * counted in; and an index to find the payments an approval took.
 */
function matching(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('recon_payments').addColumn('batch_no', 'text').execute();
      await db.schema.alterTable('recon_payments').addColumn('batch_district', 'text').execute();
      await db.schema.alterTable('recon_payments').addColumn('batch_program', 'text').execute();
      await db.schema.createIndex('recon_roster').on('recon_payments').column('roster_id').execute();
      await db.schema.createIndex('recon_period_batch_no').on('recon_payments').columns(['period', 'batch_no']).execute();
    },
  };
}

/**
 * PostgreSQL only (a no-op on SQLite): the three big tables become partitioned by period, one partition per
 * month plus a default one for anything that is not `YYYY-MM`, so loading a new month costs the same however
 * much history there is, and an old month can be detached to an archive (`alter table … detach partition`).
 * Their ids become bigint (a national month is 30M rows; int4 runs out in a few years). The key must include
 * the partition key, so it is (id, period); lookups by id alone still use it.
 *
 * Written as a rename / create / copy / drop, so it also holds for a database that already has rows (none do
 * today: earlier versions refused PostgreSQL). Columns come from the table 0001/0002 made, so there is still
 * one definition of each table.
 */
/** The big tables, and which of their columns become bigint (ids, and ids of rows in another of them). */
const PARTITIONED_TABLES: Record<string, string[]> = {
  roster_entries: ['id'],
  payments: ['id'],
  recon_payments: ['id', 'payment_id', 'roster_id'],
};

function postgres(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      for (const [table, bigint] of Object.entries(PARTITIONED_TABLES)) {
        const old = `${table}_unpartitioned`;
        await sql`alter table ${sql.table(table)} rename to ${sql.table(old)}`.execute(db);
        // Whatever secondary indexes the earlier migrations made (read, not listed here, so an index a
        // later-numbered migration of another branch adds before this one is carried over too).
        const indexes = await sql<{ name: string; def: string }>`
          select i.indexname as name, i.indexdef as def from pg_indexes i
          where i.schemaname = current_schema() and i.tablename = ${old}
            and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.contype in ('p', 'u'))`.execute(db);
        for (const ix of indexes.rows) await sql`drop index ${sql.id(ix.name)}`.execute(db);
        await sql`create table ${sql.table(table)} (like ${sql.table(old)} including defaults including identity) partition by list (period)`.execute(db);
        for (const col of bigint) await sql`alter table ${sql.table(table)} alter column ${sql.id(col)} type bigint`.execute(db);
        await sql`alter table ${sql.table(table)} add primary key (id, period)`.execute(db);
        await sql`create table ${sql.table(`${table}_default`)} partition of ${sql.table(table)} default`.execute(db);
        for (const ix of indexes.rows) {
          // "CREATE INDEX name ON schema.old USING btree (cols)" → the same on the partitioned table.
          const def = ix.def.replace(/ ON (ONLY )?\S+ USING /, ` ON ${quoteIdent(table)} USING `);
          await sql.raw(def).execute(db);
        }
        await sql`insert into ${sql.table(table)} select * from ${sql.table(old)}`.execute(db);
        await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(db);
        await sql`drop table ${sql.table(old)}`.execute(db);
      }
    },
  };
}

/** The money trail (issue 15): allocations handed down, and the townships' petty-cash ledgers. */
function funds(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const table = (name: string) => withId(db.schema.createTable(name), dialect);
      await table('allocations')
        .addColumn('file_id', 'integer', (c) => c.notNull())
        .addColumn('row_no', 'integer', (c) => c.notNull())
        .addColumn('doc_no', 'text', (c) => c.notNull())
        .addColumn('allocated_on', 'text', (c) => c.notNull())
        .addColumn('source', 'text')
        .addColumn('district', 'text', (c) => c.notNull())
        .addColumn('district_code', 'text')
        .addColumn('program', 'text', (c) => c.notNull())
        .addColumn('fund', 'text', (c) => c.notNull())
        .addColumn('recipient', 'text')
        .addColumn('recipient_level', 'text')
        .addColumn('amount_fen', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('allocations_fund').on('allocations').columns(['district', 'fund', 'allocated_on']).execute();
      await table('petty_cash')
        .addColumn('file_id', 'integer', (c) => c.notNull())
        .addColumn('row_no', 'integer', (c) => c.notNull())
        .addColumn('district', 'text', (c) => c.notNull())
        .addColumn('district_code', 'text')
        .addColumn('township', 'text')
        .addColumn('spent_on', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('id_number', 'text')
        .addColumn('id_valid', 'integer')
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('amount_fen', 'bigint', (c) => c.notNull())
        .addColumn('item', 'text')
        .addColumn('registration_no', 'text')
        .addColumn('handler', 'text')
        .execute();
      await db.schema.createIndex('petty_cash_id').on('petty_cash').column('id_number').execute();
    },
  };
}

/**
 * Cross-check lists declared in the config (财政供养人员, 车辆登记, …): one generic table of their rows
 * (ID, name, and the whole row as the file had it, for evidence), and on each source file which
 * declared list it is and its header cells.
 */
function referenceLists(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withId(db.schema.createTable('reference_rows'), dialect)
        .addColumn('file_id', 'integer', (c) => c.notNull())
        .addColumn('row_no', 'integer', (c) => c.notNull())
        .addColumn('id_number', 'text', (c) => c.notNull())
        .addColumn('id_valid', 'integer', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('cells_json', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('reference_rows_id').on('reference_rows').column('id_number').execute();
      await db.schema.alterTable('source_files').addColumn('reference_list', 'text').execute();
      await db.schema.createIndex('source_files_list').on('source_files').column('reference_list').execute();
    },
  };
}

/**
 * Portal hardening: the bank that sent each bank file (a batch may be superseded only by its own bank),
 * the batch an upload reports on (so another bank's reuse is refused at upload), and sign-in attempts
 * counted in the database (before the password is checked, and kept across a restart).
 */
function portalHardening(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('source_files').addColumn('bank', 'text').execute();
      await db.schema.alterTable('uploads').addColumn('batch_key', 'text').execute();
      // Files that came through the portal already name their bank: their upload says which.
      await sql`UPDATE source_files SET bank = (SELECT MIN(u.bank) FROM uploads u WHERE u.sha256 = source_files.sha256 AND u.bank IS NOT NULL)
        WHERE kind = 'bank' AND bank IS NULL`.execute(db);
      await db.schema.createIndex('uploads_batch').on('uploads').columns(['batch_key', 'status']).execute();
      await withId(db.schema.createTable('login_attempts'), dialect)
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('at_ms', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('login_attempts_key').on('login_attempts').columns(['key', 'at_ms']).execute();
    },
  };
}

/**
 * The batch facts given at ingest (issue 9): a batch's district and program come from the facts given with
 * the file (CLI options, the upload form) before the file's own columns, so they are kept apart from the
 * file's defaults (which may come from its title row or name).
 */
function givenFacts(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('source_files').addColumn('given_district', 'text').execute();
      await db.schema.alterTable('source_files').addColumn('given_program', 'text').execute();
    },
  };
}

/**
 * A run's statistics where a query can read them (issue 14): the summary counts as columns of `runs`, each
 * rule's outcome in `run_rules`, each stage's time in `run_stages` (any stage name). statsJson stays the
 * whole record. Existing runs are filled in from their statsJson, so their history reads the same.
 */
function runStats(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const col of ['payments', 'findings_high', 'findings_medium', 'findings_low', 'findings_new', 'findings_persisting', 'findings_resolved']) {
        await db.schema.alterTable('runs').addColumn(col, 'integer').execute();
      }
      await db.schema.alterTable('runs').addColumn('duration_ms', 'bigint').execute();
      await withId(db.schema.createTable('run_rules'), dialect)
        .addColumn('run_id', 'integer', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('findings', 'integer')
        .addColumn('ms', 'bigint')
        .execute();
      await db.schema.createIndex('run_rules_run').on('run_rules').columns(['run_id', 'rule']).execute();
      await withId(db.schema.createTable('run_stages'), dialect)
        .addColumn('run_id', 'integer', (c) => c.notNull())
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('ms', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('run_stages_run').on('run_stages').columns(['run_id', 'stage']).execute();
      const q = db as Kysely<any>;
      // Aliased: the engine's connection maps result names to camelCase, a bare one would not.
      const runs = (await q.selectFrom('runs').select(['id', 'stats_json as s']).execute()) as { id: number; s: string }[];
      for (const run of runs) {
        const stats = readRunStats(run.s);
        const c = summaryColumns(stats);
        await q
          .updateTable('runs')
          .set({
            payments: c.payments, findings_high: c.findingsHigh, findings_medium: c.findingsMedium, findings_low: c.findingsLow,
            findings_new: c.findingsNew, findings_persisting: c.findingsPersisting, findings_resolved: c.findingsResolved, duration_ms: c.durationMs,
          })
          .where('id', '=', run.id)
          .execute();
        const rules = ruleRows(stats);
        if (rules.length) await q.insertInto('run_rules').values(rules.map((r) => ({ run_id: run.id, ...r }))).execute();
        const stages = stageRows(stats);
        if (stages.length) await q.insertInto('run_stages').values(stages.map((r) => ({ run_id: run.id, ...r }))).execute();
      }
    },
  };
}

/**
 * Findings in both languages (issue 14): `message` keeps the Chinese text (as every existing database has
 * it) and `message_en` the English, rendered from the same message id and values when the run stores the
 * finding. Null on the findings of earlier runs, whose English readers fall back to the Chinese.
 */
function messages(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('findings').addColumn('message_en', 'text').execute();
    },
  };
}

/**
 * Indexes shaped for reconciliation (issue 12): roster_period_id also carries file_id, so the fold finds each
 * person's single active approval in the index alone (a superseded file's rows are told apart by file_id)
 * instead of a million scattered reads of roster rows; payments_key also carries period, file_id and row_no,
 * so "no later row of the same payment key" is answered from the index (at 1M rows 2.3 → 0.7 s CPU); and
 * recon_period_batch_no goes: rebuilt after every fold (1.9 s at 1M rows) for the batch-number decoding alone;
 * and on SQLite payments gets an index on period (PostgreSQL's partitions do that job). The same name and leading columns: every query that
 * used it still can. On PostgreSQL the index on the partitioned table is dropped and made again on every
 * partition.
 */
function reconcileIndexes(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.dropIndex('roster_period_id').execute();
      await db.schema.createIndex('roster_period_id').on('roster_entries').columns(['period', 'id_number', 'file_id']).execute();
      await db.schema.dropIndex('payments_key').execute();
      await db.schema.createIndex('payments_key').on('payments').columns(['payment_key', 'period', 'file_id', 'row_no']).execute();
      // Only the batch-number decoding read it, now one pass over the period (reconcile.ts, decodedBatches). On
      // PostgreSQL each month's partition may carry its own copy (0016-pg-indexes: <partition>_recon_period_batch_no).
      if (dialect === 'postgres') {
        const copies = await sql<{ name: string }>`
          select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = current_schema() and c.relkind in ('i', 'I')
             and (c.relname = 'recon_period_batch_no' or right(c.relname, 22) = '_recon_period_batch_no')
           order by c.relname = 'recon_period_batch_no' desc, c.relname`.execute(db);
        for (const c of copies.rows) await sql`drop index if exists ${sql.id(c.name)}`.execute(db);
      } else {
        await db.schema.dropIndex('recon_period_batch_no').execute();
      }
      // SQLite has no partitions: without this the fold read every month's bank rows to find one month's, a
      // cost that grew with the history. Rows of one period sit in id order under one key, so reading a month
      // through it is one ordered pass, and a new month's keys are appended (cheap to keep live at ingest).
      if (dialect === 'sqlite') await db.schema.createIndex('payments_period').on('payments').column('period').execute();
    },
  };
}

/**
 * Roster totals per file (see RosterTotalTable): the batch table's approved side. Existing roster rows are
 * summed here once, so a database from before reconciles to the same batch table.
 */
function rosterTotals(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('roster_totals')
        .addColumn('file_id', 'integer', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('district', 'text')
        .addColumn('program', 'text', (c) => c.notNull())
        .addColumn('approved_count', 'bigint', (c) => c.notNull())
        .addColumn('approved_fen', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('roster_totals_period').on('roster_totals').columns(['period', 'file_id']).execute();
      await sumRosterTotals(db);
    },
  };
}

/**
 * roster_totals summed from the stored roster rows, for every file (the migration) or the given files. Ingest
 * sums them as rows arrive (src/ingest/roster-totals.ts); this is for rows stored some other way — a database
 * from before the table, and the rule tester's hand-made cases — so that they reach the same state.
 */
export async function sumRosterTotals(db: Kysely<unknown>, fileIds?: readonly number[]): Promise<void> {
  if (fileIds && fileIds.length === 0) return;
  const only = fileIds ? sql`where file_id in (${sql.join(fileIds)})` : sql``;
  if (fileIds) await sql`delete from roster_totals where file_id in (${sql.join(fileIds)})`.execute(db);
  await sql`insert into roster_totals (file_id, period, district, program, approved_count, approved_fen)
    select file_id, period, district, program, count(*), sum(approved_fen) from roster_entries ${only}
     group by file_id, period, district, program`.execute(db);
}

/**
 * PostgreSQL only (a no-op on SQLite): recon_payments' secondary indexes live on each partition instead of on
 * the partitioned table, named `<partition>_<index>` (recon_payments_p2026_11_recon_period_id), so that the
 * fold can set one month's indexes aside and build them again once (Writer.deferIndexes) without touching the
 * other months; an index on the partitioned table cannot lose one partition's copy. Queries see no difference:
 * a month's rows are read through that month's indexes either way. A month created later gets the default
 * partition's set (postgres.ts ensurePartitions). The primary key (id, period) stays on the partitioned table.
 */
function perPartitionIndexes(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      const table = 'recon_payments';
      // The partitioned table's own indexes (relkind 'I'), less the key; their columns become each partition's.
      const indexes = await sql<{ name: string; def: string }>`
        select c.relname as name, pg_get_indexdef(i.indexrelid) as def
          from pg_index i join pg_class c on c.oid = i.indexrelid
         where i.indrelid = to_regclass(${table}) and c.relkind = 'I' and not i.indisunique and not i.indisprimary
         order by c.relname`.execute(db);
      const partitions = await sql<{ name: string }>`
        select c.relname as name from pg_inherits h join pg_class c on c.oid = h.inhrelid
         where h.inhparent = to_regclass(${table}) order by c.relname`.execute(db);
      for (const ix of indexes.rows) {
        await sql`drop index ${sql.id(ix.name)}`.execute(db); // and every partition's copy with it
        for (const p of partitions.rows) {
          // "CREATE INDEX name ON ONLY schema.recon_payments USING btree (cols)" → the same on the partition.
          await sql.raw(partitionIndexDef(ix.def, `${p.name}_${ix.name}`, p.name)).execute(db);
        }
      }
    },
  };
}

/**
 * recon_payments carries its approval's name, approved amount and program (set where roster_id is set: the fold and
 * the matching rounds). The rules that compare every paid row with its approval read them from the payment's own
 * row: looking each approval up by roster_id instead cost them twice as much when the bank files do not list
 * people in roster order (76 per-batch files at 1M rows: rules 10.6 s against 3.7 s for one file in roster order).
 * Rows reconciled before are filled in from their roster rows, so a month is read the same without a re-check.
 */
function reconApproval(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('recon_payments').addColumn('approved_name', 'text').execute();
      await db.schema.alterTable('recon_payments').addColumn('approved_fen', 'bigint').execute();
      await db.schema.alterTable('recon_payments').addColumn('approved_program', 'text').execute();
      await sql`update recon_payments set approved_name = r.name, approved_fen = r.approved_fen, approved_program = r.program
        from roster_entries r where r.id = recon_payments.roster_id and r.period = recon_payments.period`.execute(db);
    },
  };
}

/**
 * recon_payments' (period, id_number) index keeps only the payments no approval took (roster_id null: a handful per
 * thousand). Every lookup by the bank row's own ID number is for those: the matching rounds' pairs and the rows still
 * open between rounds (reconcile.ts), and the deceased-recipient rule's payments that matched no approval. The full
 * index was built again over a million rows every night (1.1-2.1 s at 1M, twice that on the second night's rebuild
 * over two months) and read by none of the rest. On PostgreSQL the index lives on each partition (0018), so each
 * partition's copy is replaced, the default partition's too (a month created later copies its set).
 */
function unassignedIndex(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect === 'sqlite') {
        await db.schema.dropIndex('recon_period_id').ifExists().execute();
        await sql`create index recon_unassigned on recon_payments (period, id_number) where roster_id is null`.execute(db);
        return;
      }
      const partitions = await sql<{ name: string }>`
        select c.relname as name from pg_inherits h join pg_class c on c.oid = h.inhrelid
         where h.inhparent = to_regclass('recon_payments') order by c.relname`.execute(db);
      for (const p of partitions.rows) {
        await sql`drop index if exists ${sql.id(`${p.name}_recon_period_id`)}`.execute(db);
        await sql`create index if not exists ${sql.id(`${p.name}_recon_unassigned`)} on ${sql.id(p.name)} (period, id_number) where roster_id is null`.execute(db);
      }
    },
  };
}

/** A migration that drops `index` on SQLite (if it is there) and leaves PostgreSQL's per-month copies alone. */
function droppedOnSqlite(dialect: DialectName, index: string): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect === 'sqlite') await db.schema.dropIndex(index).ifExists().execute();
    },
  };
}

/**
 * recon_paid: the paid payments of every reconciled month per (period, district, program, day), what the funds
 * ledger reads (ReconPaidTable), written with the batch table from the same pass. The ledger summed every month's
 * reconciled payments instead, each time it was built (the report and two rules of every check on a site with
 * allocations): a pass over the whole history, three times a night. Filled here from the months reconciled before.
 */
function reconPaid(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('recon_paid')
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('district', 'text', (c) => c.notNull())
        .addColumn('program', 'text', (c) => c.notNull())
        .addColumn('paid_on', 'text')
        .addColumn('paid_count', 'bigint', (c) => c.notNull())
        .addColumn('paid_fen', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('recon_paid_period').on('recon_paid').column('period').execute();
      await sql`insert into recon_paid (period, district, program, paid_on, paid_count, paid_fen)
        select period, district, program, substr(paid_on, 1, 10), count(*), sum(amount_fen) from recon_payments
         where status = 'paid' group by period, district, program, substr(paid_on, 1, 10)`.execute(db);
    },
  };
}

export function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001-initial': initial(dialect),
    '0002-reconciled': reconciled(dialect),
    '0003-portal': portal(dialect),
    '0004-matching': matching(),
    '0005-portal-hardening': portalHardening(dialect),
    '0007-postgres': postgres(dialect),
    '0008-funds': funds(dialect),
    '0009-reference-lists': referenceLists(dialect),
    '0010-given-facts': givenFacts(),
    '0011-run-stats': runStats(dialect),
    '0015-messages': messages(),
    '0017-reconcile-indexes': reconcileIndexes(dialect),
    '0018-partition-indexes': perPartitionIndexes(dialect),
    '0019-roster-totals': rosterTotals(),
    '0020-recon-approval': reconApproval(),
    '0021-unassigned-index': unassignedIndex(dialect),
    // roster_entries' (period, account_no): made by the fold the first time a month has a bank row without an ID
    // number (reconcile.ts, leaveAccountNamed), and only then. Nothing else looks a roster row up by its account, and
    // ingest built it again for every roster file (0.8 s at 1M rows, 1.6 s on the second month's rebuild over both
    // months). A site that has such rows gets it back at its next check.
    '0022-account-index-on-demand': droppedOnSqlite(dialect, 'roster_period_account'),
    // payments' (payment_key, period, file_id, row_no): the fold finds the keys that occur more than once in a month
    // by a pass over that month's rows and a sort of their keys (reconcile.ts), and ingest numbers a file's own
    // repeats by a pass over that file's rows (payment-keys.ts). The index was built again for every 1M-row bank file
    // (1.1-1.6 s), over both months on the second month (3 s), and kept live from then on at about that cost: a cost
    // that grew with the history, for two questions about one month.
    '0023-payment-key-unindexed': droppedOnSqlite(dialect, 'payments_key'),
    '0024-recon-paid': reconPaid(),
  };
}
