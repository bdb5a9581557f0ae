/** Sheet 概览: run facts, counts by status / severity / rule / district, files taken in, rules that did not run, trend. */
import type ExcelJS from 'exceljs';
import { MONEY_KINDS, type MoneyKind, amountOf } from '../findings/index.ts';
import { t } from '../lang.ts';
import { fileNoteText, moneyKindText, ruleTitleOf, fileStatusText, kindText, POLICY, severityText, SEVERITIES, unknownText, words } from './labels.ts';
import { PAGE_CAPS } from './model.ts';
import type { ReportModel } from './model-types.ts';
import { addHeaderRow, addStyledRow, addTypedRow, declareColumns, STYLE, type CellInput, type ColumnSpec } from './xlsx-kit.ts';

const COLUMNS: ColumnSpec[] = [
  { header: '', width: 34, kind: 'text' },
  { header: '', width: 22, kind: 'text' },
  { header: '', width: 14, kind: 'text' },
  { header: '', width: 12, kind: 'text' },
  { header: '', width: 12, kind: 'text' },
  { header: '', width: 12, kind: 'text' },
  { header: '', width: 16, kind: 'text' },
  { header: '', width: 12, kind: 'text' },
  { header: '', width: 12, kind: 'text' },
  { header: '', width: 40, kind: 'text' },
];

/** A small table inside the overview: its own column kinds, written from column A. */
function table(ws: ExcelJS.Worksheet, title: string, headers: string[], kinds: ColumnSpec['kind'][], rows: CellInput[][]): void {
  ws.addRow([]).commit();
  addStyledRow(ws, title, STYLE.section).commit();
  addHeaderRow(ws, headers).commit();
  const cols = kinds.map((kind) => ({ header: '', width: 0, kind }));
  for (const r of rows) addTypedRow(ws, cols, r).commit();
}

export function writeOverview(ws: ExcelJS.Worksheet, model: ReportModel): void {
  const { lang, run, counts } = model;
  const w = words(lang);
  declareColumns(ws, COLUMNS);
  addStyledRow(ws, `${w.title}（${POLICY}）`, STYLE.title).commit();
  addStyledRow(ws, w.leadNote, STYLE.note).commit();
  addStyledRow(ws, model.unmask ? w.privacyWhole : w.privacyMasked, model.unmask ? STYLE.warn : STYLE.note).commit();

  const trigger = run.trigger === 'schedule' ? w.triggerSchedule : run.trigger === 'manual' ? w.triggerManual : run.trigger;
  const outcome = run.outcome === 'done' ? w.outcomeDone : run.outcome === 'failed' ? w.outcomeFailed : run.outcome === 'running' ? w.outcomeRunning : run.outcome;
  const facts: [string, CellInput, 'text' | 'int' | 'datetime'][] = [
    [w.run, run.id, 'int'],
    [w.startedAt, run.startedAt, 'datetime'],
    [w.finishedAt, run.finishedAt, 'datetime'],
    [w.trigger, trigger, 'text'],
    [w.outcome, run.error ? `${outcome}：${run.error}` : outcome, 'text'],
    [w.periods, run.periods.join(lang === 'en' ? ', ' : '、') || w.none, 'text'],
    [w.previousRun, run.previousRunId ?? w.none, 'int'],
    [w.payments, run.payments, 'int'],
    [w.generatedAt, model.generatedAt, 'datetime'],
  ];
  ws.addRow([]).commit();
  for (const [label, value, kind] of facts) addTypedRow(ws, [COLUMNS[0]!, { header: '', width: 0, kind }], [label, value], { 1: { alignment: { horizontal: 'left' } } }).commit();

  table(ws, w.summaryCounts, [w.summaryCounts, w.count], ['text', 'int'], [
    [w.open, counts.open],
    [`${w.status}：${w.newSince}`, counts.byStatus.new],
    [`${w.status}：${w.persistingSince}`, counts.byStatus.persisting],
    [`${w.status}：${w.resolvedSince}`, counts.byStatus.resolved],
    [w.falsePositive, counts.falsePositive],
    [w.reviewed, counts.reviewed],
    ...SEVERITIES.map((s): CellInput[] => [`${w.open}（${w.severity}：${severityText(lang, s)}）`, counts.bySeverity[s]]),
  ]);

  writeMoney(ws, model);

  const notRun = model.rules.filter((r) => r.state === 'cannot-run' || r.state === 'failed');
  if (notRun.length) {
    ws.addRow([]).commit();
    addStyledRow(ws, w.rulesNotRun, STYLE.warn).commit();
    addStyledRow(ws, w.rulesNotRunNote, STYLE.note).commit();
    addHeaderRow(ws, [w.rule, w.ruleId, w.reason]).commit();
    for (const r of notRun) {
      const reason = (r.state === 'failed' ? `${w.ruleFailed}：` : '') + t(lang, r.reason?.zh ?? '', r.reason?.en ?? '');
      addTypedRow(ws, COLUMNS, [lang === 'en' ? r.titleEn : r.title, r.rule, reason]).commit();
    }
  }

  table(ws, w.byRule, [w.rule, w.ruleId, w.clause, w.open, w.newSince, w.persistingSince, w.resolvedSince, ...SEVERITIES.map((s) => severityText(lang, s))],
    ['text', 'text', 'text', 'int', 'int', 'int', 'int', 'int', 'int', 'int'],
    counts.byRule.map((r) => [r.title, r.rule, r.clause, r.open, r.byStatus.new, r.byStatus.persisting, r.byStatus.resolved, ...SEVERITIES.map((s) => r.bySeverity[s])]));

  table(ws, w.byDistrict, [w.district, w.open, w.newSince, ...SEVERITIES.map((s) => severityText(lang, s))], ['text', 'int', 'int', 'int', 'int', 'int'],
    counts.byDistrict.map((d) => [d.district, d.open, d.new, ...SEVERITIES.map((s) => d.bySeverity[s])]));

  table(ws, w.filesIn, [w.fileName, w.kind, w.fileStatus, w.rowsRead, w.rowsAccepted, w.rowsRejected, w.totalYuan, '', '', w.refusal],
    ['text', 'text', 'text', 'int', 'int', 'int', 'money', 'text', 'text', 'text'],
    model.files.map((f) => [f.fileName, kindText(lang, f.kind), fileStatusText(lang, f.status), f.rowsRead, f.rowsAccepted, f.rowsRejected, f.totalFen, null, null, fileNoteText(lang, f) || null]));

  table(ws, w.trend, [w.run, w.startedAt, w.open, w.newSince, w.resolvedSince, ...SEVERITIES.map((s) => severityText(lang, s))],
    ['int', 'datetime', 'int', 'int', 'int', 'int', 'int', 'int'],
    model.trend.map((p) => [p.runId, p.startedAt, p.open, p.new, p.resolved, ...SEVERITIES.map((s) => p.bySeverity[s])]));
}

