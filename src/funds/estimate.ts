/**
 * 四（一）资金测算：from the roster history, per district × program — recipients and average amount month by
 * month, the trend (least-squares line through the monthly totals), the standard if a standards table was
 * given, and next year's estimate two ways: recipients × standard × 12 (latest month's recipients) and the
 * trend carried through the twelve months of the year. Sums are taken in SQL over the active roster (files
 * no later file superseded); the estimates are forecasts, rounded to the fen once, at the end.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.ts';

export interface MonthFigures {
  period: string;
  district: string;
  program: string;
  recipients: number;
  totalFen: number;
  averageFen: number;
}

export interface EstimateLine {
  district: string;
  program: string;
  months: MonthFigures[];
  latest: MonthFigures;
  /** Least squares through the monthly totals: total(t) = interceptFen + slopeFen × t, t = months since the first month. */
  slopeFen: number;
  interceptFen: number;
  /** Monthly standard used (fen) and where it came from; null without a standards table. */
  standardFen: number | null;
  standardNote: string | null;
  /** latest recipients × standard × 12. */
  byStandardFen: number | null;
  /** Σ over the 12 months of the year of the trend line (never below 0). */
  byTrendFen: number;
  /** The month offsets of January and December of the year from the first month. */
  tFrom: number;
  tTo: number;
}

export interface Estimate {
  year: number;
  /** History used: months before the year. */
  firstPeriod: string | null;
  lastPeriod: string | null;
  lines: EstimateLine[];
}

const monthIndex = (period: string) => Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1;

export async function estimate(db: Kysely<Database>, year: number, historyMonths = 12): Promise<Estimate> {
  const before = `${year}-01`;
  const rows = await db
    .selectFrom('rosterEntries as re')
    .innerJoin('sourceFiles as f', 'f.id', 're.fileId')
    .where('f.supersededBy', 'is', null)
    .where('re.period', '<', before)
    .where('re.district', 'is not', null)
    .select((eb) => ['re.period', 're.district', 're.program', eb.fn.countAll<number>().as('recipients'), eb.fn.sum<number>('re.approvedFen').as('totalFen')])
    .groupBy(['re.period', 're.district', 're.program'])
    .orderBy('re.district')
    .orderBy('re.program')
    .orderBy('re.period')
    .execute();
  const standards = await db
    .selectFrom('standards as s')
    .innerJoin('sourceFiles as f', 'f.id', 's.fileId')
    .where('f.supersededBy', 'is', null)
    .where('s.effectiveFrom', '<=', `${year}-01-01`)
    .select(['s.program', 's.district', 's.area', 's.effectiveFrom', 's.monthlyStandardFen'])
    .orderBy('s.effectiveFrom', 'desc')
    .execute();

  const groups = new Map<string, MonthFigures[]>();
  for (const r of rows) {
    const m: MonthFigures = {
      period: r.period, district: r.district!, program: r.program, recipients: Number(r.recipients), totalFen: Number(r.totalFen),
      averageFen: Math.round(Number(r.totalFen) / Number(r.recipients)),
    };
    const k = `${m.district}|${m.program}`;
    groups.set(k, [...(groups.get(k) ?? []), m]);
  }
  const lines: EstimateLine[] = [];
  for (const all of groups.values()) {
    const months = all.slice(-historyMonths);
    const latest = months.at(-1)!;
    const t0 = monthIndex(months[0]!.period);
    const ts = months.map((m) => monthIndex(m.period) - t0);
    const ys = months.map((m) => m.totalFen);
    const n = months.length;
    const tMean = ts.reduce((a, b) => a + b, 0) / n;
    const yMean = ys.reduce((a, b) => a + b, 0) / n;
    const sxx = ts.reduce((s, t) => s + (t - tMean) ** 2, 0);
    const slope = sxx === 0 ? 0 : ts.reduce((s, t, i) => s + (t - tMean) * (ys[i]! - yMean), 0) / sxx;
    const intercept = yMean - slope * tMean;
    const tFrom = monthIndex(`${year}-01`) - t0;
    const tTo = tFrom + 11;
    let trend = 0;
    for (let t = tFrom; t <= tTo; t++) trend += Math.max(0, intercept + slope * t);
    // The standard of the district if it has one, else the city-wide one; of several areas (城市 / 农村), the highest.
    const applicable = standards.filter((s) => s.program === latest.program);
    const own = applicable.filter((s) => s.district === latest.district);
    const pool = own.length ? own : applicable.filter((s) => s.district === null);
    const newest = pool.length ? pool[0]!.effectiveFrom : null;
    const current = pool.filter((s) => s.effectiveFrom === newest);
    const top = current.reduce<(typeof current)[number] | null>((best, s) => (!best || s.monthlyStandardFen > best.monthlyStandardFen ? s : best), null);
    const standardFen = top ? Number(top.monthlyStandardFen) : null;
    const standardNote = top
      ? `${top.effectiveFrom} 起执行${top.district ? `（${top.district}）` : ''}${top.area ? `，${top.area === 'urban' ? '城市' : '农村'}` : ''}${current.length > 1 ? '，多个区域取最高' : ''}`
      : null;
    lines.push({
      district: latest.district, program: latest.program, months, latest, slopeFen: slope, interceptFen: intercept,
      standardFen, standardNote, byStandardFen: standardFen === null ? null : latest.recipients * standardFen * 12,
      byTrendFen: Math.round(trend), tFrom, tTo,
    });
  }
  const periods = rows.map((r) => r.period).sort();
  return { year, firstPeriod: periods[0] ?? null, lastPeriod: periods.at(-1) ?? null, lines };
}
