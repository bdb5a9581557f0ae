/**
 * Writes the 公示 files into a folder: the list (HTML for printing, Excel) or, with `summary`, the
 * public summary (五（四）). Files are written whole to a temporary name and then renamed, so a reader
 * never sees half a notice.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NoticeConfig } from '../config.ts';
import type { Db } from '../db/index.ts';
import { todayInShanghai } from '../domain/index.ts';
import { renderNoticeHtml, renderSummaryHtml, monthText } from './html.ts';
import { buildNotice, buildSummary } from './model.ts';
import { writeNoticeXlsx, writeSummaryXlsx } from './xlsx.ts';

export interface WriteNoticeOptions {
  /** `YYYY-MM`; for the summary also `YYYY` (every month of that year). */
  period: string;
  district?: string;
  township?: string;
  summary?: boolean;
  outDir: string;
}

export interface WrittenNotice {
  files: string[];
  /** Villages (pages) in the list, or rows in the summary. */
  pages: number;
  lines: number;
}

const safePart = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '_');

async function atomically(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${path}.part`;
  await write(tmp);
  await rename(tmp, path);
}

export async function writeNotice(db: Db, config: NoticeConfig, opts: WriteNoticeOptions): Promise<WrittenNotice> {
  await mkdir(opts.outDir, { recursive: true });
  const postedOn = todayInShanghai();
  const suffix = [opts.period, opts.district, opts.township].filter(Boolean).map((s) => safePart(s!)).join('-');
  if (opts.summary) {
    const periods = /^\d{4}$/.test(opts.period) ? Array.from({ length: 12 }, (_, i) => `${opts.period}-${String(i + 1).padStart(2, '0')}`) : [opts.period];
    const rows = await buildSummary(db, periods, opts.district);
    const when = periods.length > 1 ? `${opts.period}年` : monthText(opts.period);
    const title = `${opts.district ?? ''}社会救助资金使用情况公示（${when}）`;
    const html = join(opts.outDir, `公示汇总-${suffix}.html`);
    const xlsx = join(opts.outDir, `公示汇总-${suffix}.xlsx`);
    await atomically(html, (tmp) => writeFile(tmp, renderSummaryHtml(rows, title, postedOn)));
    await atomically(xlsx, (tmp) => writeSummaryXlsx(rows, title, tmp));
    return { files: [html, xlsx], pages: rows.length, lines: rows.length };
  }
  const model = await buildNotice(db, config, { period: opts.period, district: opts.district, township: opts.township });
  const html = join(opts.outDir, `公示名单-${suffix}.html`);
  const xlsx = join(opts.outDir, `公示名单-${suffix}.xlsx`);
  await atomically(html, (tmp) => writeFile(tmp, renderNoticeHtml(model, postedOn)));
  await atomically(xlsx, (tmp) => writeNoticeXlsx(model, tmp));
  return { files: [html, xlsx], pages: model.pages.length, lines: model.pages.reduce((n, p) => n + p.lines.length, 0) };
}
