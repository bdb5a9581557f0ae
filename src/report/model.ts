/**
 * Builds the one report model of a run. Everything a writer shows comes from here; the writers never
 * query the database. Big parts (findings, rejected rows) are counted and sampled here and streamed
 * to the writers that list them all (Excel, JSON, CSV).
 */
import type { Db } from '../db/index.ts';
import { nowInShanghai } from '../domain/index.ts';
import type { Lang } from '../lang.ts';
import { batchTable } from '../reconcile/index.ts';
import { countFindings, trendOf } from './counts.ts';
import { moneyAtStake } from '../findings/index.ts';
import { findingSource, topNewHigh } from './findings.ts';
import { fundsView } from './funds.ts';
import { filesOfRun } from './intake.ts';
import { unknownText } from './labels.ts';
import type { BatchView, ReportModel } from './model-types.ts';
import { privacy } from './privacy.ts';
import { countRejected, rejectedSource, sampleRejected } from './rejected.ts';
import { loadRun, ruleViews } from './run-facts.ts';

/** How much of a long list the HTML page carries; Excel, JSON and CSV hold everything. */
export const PAGE_CAPS = { findingsPerRule: 300, rejectedRows: 500, trendRuns: 30, topNew: 10 } as const;

export interface ReportOptions {
  lang: Lang;
  /** Whole ID and account numbers in the human reports (the operator asked for them). */
  unmask: boolean;
}

export async function buildReportModel(db: Db, runId: number, opts: ReportOptions): Promise<ReportModel> {
  const { facts: run, stats } = await loadRun(db, runId);
  const shown = privacy(opts.unmask);
  const files = await filesOfRun(db, run, stats.files);
  const batches: BatchView[] = (await batchTable(db.kysely, run.periods)).map((b) => ({
    period: b.period,
    district: b.district,
    program: b.program,
    approvedCount: b.approvedCount,
    approvedFen: b.approvedFen,
    paidCount: b.paidCount,
    paidFen: b.paidFen,
    countDiff: b.paidCount - b.approvedCount,
    fenDiff: b.paidFen - b.approvedFen,
    agrees: b.paidCount === b.approvedCount && b.paidFen === b.approvedFen,
  }));
  const rules = ruleViews(stats.rules ?? []);
  const counts = await countFindings(db, run, unknownText(opts.lang));
  // Rules declared in the config (cross-check lists) have their clause in the run record, not the registry.
  for (const c of counts.byRule) if (!c.clause) c.clause = rules.find((r) => r.rule === c.rule)?.clause ?? '';
  return {
    lang: opts.lang,
    unmask: opts.unmask,
    generatedAt: nowInShanghai(),
    run,
    rules,
    files,
    rejected: rejectedSource(db, files, await countRejected(db, files), await sampleRejected(db, files, shown, PAGE_CAPS.rejectedRows), shown),
    batches,
    counts,
    trend: await trendOf(db, run, PAGE_CAPS.trendRuns),
    findings: await findingSource(db, run, opts.lang, shown, privacy(true), PAGE_CAPS.findingsPerRule),
    money: await moneyAtStake(db, run.id),
    topNew: await topNewHigh(db, run, opts.lang, shown, PAGE_CAPS.topNew),
    funds: await fundsView(db, counts),
  };
}
