/**
 * findings.csv for other systems: one row per finding, whole ID and account numbers, mode 0600.
 * Quoting is csv-stringify's; text that a spreadsheet would take for a formula gets a leading
 * apostrophe. UTF-8 with a byte-order mark, so a spreadsheet opened on a Chinese desktop reads it right.
 */
import { stringify } from 'csv-stringify';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { MACHINE_FILE_MODE } from './json.ts';
import type { ReportFinding, ReportModel } from './model-types.ts';
import { writeOutput } from './output-file.ts';
import { formulaSafe } from './safe-text.ts';

export const CSV_COLUMNS = [
  'fingerprint', 'rule', 'severity', 'status', 'title', 'message', 'period', 'district', 'districtCode', 'program', 'idNumber', 'name',
  'accountNo', 'label', 'expectedFen', 'actualFen', 'firstSeen', 'reviewMark', 'reviewNote', 'reviewer', 'reviewedAt', 'evidence', 'subject', 'data',
] as const;

const text = (v: string | null | undefined): string => (v ? formulaSafe(v) : '');
const json = (v: unknown): string => JSON.stringify(v);

function csvRow(f: ReportFinding): (string | number)[] {
  return [
    f.fingerprint, f.rule, f.severity, f.status, text(f.title), text(f.message), text(f.period), text(f.district), text(f.districtCode), text(f.program),
    text(f.idNumber), text(f.name), text(f.accountNo), text(f.label), f.expectedFen ?? '', f.actualFen ?? '', f.firstSeen,
    text(f.review?.mark), text(f.review?.note), text(f.review?.reviewer), text(f.review?.markedAt), json(f.evidence), json(f.subject), json(f.data),
  ];
}

async function* rows(model: ReportModel): AsyncGenerator<(string | number)[]> {
  for await (const f of model.findings.exportAll()) yield csvRow(f);
}

export async function writeCsv(model: ReportModel, path: string): Promise<void> {
  await writeOutput(path, MACHINE_FILE_MODE, async (out) => {
    await pipeline(Readable.from(rows(model)), stringify({ header: true, columns: [...CSV_COLUMNS], bom: true, record_delimiter: 'unix' }), out.stream);
  });
}
