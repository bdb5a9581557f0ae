/**
 * The report files a run's page shows and offers: the files the run wrote (in its own folder), while they
 * are still there and that run's; otherwise written on demand into a
 * folder of the portal's own under the reports folder, never over another run's files.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { buildReportModel, reportFileNames, writeHtml, writeXlsx } from '../report/index.ts';
import { getRun, reportsReplaced } from './runs.ts';

export type ReportFormat = 'html' | 'xlsx';

export const PORTAL_REPORTS_DIR = '.portal';

export async function reportFile(db: Db, config: Config, runId: number, format: ReportFormat): Promise<string | null> {
  const run = await getRun(db, runId);
  if (!run || run.outcome !== 'done') return null;
  const written = run.reports?.files.find((f) => f.endsWith(`.${format}`));
  if (written && existsSync(written) && !(await reportsReplaced(db, run))) return written;
  const dir = join(config.reports, PORTAL_REPORTS_DIR, `run-${runId}`);
  await mkdir(dir, { recursive: true });
  const path = join(dir, reportFileNames(config.lang)[format]);
  const model = await buildReportModel(db, runId, { lang: config.lang, unmask: false });
  await (format === 'html' ? writeHtml(model, path) : writeXlsx(model, path));
  return path;
}
