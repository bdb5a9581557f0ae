/**
 * Writes every report of a run into `<outDir>/<YYYY-MM-DD>/` (the run's start date in Asia/Shanghai):
 * the Excel and HTML reports for people, findings.json and findings.csv (mode 0600) for other systems.
 * A re-run for the same run replaces its files whole.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../db/index.ts';
import type { Lang } from '../lang.ts';
import { writeCsv } from './csv.ts';
import { writeHtml } from './html.ts';
import { writeJson } from './json.ts';
import { buildReportModel } from './model.ts';
import { writeXlsx } from './xlsx.ts';

export interface WriteReportsOptions {
  outDir: string;
  lang: Lang;
  /** Whole ID and account numbers in the human reports too. */
  unmask?: boolean;
  /** Called after each file with how long it took: for progress lines and the benchmark. */
  onFile?: (file: string, ms: number) => void;
}

export function reportFileNames(lang: Lang) {
  const human = lang === 'en' ? 'exceptions' : '异常预警报告';
  return { xlsx: `${human}.xlsx`, html: `${human}.html`, json: 'findings.json', csv: 'findings.csv' };
}

export async function writeReports(db: Db, runId: number, opts: WriteReportsOptions): Promise<{ dir: string; files: string[] }> {
  let t = performance.now();
  const model = await buildReportModel(db, runId, { lang: opts.lang, unmask: opts.unmask ?? false });
  opts.onFile?.('(model)', performance.now() - t);
  const dir = join(opts.outDir, model.run.date);
  await mkdir(dir, { recursive: true });
  const names = reportFileNames(opts.lang);
  const writers: [string, (path: string) => Promise<void>][] = [
    [names.xlsx, (p) => writeXlsx(model, p)],
    [names.html, (p) => writeHtml(model, p)],
    [names.json, (p) => writeJson(model, p)],
    [names.csv, (p) => writeCsv(model, p)],
  ];
  const files: string[] = [];
  for (const [name, write] of writers) {
    const path = join(dir, name);
    t = performance.now();
    await write(path);
    opts.onFile?.(path, performance.now() - t);
    files.push(path);
  }
  return { dir, files };
}
