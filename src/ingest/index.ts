export { batchNumberOf, batchOwners, ingestFile, otherBanksBatch, validateFile, type IngestOptions, type ValidateOptions } from './ingest-file.ts';
export type { Receipt, ReceiptStatus } from './receipt.ts';
export type { ParseRequest, RejectedRow } from './parse-file.ts';
export { kindZh } from './parse-file.ts';
export type { BankProfile } from './profile.ts';
export { formatReceipt } from './format-receipt.ts';
