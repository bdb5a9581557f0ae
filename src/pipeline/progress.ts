/**
 * Progress of a run on a terminal: one line on stderr, redrawn at most ten times a second, showing the
 * files done, the rows stored and the rate. Nothing at all when stderr is not a terminal or with
 * --quiet (cron mail and log files stay clean). No dependency: a bar is twenty characters.
 */
import type { Lang } from '../lang.ts';

export interface Progress {
  /** The ingest stage begins with this many files. */
  files(total: number): void;
  /** File `index` (0-based) begins. */
  file(index: number, name: string): void;
  /** Rows stored so far in the current file. */
  rows(stored: number): void;
  /** A stage without a row count (checking, writing reports). */
  stage(label: { zh: string; en: string }): void;
  /** Prints something (a line on stdout) without tearing the bar: clear, print, redraw. */
  above(print: () => void): void;
  /** Clears the line. */
  end(): void;
}

export const silentProgress: Progress = { files() {}, file() {}, rows() {}, stage() {}, above: (print) => print(), end() {} };

interface Stream {
  write(s: string): unknown;
  columns?: number;
}

const WIDTH = 20;

const WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;

/** Cuts a line to the terminal's width, counting Chinese characters as two columns, so it never wraps. */
export function fitWidth(text: string, columns: number): string {
  let width = 0;
  let out = '';
  for (const ch of text) {
    width += WIDE.test(ch) ? 2 : 1;
    if (width > columns) break;
    out += ch;
  }
  return out;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function terminalProgress(stream: Stream, lang: Lang, now: () => number = () => performance.now()): Progress {
  let total = 0;
  let index = 0;
  let name = '';
  let rowsBefore = 0;
  let rowsInFile = 0;
  let started = 0;
  let lastDraw = 0;
  let drawn = false;
  let stageLabel: string | null = null;

  const draw = (force = false) => {
    const t = now();
    if (!force && t - lastDraw < 100) return;
    lastDraw = t;
    const rows = rowsBefore + rowsInFile;
    const secs = Math.max((t - started) / 1000, 0.001);
    const filled = total ? Math.round((index / total) * WIDTH) : 0;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
    const text =
      lang === 'en'
        ? `ingest [${bar}] ${index}/${total} files · ${fmt(rows)} rows · ${fmt(rows / secs)} rows/s · ${name}`
        : `导入 [${bar}] ${index}/${total} 个文件 · ${fmt(rows)} 行 · ${fmt(rows / secs)} 行/秒 · ${name}`;
    stream.write(`\r\x1b[K${fitWidth(text, (stream.columns ?? 100) - 1)}`);
    drawn = true;
  };

  return {
    files(n) {
      stageLabel = null;
      total = n;
      index = 0;
      rowsBefore = 0;
      rowsInFile = 0;
      started = now();
      draw(true);
    },
    file(i, fileName) {
      rowsBefore += rowsInFile;
      rowsInFile = 0;
      index = i;
      name = fileName;
      draw(true);
    },
    rows(stored) {
      rowsInFile = stored;
      draw();
    },
    stage(label) {
      stageLabel = lang === 'en' ? label.en : label.zh;
      stream.write(`\r\x1b[K${stageLabel}`);
      drawn = true;
    },
    above(print) {
      if (drawn) stream.write('\r\x1b[K');
      print();
      if (!drawn) return;
      if (stageLabel) stream.write(stageLabel);
      else draw(true);
    },
    end() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
      stageLabel = null;
    },
  };
}
