export { batchNumberOf, batchOwners, ingestFile, keptParserFor, otherBanksBatch, startParseAhead, validateFile, type IngestOptions, type ValidateOptions } from './ingest-file.ts';
export type { Receipt, ReceiptStatus } from './receipt.ts';
export type { ParseRequest, RejectedRow, ListRequest } from './parse-file.ts';
export { kindZh } from './parse-file.ts';
export { sha256File } from './file-hash.ts';
export type { BankProfile } from './profile.ts';
export { formatReceipt } from './format-receipt.ts';
// For the calculators (src/funds): read any table the way ingest does, and match headers alike.
export { openSource, FileRefusedError, type CellValue } from './readers/index.ts';
export { normaliseHeader } from './fields.ts';
export type { KeptParser, StartedParse } from './run-parse.ts';
