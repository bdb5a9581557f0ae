/**
 * Query plans of the heaviest statements of a check, on either database:
 *   npx tsx scripts/explain.ts [--db postgres://user@host:port/db] [--rows 6000] [--top 8]
 * Generates a month (every anomaly planted), ingests it into a fresh database (a SQLite file, or a new schema
 * of the given PostgreSQL database, dropped afterwards), runs reconciliation and every rule while timing each
 * statement, then prints the slowest ones with their plan (EXPLAIN QUERY PLAN / EXPLAIN (COSTS OFF)).
 * Parameters are never printed (they hold ID numbers). Plans at a few thousand rows are not those at 10M:
 * this shows index use and partition pruning, not timings.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery, sql } from 'kysely';
import { generateDataset } from '../fixtures/generator/index.ts';
import { checkNow } from '../src/check.ts';
import { loadConfig } from '../src/config.ts';
import { isPostgresUrl, openDatabase } from '../src/db/index.ts';
import type { Program } from '../src/domain/index.ts';
import { ingestFile } from '../src/ingest/index.ts';

const args = process.argv.slice(2);
const opt = (name: string) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : undefined);
const dbArg = opt('--db');
if (dbArg !== undefined && !isPostgresUrl(dbArg)) throw new Error('--db takes a postgres:// URL (the default is a SQLite file)');
const rows = Number(opt('--rows') ?? 6000);
const top = Number(opt('--top') ?? 8);

const dir = mkdtempSync(join(tmpdir(), 'relief-recon-explain-'));
const schema = `explain_${Date.now()}`;
const target = dbArg ? `${dbArg}${dbArg.includes('?') ? '&' : '?'}schema=${schema}` : join(dir, 'explain.db');
let recording = false;
const seen = new Map<string, { sql: string; parameters: readonly unknown[]; ms: number; times: number }>();
const db = await openDatabase(target, {
  log(event) {
    if (!recording || event.level !== 'query') return;
    const text = event.query.sql;
    if (!/^\s*(select|with|insert into \S+ \([^)]*\) (select|with))/i.test(text)) return;
    const s = seen.get(text) ?? { sql: text, parameters: event.query.parameters, ms: 0, times: 0 };
    s.ms += event.queryDurationMillis;
    s.times++;
    seen.set(text, s);
  },
});
try {
  const data = await generateDataset({ seed: 7, outDir: dir, period: '2026-11', districts: 3, rosterRows: rows, anomalyRate: 0.05 });
  const profiles = loadConfig().bankProfiles;
  for (const f of data.files) {
    await ingestFile(db, { path: f.path, kind: f.kind, period: f.options.period, district: f.options.district, program: f.options.program as Program | undefined, profile: f.options.profile ? profiles[f.options.profile] : undefined }, { archiveDir: null, worker: false });
  }
  recording = true;
  await checkNow(db, { rules: {} }, { trigger: 'manual' });
  recording = false;
  const prefix = db.dialect === 'postgres' ? 'explain (costs off) ' : 'explain query plan ';
  console.log(`${db.dialect}: ${rows} roster rows; the ${top} slowest statements of a check (total ms over their runs)\n`);
  for (const s of [...seen.values()].sort((a, b) => b.ms - a.ms).slice(0, top)) {
    console.log(`── ${s.ms.toFixed(0)} ms ×${s.times}  ${s.sql.replace(/\s+/g, ' ').slice(0, 160)}…`);
    const plan = await db.kysely.executeQuery(CompiledQuery.raw(prefix + s.sql, [...s.parameters]));
    for (const r of plan.rows as Record<string, unknown>[]) console.log(`   ${String(r['QUERY PLAN'] ?? r.detail)}`);
    console.log('');
  }
} finally {
  if (dbArg && !args.includes('--keep')) await sql`drop schema ${sql.id(schema)} cascade`.execute(db.kysely);
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
