/**
 * Writes docs/images/funds-chart.svg, the README's picture of the report's 资金 chart, from a generated demo
 * month with the money trail (seed 7, five districts). Run: `npx tsx scripts/readme-funds-chart.ts`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDataset } from '../fixtures/generator/index.ts';
import { checkNow } from '../src/check.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/index.ts';
import type { Program } from '../src/domain/index.ts';
import { ingestFile } from '../src/ingest/index.ts';
import { buildReportModel } from '../src/report/index.ts';
import { fundsChart } from '../src/report/html-funds.ts';

const dir = mkdtempSync(join(tmpdir(), 'funds-chart-'));
const data = await generateDataset({ seed: 7, outDir: dir, period: '2026-11', districts: 5, rosterRows: 3000, anomalyRate: 0.02, withFunds: true });
const profiles = loadConfig().bankProfiles;
const db = await openDatabase(':memory:');
for (const f of data.files) {
  await ingestFile(db, {
    path: f.path, kind: f.kind, period: f.options.period, district: f.options.district,
    program: f.options.program as Program | undefined, profile: f.options.profile ? profiles[f.options.profile] : undefined,
  }, { archiveDir: null, worker: false });
}
const { runId } = await checkNow(db, { rules: {} }, { trigger: 'manual' });
const model = await buildReportModel(db, runId, { lang: 'zh', unmask: false });
// A standalone SVG needs its namespace.
const svg = fundsChart(model).replace('<svg', '<svg xmlns="http://www.w3.org/2000/svg"');
writeFileSync(join(import.meta.dirname, '../docs/images/funds-chart.svg'), svg + '\n');
await db.close();
