// Public face of the domain: pure parsing and reference data, no I/O.
export type { IdProblem, IdNumberResult } from './id-number.ts';
export { normaliseIdNumber, idCheckChar, maskIdNumber, birthDateOf, regionOf } from './id-number.ts';

export type { MoneyProblem, MoneyInput, FenResult } from './money.ts';
export { parseFen, parseFenInFen, formatYuan, fenToYuanNumber } from './money.ts';

export {
  parsePeriod,
  parseDate,
  findPeriodInText,
  periodDeadline,
  nowInShanghai,
  nowInShanghaiDate,
  todayInShanghai,
} from './period.ts';

export { normaliseName, normaliseText } from './names.ts';

export type { Program } from './programs.ts';
export { PROGRAMS, parseProgram, FORBIDDEN_LABEL_WORDS, FEE_LABEL_WORDS, isStandardLabel } from './programs.ts';

export type { PaymentStatus } from './status.ts';
export { DEFAULT_STATUS_CODES, parseStatus } from './status.ts';

export type { District } from './districts.ts';
export { DISTRICTS, findDistrict, findDistrictInText } from './districts.ts';
export { maskAccount, maskNumbersInText, maskDataCell, holdsPersonalNumber } from './privacy.ts';
export { RESERVE_FUND, FUNDS, FUND_ZH, FUND_EN, type Fund } from './funds.ts';
