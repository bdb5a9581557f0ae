// The funds ledger's lines (issue 15): one per program, plus the townships' 临时救助备用金.
import type { Program } from './programs.ts';

/** 临时救助备用金: handed to townships, spent through their petty-cash ledgers. */
export const RESERVE_FUND = 'linshi-reserve';
export type Fund = Program | typeof RESERVE_FUND;
export const FUNDS: readonly Fund[] = ['dibao', 'tekun', 'linshi', RESERVE_FUND];
export const FUND_ZH: Readonly<Record<Fund, string>> = { dibao: '低保', tekun: '特困', linshi: '临时救助', [RESERVE_FUND]: '临时救助备用金' };
export const FUND_EN: Readonly<Record<Fund, string>> = { dibao: 'Dibao', tekun: 'Tekun', linshi: 'Temporary assistance', [RESERVE_FUND]: 'Temporary-assistance reserve' };
