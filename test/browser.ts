/**
 * The browser suites' one rule about Chromium: a developer machine without it skips them with a note,
 * but in CI (CI=true) a missing browser — or a missing pdftotext for the print test — is a failure,
 * never a silent skip.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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

/** The text of a PDF (poppler's pdftotext), or null when pdftotext is not installed. */
export function pdfText(pdf: string): string | null {
  try {
    return execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}
