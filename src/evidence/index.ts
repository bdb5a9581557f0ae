// Public face of the evidence package for auditors and assessors (plan 五（一）（三））.
export { buildEvidencePackage, type EvidenceOptions, type EvidenceResult, type SourceRecord } from './package.ts';
export { sha256sums, packagePath } from './sums.ts';
export { maskDeep } from './mask.ts';
