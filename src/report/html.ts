/**
 * The HTML report: one self-contained file (styles, script and SVG charts inline; nothing fetched),
 * Chinese by default, readable on a phone, printable on A4. A content security policy forbids every
 * network request and every script but the page's own filter script.
 */
import { createHash } from 'node:crypto';
import { renderCharts } from './html-charts.ts';
import { html, raw } from './html-escape.ts';
import { findingColumns, findingsSection } from './html-findings.ts';
import { fundsSection } from './html-funds.ts';
import { FILTER_SCRIPT } from './html-script.ts';
import { batchesSection, chartsSection, filesSection, heading, moneySection, rejectedSection, rulesNotRun, summary, topNewSection, trendSection } from './html-sections.ts';
import { PAGE_CAPS } from './model.ts';
import { stylesheet } from './html-style.ts';
import { words } from './labels.ts';
import type { ReportModel } from './model-types.ts';
import { writeOutput } from './output-file.ts';
import { HUMAN_FILE_MODE } from './xlsx.ts';

export function renderHtml(model: ReportModel): string {
  const w = words(model.lang);
  const scriptHash = createHash('sha256').update(FILTER_SCRIPT).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${scriptHash}'; base-uri 'none'; form-action 'none'`;
  const page = html`<!doctype html>
<html lang="${model.lang === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${w.title} · ${model.run.date} · ${w.runNo(model.run.id)}</title>
<style>${raw(stylesheet(findingColumns(model)))}</style></head>
<body><main>
${heading(model)}
${summary(model)}
${rulesNotRun(model)}
${moneySection(model)}
${topNewSection(model, PAGE_CAPS.topNew)}
${chartsSection(model, renderCharts(model))}
${findingsSection(model)}
${batchesSection(model)}
${fundsSection(model)}
${filesSection(model)}
${rejectedSection(model)}
${trendSection(model)}
<footer>${w.leadNote} ${model.unmask ? w.privacyWhole : w.privacyMasked} · relief-recon</footer>
</main><script>${raw(FILTER_SCRIPT)}</script></body></html>
`;
  return page.text;
}

export async function writeHtml(model: ReportModel, path: string): Promise<void> {
  const text = renderHtml(model);
  await writeOutput(path, HUMAN_FILE_MODE, (out) => out.write(text));
}
