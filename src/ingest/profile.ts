/**
 * A bank profile: how to read one bank's header-less result file. Profiles live in the config file,
 * so a new bank needs no code.
 */
import type { PaymentStatus } from '../domain/index.ts';
import type { TextEncoding } from './readers/types.ts';

export interface BankProfile {
  name: string;
  delimiter: string;
  encoding: TextEncoding | 'auto';
  /** Canonical bank field of each column, in order; null for a column to ignore. */
  columns: readonly (string | null)[];
  /** The bank's own status codes (checked before the standard ones). */
  statusCodes: Readonly<Record<string, PaymentStatus>>;
  /** True when amounts are written in fen (integer), as many bank host systems do. */
  amountsInFen: boolean;
  /** The bank whose files these are (e.g. 重庆农村商业银行): owns the batches they report on. */
  bank?: string;
}
