import { describe, expect, it } from 'vitest';
import { FEE_LABEL_WORDS, FORBIDDEN_LABEL_WORDS, PROGRAMS, isStandardLabel, parseProgram, type Program } from './programs.ts';

describe('parseProgram', () => {
  it.each([
    ['低保', 'dibao'],
    ['最低生活保障', 'dibao'],
    ['城市低保', 'dibao'],
    ['农村低保', 'dibao'],
    ['城乡低保', 'dibao'],
    ['低保金', 'dibao'],
    ['低保对象', 'dibao'],
    ['低保人员', 'dibao'],
    ['低保户', 'dibao'],
    ['农村低保对象', 'dibao'],
    ['城乡最低生活保障金', 'dibao'],
    ['dibao', 'dibao'],
    ['DiBao', 'dibao'],
    [' 低保 ', 'dibao'],
    ['城乡 低保', 'dibao'],
    ['特困', 'tekun'],
    ['特困供养', 'tekun'],
    ['特困人员', 'tekun'],
    ['分散供养', 'tekun'],
    ['集中供养', 'tekun'],
    ['特困供养金', 'tekun'],
    ['特困人员救助供养金', 'tekun'],
    ['分散供养对象', 'tekun'],
    ['集中供养人员', 'tekun'],
    ['城乡特困人员基本生活补助和护理费', 'tekun'],
    ['tekun', 'tekun'],
    ['临时救助', 'linshi'],
    ['临救', 'linshi'],
    ['临时救助金', 'linshi'],
    ['临时救助对象', 'linshi'],
    ['LINSHI', 'linshi'],
    // unknown
    ['', null],
    ['救助', null],
    ['低保金金', null],
    ['工资', null],
    ['医疗救助', null],
    ['保', null],
  ])('%j → %s', (raw, program) => {
    expect(parseProgram(raw)).toBe(program);
  });
});

describe('PROGRAMS', () => {
  it('holds the table of domain.md', () => {
    expect(PROGRAMS).toEqual({
      dibao: { zh: '最低生活保障', short: '低保', standardLabels: ['低保金', '最低生活保障金', '城乡最低生活保障金'] },
      tekun: {
        zh: '特困人员救助供养',
        short: '特困',
        standardLabels: ['特困供养金', '特困人员供养金', '特困人员救助供养金', '城乡特困人员基本生活补助和护理费'],
      },
      linshi: { zh: '临时救助', short: '临时救助', standardLabels: ['临时救助金'] },
    });
  });
  it('every code round-trips through parseProgram, and so does its Chinese name', () => {
    for (const program of Object.keys(PROGRAMS) as Program[]) {
      expect(parseProgram(program)).toBe(program);
      expect(parseProgram(PROGRAMS[program].zh)).toBe(program);
      expect(parseProgram(PROGRAMS[program].short)).toBe(program);
      for (const label of PROGRAMS[program].standardLabels) expect(parseProgram(label)).toBe(program);
    }
  });
  it('label word lists', () => {
    expect(FORBIDDEN_LABEL_WORDS).toEqual(['工资', '补贴', '奖金', '劳务', '报酬']);
    expect(FEE_LABEL_WORDS).toEqual(['手续费', '管理费', '年费', '工本费', '短信费', '卡费']);
  });
});

describe('isStandardLabel', () => {
  it.each([
    ['dibao', '低保金', true],
    ['dibao', ' 城乡最低生活保障金 ', true],
    ['dibao', '低保 金', true],
    ['dibao', '特困供养金', false],
    ['dibao', '代发工资', false],
    ['dibao', '低保', false],
    ['tekun', '城乡特困人员基本生活补助和护理费', true],
    ['tekun', '特困人员供养金', true],
    ['tekun', '低保金', false],
    ['linshi', '临时救助金', true],
    ['linshi', '临时救助', false],
    ['linshi', '', false],
  ] as const)('%s %j → %s', (program, label, standard) => {
    expect(isStandardLabel(program, label)).toBe(standard);
  });
});
