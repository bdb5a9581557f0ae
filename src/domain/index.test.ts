import { describe, expect, it } from 'vitest';
import * as domain from './index.ts';

describe('src/domain public API', () => {
  it('exports exactly these values', () => {
    expect(Object.keys(domain).sort()).toEqual(
      [
        'DEFAULT_STATUS_CODES', 'DISTRICTS', 'FEE_LABEL_WORDS', 'FORBIDDEN_LABEL_WORDS', 'FUNDS', 'FUND_EN', 'FUND_ZH', 'PROGRAMS', 'RESERVE_FUND',
        'birthDateOf', 'fenToYuanNumber', 'findDistrict', 'findDistrictInText', 'findPeriodInText',
        'formatYuan', 'holdsPersonalNumber', 'idCheckChar', 'isStandardLabel', 'maskAccount', 'maskDataCell', 'maskIdNumber', 'maskNumbersInText', 'normaliseIdNumber', 'normaliseName',
        'normaliseText', 'nowInShanghai', 'nowInShanghaiDate', 'parseDate', 'parseFen', 'parseFenInFen',
        'parsePeriod', 'parseProgram', 'parseStatus', 'periodDeadline', 'regionOf', 'todayInShanghai',
      ].sort(),
    );
  });
});
