/** Finding counts of a run (by status, severity, rule, district) and the trend over recent runs, in SQL groups. */
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { RULES, type Severity } from '../rules/index.ts';
import { SEVERITIES, type Status } from './labels.ts';
import type { DistrictCount, FindingCounts, RuleCount, RunFacts, TrendPoint } from './model-types.ts';
import { effectiveStatus, markInForce } from './status-sql.ts';

const zeroSeverity = (): Record<Severity, number> => ({ high: 0, medium: 0, low: 0 });
const zeroStatus = (): Record<Status, number> => ({ new: 0, persisting: 0, resolved: 0 });
const asSeverity = (s: string): Severity => (SEVERITIES.includes(s as Severity) ? (s as Severity) : 'low');
const asStatus = (s: string): Status => (s === 'new' || s === 'resolved' ? s : 'persisting');

export async function countFindings(db: Db, run: RunFacts, unknownDistrict: string): Promise<FindingCounts> {
  const rows = db.kysely
    .selectFrom('findings as f')
    .where('f.runId', '=', run.id)
    .select(['f.rule', 'f.title', 'f.severity', 'f.district', effectiveStatus(run.startedAt).as('status'), markInForce().as('mark')]);
  const groups = await db.kysely
    .selectFrom(rows.as('x'))
    .select((eb) => ['x.rule', 'x.title', 'x.severity', 'x.district', 'x.status', 'x.mark', eb.fn.countAll<number>().as('n')])
    .groupBy(['x.rule', 'x.title', 'x.severity', 'x.district', 'x.status', 'x.mark'])
    .execute();

  const counts: FindingCounts = { total: 0, open: 0, byStatus: zeroStatus(), falsePositive: 0, reviewed: 0, bySeverity: zeroSeverity(), byRule: [], byDistrict: [] };
  const rules = new Map<string, RuleCount>();
  const districts = new Map<string, DistrictCount>();
  for (const g of groups) {
    const n = Number(g.n);
    const status = asStatus(g.status);
    const severity = asSeverity(g.severity);
    const open = status !== 'resolved' && g.mark !== 'false-positive';
    counts.total += n;
    counts.byStatus[status] += n;
    if (g.mark) counts.reviewed += n;
    if (status !== 'resolved' && g.mark === 'false-positive') counts.falsePositive += n;
    const rule = rules.get(g.rule) ?? {
      rule: g.rule, title: RULES[g.rule]?.title ?? g.title, clause: RULES[g.rule]?.clause ?? '', total: 0, open: 0, byStatus: zeroStatus(), bySeverity: zeroSeverity(),
    };
    rules.set(g.rule, rule);
    rule.total += n;
    rule.byStatus[status] += n;
    const name = g.district ?? unknownDistrict;
    const district = districts.get(name) ?? { district: name, open: 0, new: 0, bySeverity: zeroSeverity() };
    districts.set(name, district);
    if (status === 'new') district.new += n;
    if (!open) continue;
    counts.open += n;
    counts.bySeverity[severity] += n;
    rule.open += n;
    rule.bySeverity[severity] += n;
    district.open += n;
    district.bySeverity[severity] += n;
  }
  counts.byRule = [...rules.values()].sort((a, b) => b.open - a.open || b.total - a.total || a.rule.localeCompare(b.rule));
  counts.byDistrict = [...districts.values()].sort((a, b) => b.open - a.open || b.new - a.new || a.district.localeCompare(b.district, 'zh'));
  return counts;
}

/** Open / new / resolved findings of the last `n` finished runs up to this one, oldest first. */
export async function trendOf(db: Db, run: RunFacts, n = 30): Promise<TrendPoint[]> {
  const runs = await db.kysely
    .selectFrom('runs')
    .select(['id', 'startedAt'])
    .where('id', '<=', run.id)
    .where((eb) => eb.or([eb('outcome', '=', 'done'), eb('id', '=', run.id)]))
    .orderBy('id', 'desc')
    .limit(n)
    .execute();
  if (runs.length === 0) return [];
  const rows = db.kysely
    .selectFrom('findings as f')
    .innerJoin('runs as r', 'r.id', 'f.runId')
    .where('f.runId', 'in', runs.map((r) => r.id))
    .select(['f.runId', 'f.severity', effectiveStatus(sql.ref('r.started_at')).as('status'), markInForce().as('mark')]);
  const groups = await db.kysely
    .selectFrom(rows.as('x'))
    .select((eb) => ['x.runId', 'x.severity', 'x.status', 'x.mark', eb.fn.countAll<number>().as('n')])
    .groupBy(['x.runId', 'x.severity', 'x.status', 'x.mark'])
    .execute();
  const points = new Map<number, TrendPoint>(runs.map((r) => [r.id, { runId: r.id, startedAt: r.startedAt, open: 0, new: 0, resolved: 0, bySeverity: zeroSeverity() }]));
  for (const g of groups) {
    const p = points.get(g.runId)!;
    const n = Number(g.n);
    const status = asStatus(g.status);
    if (status === 'new') p.new += n;
    if (status === 'resolved') p.resolved += n;
    if (status === 'resolved' || g.mark === 'false-positive') continue;
    p.open += n;
    p.bySeverity[asSeverity(g.severity)] += n;
  }
  return [...points.values()].sort((a, b) => a.runId - b.runId);
}
