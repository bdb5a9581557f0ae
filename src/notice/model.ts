/**
 * The 公示 list of a month: the approved recipients of the rosters in force (files no later file
 * superseded), grouped by village / community. Only the columns a public notice may carry are ever
 * selected — the ID, account, proxy and phone columns never leave the database here.
 */
import type { NoticeConfig } from '../config.ts';
import type { Db } from '../db/index.ts';
import { PROGRAMS, type Program } from '../domain/index.ts';
import { activeRoster } from '../reconcile/index.ts';
import { maskName, scrubNumbers } from './scrub.ts';

export const NO_PLACE = '（未填写）';

export interface NoticeLine {
  name: string;
  householdSize: number | null;
  program: string;
  monthlyFen: number;
}

export interface NoticePage {
  district: string;
  township: string;
  village: string;
  lines: NoticeLine[];
  households: number;
  people: number;
  totalFen: number;
}

export interface NoticeModel {
  period: string;
  days: number;
  complaintChannel: string;
  issuer: string | null;
  pages: NoticePage[];
}

export interface NoticeFilter {
  period: string;
  district?: string;
  township?: string;
}

export function programName(program: string): string {
  return PROGRAMS[program as Program]?.zh ?? scrubNumbers(program);
}

export async function buildNotice(db: Db, config: NoticeConfig, filter: NoticeFilter): Promise<NoticeModel> {
  let q = db.kysely
    .selectFrom(activeRoster(db.kysely, [filter.period]).as('r'))
    .select(['r.district', 'r.township', 'r.village', 'r.name', 'r.householdSize', 'r.program', 'r.approvedFen', 'r.fileId', 'r.rowNo']);
  if (filter.district) q = q.where('r.district', '=', filter.district);
  if (filter.township) q = q.where('r.township', '=', filter.township);
  const rows = await q.orderBy('r.district').orderBy('r.township').orderBy('r.village').orderBy('r.fileId').orderBy('r.rowNo').execute();
  const pages = new Map<string, NoticePage>();
  for (const r of rows) {
    const district = scrubNumbers(r.district ?? NO_PLACE);
    const township = scrubNumbers(r.township ?? NO_PLACE);
    const village = scrubNumbers(r.village ?? NO_PLACE);
    const key = JSON.stringify([district, township, village]);
    let page = pages.get(key);
    if (!page) pages.set(key, (page = { district, township, village, lines: [], households: 0, people: 0, totalFen: 0 }));
    page.lines.push({ name: maskName(r.name, config.nameMask), householdSize: r.householdSize, program: programName(r.program), monthlyFen: Number(r.approvedFen) });
    page.households++;
    page.people += r.householdSize ?? 1;
    page.totalFen += Number(r.approvedFen);
  }
  return { period: filter.period, days: config.days, complaintChannel: config.complaintChannel, issuer: config.issuer, pages: [...pages.values()] };
}

/** 五（四）: counts and amounts by district × program × month, no personal data at all. */
export interface SummaryRow {
  period: string;
  district: string;
  program: string;
  households: number;
  people: number;
  totalFen: number;
}

export async function buildSummary(db: Db, periods: string[], district?: string): Promise<SummaryRow[]> {
  let q = db.kysely
    .selectFrom(activeRoster(db.kysely, periods).as('r'))
    .select((eb) => [
      'r.period',
      'r.district',
      'r.program',
      eb.fn.countAll<number>().as('households'),
      eb.fn.sum<number>(eb.fn.coalesce('r.householdSize', eb.val(1))).as('people'),
      eb.fn.sum<number>('r.approvedFen').as('totalFen'),
    ])
    .groupBy(['r.period', 'r.district', 'r.program']);
  if (district) q = q.where('r.district', '=', district);
  const rows = await q.orderBy('r.period').orderBy('r.district').orderBy('r.program').execute();
  return rows.map((r) => ({
    period: r.period,
    district: scrubNumbers(r.district ?? NO_PLACE),
    program: programName(r.program),
    households: Number(r.households),
    people: Number(r.people),
    totalFen: Number(r.totalFen),
  }));
}
