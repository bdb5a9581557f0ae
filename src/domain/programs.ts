// 救助类别 (domain.md "Programs") and the payment labels that belong to each.
import { compactNfkc } from './chars.ts';

export type Program = 'dibao' | 'tekun' | 'linshi';

export const PROGRAMS: Readonly<Record<Program, { zh: string; short: string; standardLabels: readonly string[] }>> =
  Object.freeze({
    dibao: {
      zh: '最低生活保障',
      short: '低保',
      standardLabels: Object.freeze(['低保金', '最低生活保障金', '城乡最低生活保障金']),
    },
    tekun: {
      zh: '特困人员救助供养',
      short: '特困',
      standardLabels: Object.freeze([
        '特困供养金',
        '特困人员供养金',
        '特困人员救助供养金',
        '城乡特困人员基本生活补助和护理费',
      ]),
    },
    linshi: {
      zh: '临时救助',
      short: '临时救助',
      standardLabels: Object.freeze(['临时救助金']),
    },
  });

/** Words that must not appear in a social-assistance payment label (四（三）3). */
export const FORBIDDEN_LABEL_WORDS = Object.freeze(['工资', '补贴', '奖金', '劳务', '报酬'] as const);
/** Words that mark a deduction taken from the recipient's payment. */
export const FEE_LABEL_WORDS = Object.freeze(['手续费', '管理费', '年费', '工本费', '短信费', '卡费'] as const);

const PROGRAM_WORDS: Readonly<Record<Program, readonly string[]>> = {
  dibao: [
    'dibao', '低保', '最低生活保障', '城市低保', '农村低保', '城乡低保',
    '城市最低生活保障', '农村最低生活保障', '城乡最低生活保障',
  ],
  tekun: [
    'tekun', '特困', '特困供养', '特困人员', '分散供养', '集中供养',
    '特困人员供养', '特困人员救助供养', '特困救助供养', '城市特困', '农村特困', '城乡特困', '城乡特困人员',
    '分散供养特困人员', '集中供养特困人员', '城乡特困人员基本生活补助和护理费',
  ],
  linshi: ['linshi', '临时救助', '临救'],
};
// A trailing 金 / 对象 / 人员 / 户 names the same program (低保金, 低保对象, 临时救助对象, 低保户).
const SUFFIXES = ['金', '对象', '人员', '户'] as const;

const LOOKUP: ReadonlyMap<string, Program> = (() => {
  const map = new Map<string, Program | null>();
  const add = (key: string, program: Program): void => {
    const seen = map.get(key);
    map.set(key, seen === undefined || seen === program ? program : null); // null: ambiguous
  };
  for (const program of Object.keys(PROGRAM_WORDS) as Program[]) {
    for (const word of [...PROGRAM_WORDS[program], ...PROGRAMS[program].standardLabels]) {
      add(word, program);
      for (const suffix of SUFFIXES) if (!word.endsWith(suffix)) add(word + suffix, program);
    }
  }
  const clean = new Map<string, Program>();
  for (const [key, program] of map) if (program !== null) clean.set(key, program);
  return clean;
})();

/** 救助类别 cell → program code, or null when unknown (a row error for the caller). */
export function parseProgram(raw: string): Program | null {
  const hit = LOOKUP.get(raw);
  if (hit !== undefined) return hit;
  return LOOKUP.get(compactNfkc(raw).toLowerCase()) ?? null;
}

const STANDARD: Readonly<Record<Program, ReadonlySet<string>>> = {
  dibao: new Set(PROGRAMS.dibao.standardLabels),
  tekun: new Set(PROGRAMS.tekun.standardLabels),
  linshi: new Set(PROGRAMS.linshi.standardLabels),
};

/** True when `label` (after trim, NFKC, inner spaces removed) is one of the program's 规范名目. */
export function isStandardLabel(program: Program, label: string): boolean {
  return STANDARD[program].has(label) || STANDARD[program].has(compactNfkc(label));
}
