/**
 * A bank batch number decoded by the operator's pattern (config `batchNumber`) into the batch's period,
 * district and program — the last source of a batch's facts, after the ingest facts and the file's columns.
 */
import type { BatchNumberPattern } from '../config.ts';
import { findDistrict, parseProgram, type Program } from '../domain/index.ts';

export interface BatchFacts {
  period: string | null;
  district: string | null;
  program: Program | null;
}

/** The facts a batch number states; null when it does not match the pattern. Unknown codes give null fields. */
export function decodeBatchNumber(batchNo: string, p: BatchNumberPattern): BatchFacts | null {
  const m = p.pattern.exec(batchNo.trim());
  if (!m) return null;
  const g = m.groups ?? {};
  const period = g.period && /^\d{6}$/.test(g.period) && Number(g.period.slice(4)) >= 1 && Number(g.period.slice(4)) <= 12 ? `${g.period.slice(0, 4)}-${g.period.slice(4)}` : null;
  const district = g.district ? (findDistrict(g.district)?.name ?? null) : null;
  const program = g.program ? (p.programs[g.program] ?? parseProgram(g.program)) : null;
  return { period, district, program };
}
