/**
 * Times each rule on a copy of a site's SQLite database (a kept benchmark site, after a `run`):
 *   npx tsx scripts/bench-rules.ts bench-data/site-1000000/data/relief-recon.db [--period 2026-12]... [--rules a,b] [--top 4] [--together]
 * Copies the file to a temporary folder (the original is not touched), then runs each rule alone through
 * runRules, one after the other on this thread, as a thread of the check runs them (sharing one memo), and prints its wall and
 * CPU ms (CPU: user + sys of the process, the queries run on this thread), its findings and the time of its
 * slowest statement; then the query plans (EXPLAIN QUERY PLAN) of the slowest rules' slowest statements (SQL
 * text cut short, never parameters: they hold ID numbers). `--together` then runs the whole set as the check
 * does (runRuleJobs: two threads) and prints its wall and CPU (of both threads). The periods default to all of
 * the database's (`--period` repeated or comma-separated narrows them); the rule settings are the site's
 * relief-recon.yaml when the database sits in a site's data/ folder, else the defaults.
 *
 * Each rule's findings and a digest of them (rule, fingerprint, message, evidence) are printed, so a change
 * meant to make a rule faster can be checked not to change what it finds.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CompiledQuery } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/index.ts';
import { allPeriods } from '../src/reconcile/index.ts';
import { listRules, RULES, runRuleJobs, runRules, type EngineResult, type Finding } from '../src/rules/index.ts';

const args = process.argv.slice(2);
const opts = (name: string) => args.flatMap((a, i) => (args[i - 1] === name ? a.split(',') : []));
const source = args[0];
if (!source || source.startsWith('--')) throw new Error('usage: bench-rules.ts FILE.db [--period YYYY-MM]... [--rules a,b] [--top N] [--together]');
const top = Number(opts('--top')[0] ?? 4);
const siteConfig = join(dirname(source), '..', 'relief-recon.yaml');
const config = loadConfig(existsSync(siteConfig) ? siteConfig : undefined);
const dir = mkdtempSync(join(tmpdir(), 'relief-recon-bench-rules-'));
const file = join(dir, 'copy.db');
copyFileSync(source, file);
if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${file}-wal`);

let seen: { sql: string; parameters: readonly unknown[]; ms: number }[] = [];
const db = await openDatabase(file, {
  log(event) {
    if (event.level === 'query') seen.push({ sql: event.query.sql, parameters: event.query.parameters, ms: event.queryDurationMillis });
  },
});
const cpuMs = (start: NodeJS.CpuUsage) => (({ user, system }) => (user + system) / 1000)(process.cpuUsage(start));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const digest = (findings: readonly Finding[]) =>
  createHash('sha256')
    .update(JSON.stringify(findings.map((f) => [f.rule, f.fingerprint, f.severity, f.message, f.messageEn, f.expectedFen, f.actualFen, f.evidence])))
    .digest('hex')
    .slice(0, 16);

try {
  const periods = opts('--period').length ? opts('--period') : await allPeriods(db.kysely);
  const declared = listRules(config.referenceLists ?? []);
  const ids = [...Object.keys(RULES), ...declared.map((d) => d.id).filter((id) => !RULES[id])];
  const only = opts('--rules');
  console.log(`rules on ${source} (copied), periods ${periods.join(', ')}`);
  const timed: { rule: string; wall: number; cpu: number; findings: number; state: string; statements: typeof seen }[] = [];
  const all: Finding[] = [];
  // One memo for all, as the rules of one thread of a check share it: the first rule to need a fact pays for it.
  const memo = new Map<string, unknown>();
  for (const rule of ids.filter((id) => !only.length || only.includes(id))) {
    seen = [];
    const cpu = process.cpuUsage();
    const t = performance.now();
    const r: EngineResult = await runRules(db.kysely, periods, config.rules, [rule], undefined, declared, memo);
    const wall = performance.now() - t;
    const o = r.outcomes[0]!;
    all.push(...r.findings);
    timed.push({ rule, wall, cpu: cpuMs(cpu), findings: r.findings.length, state: o.state === 'failed' ? `failed: ${o.error}` : o.state, statements: seen });
  }
  const width = Math.max(...timed.map((x) => x.rule.length));
  console.log(`${'rule'.padEnd(width)}  wall ms   CPU ms  findings  slowest statement ms  state`);
  for (const x of timed) {
    const slow = Math.max(0, ...x.statements.map((s) => s.ms));
    console.log(`${x.rule.padEnd(width)} ${fmt(x.wall).padStart(8)} ${fmt(x.cpu).padStart(8)} ${fmt(x.findings).padStart(9)} ${fmt(slow).padStart(21)}  ${x.state}`);
  }
  const sum = (f: (x: (typeof timed)[number]) => number) => timed.reduce((s, x) => s + f(x), 0);
  console.log(`${'all, one by one'.padEnd(width)} ${fmt(sum((x) => x.wall)).padStart(8)} ${fmt(sum((x) => x.cpu)).padStart(8)} ${fmt(all.length).padStart(9)}  digest ${digest(all)}`);

  for (const x of [...timed].sort((a, b) => b.wall - a.wall).slice(0, top)) {
    for (const s of [...x.statements].sort((a, b) => b.ms - a.ms).slice(0, 2)) {
      if (!/^\s*(select|with)/i.test(s.sql)) continue;
      console.log(`\n── ${x.rule}: ${fmt(s.ms)} ms  ${s.sql.replace(/\s+/g, ' ').slice(0, 160)}…`);
      const plan = await db.kysely.executeQuery(CompiledQuery.raw('explain query plan ' + s.sql, [...s.parameters]));
      for (const row of plan.rows as Record<string, unknown>[]) console.log(`   ${String(row.detail)}`);
    }
  }

  if (args.includes('--together')) {
    const jobs = ids.filter((id) => !only.length || only.includes(id)).map((rule) => ({ rule, periods }));
    const cpu = process.cpuUsage();
    const t = performance.now();
    const r = await runRuleJobs(db, jobs, { settings: config.rules, referenceLists: config.referenceLists ?? [], parallel: true });
    console.log(
      `\ntogether (runRuleJobs, two threads): ${fmt(performance.now() - t)} ms wall, ${fmt(cpuMs(cpu))} ms CPU (both threads), ` +
        `${fmt(r.findings.length)} findings, digest ${digest(r.findings)}, ${r.onSecond} of ${jobs.length} rules on the second thread`,
    );
  }
} finally {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
