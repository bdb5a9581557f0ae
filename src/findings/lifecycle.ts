/**
 * Stores a run's findings and places each against the previous run: `new` (not there before),
 * `persisting` (there before, still here, keeping its first-seen time), `resolved` (there before,
 * gone now — listed once, in this run). Findings of periods this run did not examine are carried
 * over unchanged, so the latest run always holds the whole open picture.
 */
import type { Db } from '../db/index.ts';
import type { Finding } from '../rules/index.ts';

export interface LifecycleCounts {
  new: number;
  persisting: number;
  resolved: number;
  carried: number;
}

export async function previousRunId(db: Db, runId: number): Promise<number | null> {
  const row = await db.kysely
    .selectFrom('runs')
    .select('id')
    .where('id', '<', runId)
    .where('outcome', '=', 'done')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function recordFindings(
  db: Db,
  runId: number,
  now: string,
  findings: readonly Finding[],
  scope: {
    periods: readonly string[];
    allPeriods: boolean;
    /** These rules judged only these periods (their other findings are carried over, as for periods not checked). */
    narrow?: { rules: readonly string[]; periods: readonly string[] };
  },
): Promise<LifecycleCounts> {
  const prevId = await previousRunId(db, runId);
  const previous = prevId === null
    ? []
    : await db.kysely.selectFrom('findings').selectAll().where('runId', '=', prevId).where('status', '<>', 'resolved').execute();
  const narrow = new Set(scope.narrow?.rules ?? []);
  const inScope = (rule: string, period: string | null) =>
    narrow.has(rule)
      ? period !== null && scope.narrow!.periods.includes(period)
      : period === null ? scope.allPeriods : scope.allPeriods || scope.periods.includes(period);
  const before = new Map(previous.filter((f) => inScope(f.rule, f.period)).map((f) => [f.fingerprint, f]));
  const previousByFingerprint = new Map(previous.map((f) => [f.fingerprint, f]));
  const counts: LifecycleCounts = { new: 0, persisting: 0, resolved: 0, carried: 0 };
  const current = new Set<string>();

  await db.write(async (w) => {
    const columns = [
      'runId', 'rule', 'severity', 'fingerprint', 'title', 'message', 'messageEn', 'period', 'district', 'districtCode', 'program', 'idNumber', 'name',
      'accountNo', 'expectedFen', 'actualFen', 'evidenceJson', 'dataJson', 'status', 'firstSeen',
    ];
    const rows: unknown[][] = [];
    for (const f of findings) {
      current.add(f.fingerprint);
      // Found again is persisting even when its period was outside the previous run's scope (the funds
      // rules judge the whole ledger and carry no period).
      const prev = before.get(f.fingerprint) ?? previousByFingerprint.get(f.fingerprint);
      const status = prev ? 'persisting' : 'new';
      counts[status]++;
      rows.push([
        runId, f.rule, f.severity, f.fingerprint, f.title, f.message, f.messageEn, f.period, f.district, f.districtCode, f.program, f.idNumber, f.name,
        f.accountNo, f.expectedFen, f.actualFen, JSON.stringify(f.evidence), JSON.stringify({ subject: f.subject, ...f.data }), status, prev?.firstSeen ?? now,
      ]);
    }
    for (const prev of previous) {
      if (current.has(prev.fingerprint)) continue;
      const resolved = before.has(prev.fingerprint);
      counts[resolved ? 'resolved' : 'carried']++;
      rows.push([
        runId, prev.rule, prev.severity, prev.fingerprint, prev.title, prev.message, prev.messageEn, prev.period, prev.district, prev.districtCode, prev.program,
        prev.idNumber, prev.name, prev.accountNo, prev.expectedFen, prev.actualFen, prev.evidenceJson, prev.dataJson,
        // Carried over: not first seen by this run, so not new in it (status.ts — one definition for every reader).
        resolved ? 'resolved' : prev.status === 'new' ? 'persisting' : prev.status, prev.firstSeen,
      ]);
    }
    await w.insertMany('findings', columns, rows);
  });
  return counts;
}
