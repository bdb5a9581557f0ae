/** What ingest tells the person who sent a file: one receipt per file. */
import type { InputKind } from '../db/schema.ts';
import type { RejectedRow } from './parse-file.ts';

export type ReceiptStatus = 'ingested' | 'validated' | 'duplicate' | 'refused';

export interface Receipt {
  fileName: string;
  sha256: string;
  status: ReceiptStatus;
  fileId: number | null;
  kind: InputKind | null;
  format: string | null;
  encoding: string | null;
  sheetName: string | null;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  totalFen: number;
  control: { count: number | null; totalFen: number | null; rowNo: number } | null;
  defaults: { period: string | null; district: string | null; program: string | null } | null;
  firstRejections: RejectedRow[];
  /** Bank files: the bank that owns the file's batch (the sender); null when not given. */
  bank: string | null;
  /** Bank and roster files: the batch the file reports on (as ingest keys it), when its rows agree on one. */
  batchKey: string | null;
  /** Which column holds which field (0-based), as the header was read: tells ID and account cells from the rest. */
  columns?: [string, number][];
  /** Earlier bank files for the same batch that this one replaced. */
  supersedes: { fileId: number; fileName: string; ingestedAt: string }[];
  /** For a duplicate: when the same bytes were ingested. */
  alreadyIngestedAt: string | null;
  refusal: { code: string; zh: string; en: string } | null;
  /** Kind `list`: which declared cross-check list the file was read as. */
  list?: { key: string; name: string };
  /** Rows rejected because no period could be found: the receipt says to give --period. */
  periodMissing: boolean;
}
