/**
 * The browser suites' one rule about Chromium: a developer machine without it skips them with a note,
 * but in CI (CI=true) a missing browser — or a missing pdftotext for the print test — is a failure,
 * never a silent skip. The same holds for LibreOffice (soffice), which prints the Excel report.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const IN_CI = process.env.CI === 'true';
export const haveBrowser = existsSync(CHROMIUM);

/** Call at the top of a browser suite: registers a failing test in CI when Chromium is missing. */
export function requireBrowser(suite: string): void {
  if (haveBrowser) return;
  if (!IN_CI) {
    console.warn(`${suite} skipped: ${CHROMIUM} not found (apt-get install chromium)`);
    return;
  }
  describe(`${suite}: Chromium`, () => {
    it('is installed (CI must run every browser suite)', () => {
      expect.fail(`${CHROMIUM} not found: CI must install chromium (see .ci/run)`);
    });
  });
}

/** LibreOffice, for the Excel print test: where Debian's libreoffice-calc-nogui puts it. */
export const SOFFICE = '/usr/bin/soffice';
export const haveSoffice = existsSync(SOFFICE);

/**
 * Call at the top of a suite that prints a workbook through LibreOffice: in CI a missing soffice is a
 * failing test; a developer machine without it gets a visible notice and the suite is skipped.
 */
export function requireSoffice(suite: string): void {
  if (haveSoffice) return;
  if (!IN_CI) {
    console.warn(`\n\x1b[33m*** NOTICE: ${suite} skipped: ${SOFFICE} not found (apt-get install --no-install-recommends libreoffice-calc-nogui)\x1b[0m\n`);
    return;
  }
  describe(`${suite}: LibreOffice`, () => {
    it('is installed (CI must print the workbook)', () => {
      expect.fail(`${SOFFICE} not found: CI must install libreoffice-calc-nogui (see .ci/run)`);
    });
  });
}

/**
 * The workbook printed to PDF by LibreOffice as a user's "export as PDF" would (every sheet, its own
 * print setup), in `outDir`; a throw-away profile so parallel conversions do not share one.
 */
export function sofficeToPdf(file: string, outDir: string): string {
  const profile = mkdtempSync(join(tmpdir(), 'relief-recon-soffice-'));
  try {
    execFileSync(SOFFICE, [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', outDir, file], { stdio: 'pipe', timeout: 120_000 });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  const pdf = join(outDir, basename(file).replace(/\.xlsx$/, '.pdf'));
  if (!existsSync(pdf)) throw new Error(`soffice wrote no ${pdf}`);
  return pdf;
}

/** The pages of a PDF as text (pdftotext -layout: a table row stays on one line), and pdfinfo's page count. */
export function pdfPages(pdf: string): { count: number; pages: string[] } {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const count = Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
  const pages = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f').slice(0, count);
  return { count, pages };
}

/** The text of a PDF (poppler's pdftotext), or null when pdftotext is not installed. */
export function pdfText(pdf: string): string | null {
  try {
    return execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}
