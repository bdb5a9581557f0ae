/**
 * Writes every report of a run into `<outDir>/<YYYY-MM-DD>/run-<id>/` (the run's start date in
 * Asia/Shanghai): the Excel and HTML reports for people, findings.json and findings.csv (mode 0600) for
 * other systems. One folder per run, so a manual re-run never erases the nightly report a supervisor
 * is reading; `<YYYY-MM-DD>/latest` and `<outDir>/latest` point at the newest run's folder (stable
 * paths for bookmarks and other systems). Writing a run's reports again replaces its files whole, and
 * first removes the `.part` files an interrupted attempt left in its folder.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readlink, rename, rm, symlink } from 'node:fs/promises';
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
  const day = join(opts.outDir, model.run.date);
  const dir = join(day, runFolder(runId));
  await mkdir(dir, { recursive: true });
  await removeParts(dir);
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
  await pointLatest(day, runFolder(runId), runId);
  await pointLatest(opts.outDir, join(model.run.date, runFolder(runId)), runId);
  return { dir, files };
}

export const LATEST = 'latest';
export const runFolder = (runId: number): string => `run-${runId}`;

/** Half-written files (`<name>.<hex>.part`) of an attempt that was killed while writing. */
async function removeParts(dir: string): Promise<void> {
  for (const name of await readdir(dir)) if (name.endsWith('.part')) await rm(join(dir, name), { force: true });
}

/**
 * Points `<parent>/latest` at `target` (relative), unless it already points at a later run: re-writing
 * an older run's reports does not move it back. The link is replaced atomically (a new link renamed over).
 */
async function pointLatest(parent: string, target: string, runId: number): Promise<void> {
  const link = join(parent, LATEST);
  const current = await readlink(link).catch(() => null);
  const currentRun = current ? Number(/run-(\d+)$/.exec(current)?.[1] ?? 0) : 0;
  if (current === target || currentRun > runId) return;
  const temp = `${link}.${randomBytes(4).toString('hex')}.tmp`;
  await symlink(target, temp, 'dir');
  try {
    await rename(temp, link);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}
