/**
 * The masking of an evidence package: ID numbers as 500101********123X, account numbers as ****1234,
 * and any long number inside free text (messages, evidence cells, review notes) likewise — the same
 * policy as the human reports, applied to every string of a JSON record.
 */
import { maskAccount, maskIdNumber, maskNumbersInText } from '../domain/index.ts';

const ID_KEY = /idnumber$/i;
const ACCOUNT_KEY = /^account(no)?$|accountno$/i;
/** Hashes (a finding's fingerprint, a file's SHA-256) identify records, not people: they stay whole. */
const HASH_KEY = /^(fingerprint|sha256)$/;
const HASH = /^[0-9a-f]{32}$|^[0-9a-f]{64}$/;

export function maskDeep(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    if (HASH_KEY.test(key) && HASH.test(value)) return value;
    if (ID_KEY.test(key)) return maskIdNumber(value);
    if (ACCOUNT_KEY.test(key)) return maskAccount(value);
    return maskNumbersInText(value);
  }
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v, k)]));
  return value;
}
