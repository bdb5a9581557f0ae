// Bank result statuses (inputs.md "Status values"). An unknown value is a row error.
import { compactNfkc } from './chars.ts';

export type PaymentStatus = 'paid' | 'failed' | 'returned' | 'pending';

export const DEFAULT_STATUS_CODES: Readonly<Record<string, PaymentStatus>> = Object.freeze({
  成功: 'paid',
  全部成功: 'paid',
  已入账: 'paid',
  S: 'paid',
  '0': 'paid',
  失败: 'failed',
  F: 'failed',
  '1': 'failed',
  户名不符: 'failed',
  已销户: 'failed',
  冻结: 'failed',
  退票: 'returned',
  B: 'returned',
  处理中: 'pending',
  待处理: 'pending',
});

function statusKey(raw: string): string {
  return compactNfkc(raw).toUpperCase();
}

function normaliseTable(table: Readonly<Record<string, PaymentStatus>>): ReadonlyMap<string, PaymentStatus> {
  const map = new Map<string, PaymentStatus>();
  for (const [code, status] of Object.entries(table)) map.set(statusKey(code), status);
  return map;
}

const DEFAULT_MAP = normaliseTable(DEFAULT_STATUS_CODES);
// Bank-profile tables are normalised once, not once per row.
const TABLE_CACHE = new WeakMap<object, ReadonlyMap<string, PaymentStatus>>();

/**
 * Status cell → payment status: trim, NFKC, inner spaces dropped, letters case-insensitive.
 * A bank profile's own table is consulted before the defaults (it is normalised once and cached
 * by identity: do not mutate a table after first use).
 */
export function parseStatus(raw: string, table?: Readonly<Record<string, PaymentStatus>>): PaymentStatus | null {
  let custom: ReadonlyMap<string, PaymentStatus> | undefined;
  if (table !== undefined) {
    custom = TABLE_CACHE.get(table);
    if (custom === undefined) {
      custom = normaliseTable(table);
      TABLE_CACHE.set(table, custom);
    }
  }
  // Fast path: a value already in normal form (every key is) needs no normalising.
  const exact = custom?.get(raw) ?? DEFAULT_MAP.get(raw);
  if (exact !== undefined) return exact;
  const key = statusKey(raw);
  return custom?.get(key) ?? DEFAULT_MAP.get(key) ?? null;
}
