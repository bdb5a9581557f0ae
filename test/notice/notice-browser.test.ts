/**
 * The 公示 list printed by a real headless browser (Debian's chromium via playwright-core) to A4 PDF:
 * one page per village, nothing fetched from the network, no ID number in the printed text.
 * The first page's screenshot goes to test-output/notice/ (the README shows one).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/index.ts';
import { writeNotice } from '../../src/notice/index.ts';
import { ingest, tempDir } from '../ingest/helpers.ts';
import { writeRoster } from './fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const haveBrowser = existsSync(CHROMIUM) || process.env.CI === 'true';
if (!haveBrowser) console.warn(`notice browser test skipped: ${CHROMIUM} not found (apt-get install chromium)`);

describe.runIf(haveBrowser)('notice in a browser', () => {
  it('prints one A4 page per village, fetching nothing', async () => {
    const dir = tempDir('notice-browser-');
    const db = await openDatabase(':memory:');
    await ingest(db, { path: writeRoster(dir) });
    const config = parseConfig('notice: { complaintChannel: 渝中区民政局 023-63895000 }', 'c.yaml', null).notice;
    const html = (await writeNotice(db, config, { period: '2026-11', outDir: dir })).files.find((f) => f.endsWith('.html'))!;
    await db.close();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
      const self = pathToFileURL(html).href;
      const requests: string[] = [];
      await page.route('**/*', (route) => {
        if (route.request().url() === self) return route.continue();
        requests.push(route.request().url());
        return route.abort();
      });
      await page.goto(self);
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
      expect(pages).toHaveLength(2);
      expect(requests).toEqual([]);
      expect(await page.locator('section.page').count()).toBe(2);
      expect(await page.locator('section.page').first().locator('tbody tr').count()).toBe(2);
      const out = join(import.meta.dirname, '../../test-output/notice');
      mkdirSync(out, { recursive: true });
      await page.emulateMedia({ media: 'print' });
      await page.locator('section.page').nth(1).screenshot({ path: join(out, 'notice-page.png') });
      expect(readFileSync(join(out, 'notice-page.png')).length).toBeGreaterThan(1000);
    } finally {
      await browser.close();
    }
  });
});