/** Money at stake (by kind, rule and district, with counts) and the new high-severity findings about the most money. */
function writeMoney(ws: ExcelJS.Worksheet, model: ReportModel): void {
  const { lang, money } = model;
  const w = words(lang);
  const kind = (k: MoneyKind) => moneyKindText(lang, k);
  const ruleTitle = (rule: string) => ruleTitleOf(model, rule);
  table(ws, w.money, [w.moneyKind, w.moneyYuan, w.count], ['text', 'money', 'int'], [
    ...MONEY_KINDS.map((k): CellInput[] => [kind(k), money.byKind[k].fen, money.byKind[k].count]),
    [w.moneyTotal, money.fen, money.count],
  ]);
  addStyledRow(ws, money.count ? w.moneyNote : w.noMoney, STYLE.note).commit();
  if (money.count) {
    table(ws, `${w.money}（${w.byRule}）`, [w.rule, w.ruleId, w.moneyKind, w.moneyYuan, w.count], ['text', 'text', 'text', 'money', 'int'],
      money.byRule.map((r) => [ruleTitle(r.rule), r.rule, kind(r.kind), r.fen, r.count]));
    table(ws, `${w.money}（${w.byDistrict}）`, [w.district, w.moneyYuan, w.count, ...MONEY_KINDS.map(kind)], ['text', 'money', 'int', 'money', 'money', 'money', 'money'],
      money.byDistrict.map((d) => [d.district ?? unknownText(lang), d.fen, d.count, ...MONEY_KINDS.map((k) => d.byKind[k].fen)]));
  }
  table(ws, w.topNew(PAGE_CAPS.topNew), [w.rule, w.period, w.district, w.name, w.amountYuan, w.message], ['text', 'text', 'text', 'text', 'money', 'text'],
    model.topNew.map((f) => [f.ruleTitle, f.period, f.district ?? unknownText(lang), f.name, amountOf(f), f.message]));
  if (!model.topNew.length) addStyledRow(ws, w.noTopNew, STYLE.note).commit();
}
