/**
 * One sheet per rule that fired: the rule's title and clause on top, then its findings newest first,
 * new ones marked, severities coloured, money numeric, review marks shown. Streamed row by row.
 */
import type ExcelJS from 'exceljs';
import { t } from '../lang.ts';
import { markText, POLICY, programText, severityText, statusText, words } from './labels.ts';
import type { ReportFinding, ReportModel, RuleCount } from './model-types.ts';
import { addHeaderRow, addStyledRow, addTypedRow, columnLetter, declareColumns, MAX_SHEET_ROWS, STYLE, type CellInput, type ColumnSpec } from './xlsx-kit.ts';

export const FINDING_HEADER_ROW = 3;

interface Field {
  spec: ColumnSpec;
  value(f: ReportFinding): CellInput;
  /** Person fields are left out of a sheet whose findings (all of them seen) never carry them. */
  person?: boolean;
  /** Shown only when some finding of the rule carries it. */
  optional?: (f: ReportFinding) => boolean;
}

function fields(model: ReportModel): Field[] {
  const { lang } = model;
  const w = words(lang);
  const evidence = (f: ReportFinding) => f.evidence.map((e) => (e.rowNo === null ? e.file : `${e.file}:${e.rowNo}`)).join('; ');
  return [
    { spec: { header: w.status, width: 10, kind: 'text' }, value: (f) => statusText(lang, f.status) },
    { spec: { header: w.severity, width: 7, kind: 'text' }, value: (f) => severityText(lang, f.severity) },
    { spec: { header: w.period, width: 10, kind: 'text' }, value: (f) => f.period },
    { spec: { header: w.district, width: 12, kind: 'text' }, value: (f) => f.district },
    { spec: { header: w.program, width: 10, kind: 'text' }, value: (f) => programText(lang, f.program) },
    { spec: { header: w.name, width: 12, kind: 'text' }, value: (f) => f.name, person: true },
    { spec: { header: w.idNumber, width: 22, kind: 'text' }, value: (f) => f.idNumber, person: true },
    { spec: { header: w.accountNo, width: 22, kind: 'text' }, value: (f) => f.accountNo, person: true },
    { spec: { header: w.label, width: 18, kind: 'text' }, value: (f) => f.label, optional: (f) => f.label !== null },
    { spec: { header: w.expectedYuan, width: 14, kind: 'money' }, value: (f) => f.expectedFen },
    { spec: { header: w.actualYuan, width: 14, kind: 'money' }, value: (f) => f.actualFen },
    { spec: { header: w.diffYuan, width: 14, kind: 'money' }, value: (f) => (f.expectedFen !== null && f.actualFen !== null ? f.actualFen - f.expectedFen : null) },
    { spec: { header: w.message, width: 60, kind: 'text' }, value: (f) => f.message },
    { spec: { header: w.firstSeen, width: 17, kind: 'datetime' }, value: (f) => f.firstSeen },
    { spec: { header: w.reviewMark, width: 10, kind: 'text' }, value: (f) => (f.review ? markText(lang, f.review.mark) : null) },
    { spec: { header: w.reviewNote, width: 24, kind: 'text' }, value: (f) => f.review?.note ?? null },
    { spec: { header: w.reviewer, width: 10, kind: 'text' }, value: (f) => f.review?.reviewer ?? null },
    { spec: { header: w.evidence, width: 40, kind: 'text' }, value: evidence },
    { spec: { header: w.fingerprint, width: 14, kind: 'text' }, value: (f) => f.fingerprint.slice(0, 12) },
  ];
}

/** The columns for one rule, judged from the findings the model sampled. */
function fieldsFor(model: ReportModel, rule: string, count: RuleCount | undefined): Field[] {
  const seen = model.findings.sample.filter((f) => f.rule === rule);
  const sawAll = count !== undefined && seen.length >= count.total;
  return fields(model).filter((f) => {
    if (f.optional) return sawAll ? seen.some(f.optional) : true;
    if (f.person) return !sawAll || seen.some((x) => f.value(x) !== null && f.value(x) !== '');
    return true;
  });
}

export async function writeRuleSheet(ws: ExcelJS.Worksheet, model: ReportModel, rule: string): Promise<void> {
  const { lang } = model;
  const w = words(lang);
  const count = model.counts.byRule.find((r) => r.rule === rule);
  const sample = model.findings.sample.find((f) => f.rule === rule);
  const cols = fieldsFor(model, rule, count);
  const specs = cols.map((c) => c.spec);
  declareColumns(ws, specs);
  const title = sample?.ruleTitle ?? count?.title ?? rule;
  const clause = count?.clause ? `${POLICY} ${count.clause}` : '';
  addStyledRow(ws, clause ? `${title}（${rule}）　${t(lang, '依据', 'Clause')}：${clause}` : `${title}（${rule}）`, STYLE.title).commit();
  const c = count ?? { total: 0, open: 0, byStatus: { new: 0, persisting: 0, resolved: 0 } };
  addStyledRow(ws, t(lang,
    `共 ${c.total} 条疑点（未结 ${c.open}）：新增 ${c.byStatus.new}，持续 ${c.byStatus.persisting}，已消除 ${c.byStatus.resolved}。${w.leadNote}`,
    `${c.total} leads (${c.open} open): ${c.byStatus.new} new, ${c.byStatus.persisting} persisting, ${c.byStatus.resolved} resolved. ${w.leadNote}`), STYLE.note).commit();
  addHeaderRow(ws, specs.map((s) => s.header)).commit();

  const statusAt = cols.findIndex((f) => f.spec.header === w.status);
  const severityAt = cols.findIndex((f) => f.spec.header === w.severity);
  const room = MAX_SHEET_ROWS - FINDING_HEADER_ROW - 1;
  let n = 0;
  for await (const f of model.findings.stream({ rule })) {
    if (n === room) {
      addStyledRow(ws, w.sheetCapNote(room, c.total), STYLE.warn).commit();
      break;
    }
    addTypedRow(ws, specs, cols.map((col) => col.value(f)), { [statusAt]: STYLE.status[f.status], [severityAt]: STYLE.severity[f.severity] }).commit();
    n++;
  }
  ws.autoFilter = `A${FINDING_HEADER_ROW}:${columnLetter(specs.length)}${FINDING_HEADER_ROW + Math.max(n, 1)}`;
}
