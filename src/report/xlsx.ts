/**
 * The Excel report (exceljs's streaming writer, so a run with a million findings stays in flat memory):
 * 概览, 批次核对, 资金台账 (when allocations were ingested), one sheet per rule that fired, 拒收数据. Header rows frozen, auto-filters on.
 */
import type ExcelJS from 'exceljs';
import type { ReportModel } from './model-types.ts';
import { writeOutput } from './output-file.ts';
import { words } from './labels.ts';
import { sheetName } from './xlsx-kit.ts';
import { FINDING_HEADER_ROW, writeRuleSheet } from './xlsx-findings.ts';
import { writeFundsSheet } from './xlsx-funds.ts';
import { writeOverview } from './xlsx-overview.ts';
import { writeBatchSheet, writeRejectedSheet } from './xlsx-tables.ts';
import { WorkbookWriter } from './xlsx-writer.ts';

// Human reports hold names (and, with --unmask, whole numbers): personal data, readable by the owner only.
export const HUMAN_FILE_MODE = 0o600;

/**
 * Frozen header rows on screen; on paper (A4 landscape) the columns fit one page wide, the header row
 * repeats on every page, and a `onePage` sheet (概览) prints on a single page.
 */
export function sheetOptions(headerRow: number, opts: { onePage?: boolean } = {}): Partial<ExcelJS.AddWorksheetOptions> {
  return {
    views: [{ state: 'frozen', xSplit: 0, ySplit: headerRow }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: opts.onePage ? 1 : 0,
      ...(opts.onePage ? {} : { printTitlesRow: `${headerRow}:${headerRow}` }),
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
  };
}
const frozen = sheetOptions;

export async function writeXlsx(model: ReportModel, path: string): Promise<void> {
  const w = words(model.lang);
  await writeOutput(path, HUMAN_FILE_MODE, async (out) => {
    const wb = new WorkbookWriter({ stream: out.stream, useStyles: true, useSharedStrings: false });
    wb.creator = 'relief-recon';
    wb.created = new Date(Date.parse(model.generatedAt));
    const taken = new Set<string>();

    const overview = wb.addWorksheet(sheetName(w.overview, taken), sheetOptions(1, { onePage: true }));
    writeOverview(overview, model);
    overview.commit();

    const batches = wb.addWorksheet(sheetName(w.batches, taken), frozen(3));
    writeBatchSheet(batches, model);
    batches.commit();

    if (model.funds) {
      const funds = wb.addWorksheet(sheetName(model.lang === 'en' ? 'Funds ledger' : '资金台账', taken), frozen(3));
      writeFundsSheet(funds, model);
      funds.commit();
    }

    for (const rule of model.findings.rules) {
      const title = model.findings.sample.find((f) => f.rule === rule)?.ruleTitle ?? rule;
      const ws = wb.addWorksheet(sheetName(title, taken), frozen(FINDING_HEADER_ROW));
      await writeRuleSheet(ws, model, rule);
      ws.commit();
    }

    const rejected = wb.addWorksheet(sheetName(w.rejected, taken), frozen(3));
    await writeRejectedSheet(rejected, model);
    rejected.commit();
    await wb.commit();
  });
}
