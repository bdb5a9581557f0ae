// Public face of the reports: build the model of a run, write its files.
export { writeReports, reportFileNames, runFolder, LATEST, type WriteReportsOptions } from './write-reports.ts';
export { buildReportModel, PAGE_CAPS, type ReportOptions } from './model.ts';
export type * from './model-types.ts';
export { writeXlsx } from './xlsx.ts';
export { writeHtml, renderHtml } from './html.ts';
export { writeJson } from './json.ts';
export { writeCsv, CSV_COLUMNS } from './csv.ts';
export { maskAccount, maskNumbersInText } from './privacy.ts';
export { paymentStatusText, programText, valueText } from './labels.ts';
export { formulaSafe } from './safe-text.ts';
export { html, raw, esc, join as joinHtml, Html } from './html-escape.ts';
