/**
 * The run's findings as the report shows them: in report order (new first, newest first, most severe
 * first), with the review mark in force, streamed from the database so a run with a million findings
 * never sits in memory. Human views are masked; the export is whole.
 */
import type { Selectable } from 'kysely';
import type { Db, FindingTable } from '../db/index.ts';
import { amountOf, latestReviews, type ReviewState } from '../findings/index.ts';
import type { Lang } from '../lang.ts';
import { RULES, type Severity } from '../rules/index.ts';
import { SEVERITIES } from './labels.ts';
import type { FindingSource, ReportFinding, RunFacts } from './model-types.ts';
import type { Privacy } from './privacy.ts';
import { effectiveStatus, SEVERITY_RANK, statusRank } from './status-sql.ts';

type Row = Selectable<FindingTable> & { shownStatus: string };

const CHUNK = 1000;

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function parseObject(text: string): Record<string, unknown> {
  const v = parse(text);
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function labelOf(subject: Record<string, string>, data: Record<string, unknown>): string | null {
  const v = subject.label ?? data.label;
  return typeof v === 'string' ? v : null;
}

export function toReportFinding(r: Row, reviews: Map<string, ReviewState>, lang: Lang, p: Privacy): ReportFinding {
  const { subject, ...data } = parseObject(r.dataJson) as Record<string, unknown> & { subject?: Record<string, string> };
  const def = RULES[r.rule];
  const evidence = parse(r.evidenceJson);
  return {
    fingerprint: r.fingerprint,
    rule: r.rule,
    ruleTitle: def ? (lang === 'en' ? def.titleEn : def.title) : r.title,
    severity: SEVERITIES.includes(r.severity as Severity) ? (r.severity as Severity) : 'low',
    status: r.shownStatus === 'new' || r.shownStatus === 'resolved' ? r.shownStatus : 'persisting',
    period: r.period,
    district: r.district,
    districtCode: r.districtCode,
    program: r.program,
    name: r.name,
    idNumber: p.id(r.idNumber),
    accountNo: p.account(r.accountNo),
    label: labelOf(subject ?? {}, data),
    expectedFen: r.expectedFen === null ? null : Number(r.expectedFen),
    actualFen: r.actualFen === null ? null : Number(r.actualFen),
    title: r.title,
    message: p.text(lang === 'en' ? (r.messageEn ?? r.message) : r.message),
    firstSeen: r.firstSeen,
    evidence: Array.isArray(evidence) ? (evidence as ReportFinding['evidence']) : [],
    subject: subject ?? {},
    data,
    review: reviews.get(r.fingerprint) ?? null,
  };
}

function query(db: Db, run: RunFacts, rule: string | undefined) {
  let q = db.kysely
    .selectFrom('findings as f')
    .selectAll('f')
    .select(effectiveStatus(run.startedAt).as('shownStatus'))
    .where('f.runId', '=', run.id);
  if (rule !== undefined) q = q.where('f.rule', '=', rule);
  return q.orderBy(statusRank(run.startedAt)).orderBy('f.firstSeen', 'desc').orderBy(SEVERITY_RANK).orderBy('f.period', 'desc').orderBy('f.district').orderBy('f.id');
}

export async function findingSource(db: Db, run: RunFacts, lang: Lang, p: Privacy, whole: Privacy, capPerRule: number): Promise<FindingSource> {
  const reviews = await latestReviews(db);
  const perRule = await db.kysely
    .selectFrom('findings as f')
    .select((eb) => ['f.rule', eb.fn.countAll<number>().as('n'), eb.fn.min(SEVERITY_RANK).as('rank')])
    .where('f.runId', '=', run.id)
    .groupBy('f.rule')
    .execute();
  const rules = perRule
    .sort((a, b) => Number(a.rank) - Number(b.rank) || Number(b.n) - Number(a.n) || a.rule.localeCompare(b.rule))
    .map((r) => r.rule);
  const sample: ReportFinding[] = [];
  for (const rule of rules) {
    const rows = (await query(db, run, rule).limit(capPerRule).execute()) as Row[];
    for (const r of rows) sample.push(toReportFinding(r, reviews, lang, p));
  }
  const order = { new: 0, persisting: 1, resolved: 2 } as const;
  sample.sort((a, b) => order[a.status] - order[b.status]);

  async function* stream(rule: string | undefined, policy: Privacy): AsyncGenerator<ReportFinding> {
    for await (const r of query(db, run, rule).stream(CHUNK)) yield toReportFinding(r as Row, reviews, lang, policy);
  }
  return {
    total: perRule.reduce((s, r) => s + Number(r.n), 0),
    sample,
    capPerRule,
    rules,
    stream: (opts = {}) => stream(opts.rule, p),
    exportAll: () => stream(undefined, whole),
  };
}


/**
 * The `n` new high-severity findings of the run about the most money (then report order), masked as
 * the report asks: what a supervisor should look at first. A false positive is left out.
 */
export async function topNewHigh(db: Db, run: RunFacts, lang: Lang, p: Privacy, n: number): Promise<ReportFinding[]> {
  const reviews = await latestReviews(db);
  const rows = db.kysely
    .selectFrom('findings as f')
    .selectAll('f')
    .select(effectiveStatus(run.startedAt).as('shownStatus'))
    .where('f.runId', '=', run.id)
    .where('f.severity', '=', 'high')
    .where(effectiveStatus(run.startedAt), '=', 'new')
    .orderBy('f.id');
  const top: { amount: number; row: Row }[] = [];
  for await (const r of rows.stream(CHUNK)) {
    const row = r as Row;
    if (reviews.get(row.fingerprint)?.mark === 'false-positive') continue;
    const amount = amountOf({ rule: row.rule, expectedFen: row.expectedFen === null ? null : Number(row.expectedFen), actualFen: row.actualFen === null ? null : Number(row.actualFen) });
    if (top.length === n && amount <= top[top.length - 1]!.amount) continue;
    top.push({ amount, row });
    top.sort((a, b) => b.amount - a.amount);
    if (top.length > n) top.pop();
  }
  return top.map((t) => toReportFinding(t.row, reviews, lang, p));
}
