/**
 * The reference for `npm run bench`: what a data clerk's DuckDB script does with the same two CSV files —
 * read both, batch counts and totals, and the per-person join (who was approved but not paid, paid but not
 * approved, paid twice, paid another amount). Plain JavaScript, run as its own process so its start-up and
 * peak RSS are measured like relief-recon's. Prints one JSON line.
 *   node scripts/bench-duckdb.mjs ROSTER.csv BANK.csv
 */
import { DuckDBInstance } from '@duckdb/node-api';

const [rosterPath, bankPath] = process.argv.slice(2);
if (!rosterPath || !bankPath) {
  console.error('usage: node scripts/bench-duckdb.mjs ROSTER.csv BANK.csv');
  process.exit(2);
}
const t0 = performance.now();
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const lit = (p) => `'${p.replaceAll("'", "''")}'`;
await c.run(`CREATE TABLE roster AS SELECT * FROM read_csv(${lit(rosterPath)}, header = true, all_varchar = true)`);
await c.run(`CREATE TABLE bank AS SELECT * FROM read_csv(${lit(bankPath)}, header = true, all_varchar = true)`);
const tRead = performance.now();
const fen = (col) => `CAST(round(CAST(replace(${col}, ',', '') AS DECIMAL(18,2)) * 100) AS BIGINT)`;
const batches = await c.runAndReadAll(
  `SELECT 批次号, count(*) AS n, sum(${fen('金额')}) AS fen, sum(${fen('手续费')}) AS fee,
          count(*) FILTER (WHERE 状态 <> '成功') AS failed
     FROM bank GROUP BY 批次号 ORDER BY 批次号`,
);
const tBatches = performance.now();
const person = await c.runAndReadAll(
  `WITH paid AS (
     SELECT 证件号码 AS id, count(*) AS n, sum(${fen('金额')}) AS fen, any_value(账号) AS account
       FROM bank WHERE 状态 = '成功' GROUP BY 证件号码),
   approved AS (
     SELECT 身份证号码 AS id, 发放月份 AS period, sum(${fen('核定金额')}) AS fen, any_value(银行账号) AS account
       FROM roster GROUP BY 身份证号码, 发放月份)
   SELECT
     count(*) FILTER (WHERE paid.id IS NULL) AS missing,
     count(*) FILTER (WHERE approved.id IS NULL) AS unapproved,
     count(*) FILTER (WHERE paid.n > 1) AS twice,
     count(*) FILTER (WHERE paid.id IS NOT NULL AND approved.id IS NOT NULL AND paid.fen <> approved.fen) AS amount,
     count(*) FILTER (WHERE paid.id IS NOT NULL AND approved.id IS NOT NULL AND paid.account <> approved.account) AS account
   FROM approved FULL OUTER JOIN paid ON paid.id = approved.id`,
);
const tJoin = performance.now();
const [row] = person.getRowObjectsJson();
console.log(JSON.stringify({
  ms: { read: Math.round(tRead - t0), batches: Math.round(tBatches - tRead), join: Math.round(tJoin - tBatches), total: Math.round(tJoin - t0) },
  batches: batches.currentRowCount,
  person: row,
}));
