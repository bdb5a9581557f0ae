// Chongqing county-level units (GB/T 2260). IDs issued before a unit was renamed keep its old
// code, so the retired codes are listed too, with the unit that succeeded them.
// Caution: 500110 and 500111 were 万盛区 and 双桥区 until 2011 (merged into 綦江区 and 大足区,
// which took those codes over); an older ID with them means the same area under today's name.
import { compactNfkc } from './chars.ts';

export interface District {
  readonly code: string;
  readonly name: string;
  readonly retired?: true;
  /** For a retired unit: the code of the unit that replaced it. */
  readonly successor?: string;
}

const current = (code: string, name: string): District => Object.freeze({ code, name });
const retired = (code: string, name: string, successor: string): District =>
  Object.freeze({ code, name, retired: true as const, successor });

export const DISTRICTS: readonly District[] = Object.freeze([
  current('500101', '万州区'),
  current('500102', '涪陵区'),
  current('500103', '渝中区'),
  current('500104', '大渡口区'),
  current('500105', '江北区'),
  current('500106', '沙坪坝区'),
  current('500107', '九龙坡区'),
  current('500108', '南岸区'),
  current('500109', '北碚区'),
  current('500110', '綦江区'),
  current('500111', '大足区'),
  current('500112', '渝北区'),
  current('500113', '巴南区'),
  current('500114', '黔江区'),
  current('500115', '长寿区'),
  current('500116', '江津区'),
  current('500117', '合川区'),
  current('500118', '永川区'),
  current('500119', '南川区'),
  current('500120', '璧山区'),
  current('500151', '铜梁区'),
  current('500152', '潼南区'),
  current('500153', '荣昌区'),
  current('500154', '开州区'),
  current('500155', '梁平区'),
  current('500156', '武隆区'),
  current('500229', '城口县'),
  current('500230', '丰都县'),
  current('500231', '垫江县'),
  current('500233', '忠县'),
  current('500235', '云阳县'),
  current('500236', '奉节县'),
  current('500237', '巫山县'),
  current('500238', '巫溪县'),
  current('500240', '石柱土家族自治县'),
  current('500241', '秀山土家族苗族自治县'),
  current('500242', '酉阳土家族苗族自治县'),
  current('500243', '彭水苗族土家族自治县'),
  retired('500222', '綦江县', '500110'), // 2011
  retired('500223', '潼南县', '500152'), // 2015
  retired('500224', '铜梁县', '500151'), // 2014
  retired('500225', '大足县', '500111'), // 2011
  retired('500226', '荣昌县', '500153'), // 2015
  retired('500227', '璧山县', '500120'), // 2014
  retired('500228', '梁平县', '500155'), // 2016
  retired('500232', '武隆县', '500156'), // 2016
  retired('500234', '开县', '500154'), // 2016
  retired('500381', '江津市', '500116'), // 2006
  retired('500382', '合川市', '500117'), // 2006
  retired('500383', '永川市', '500118'), // 2006
  retired('500384', '南川市', '500119'), // 2006
]);

const SUFFIX = /(?:(?:土家族|苗族)+自治县|自治县|区|县|市)$/;
const CITY_PREFIX = /^重庆(?:市)?/;

/** Short forms of a current unit's name: 万州, 石柱, 石柱县, 石柱自治县 (never one character). */
function shortNames(d: District): string[] {
  const stem = d.name.replace(SUFFIX, '');
  if (stem.length < 2 || stem === d.name) return [];
  const names = [stem];
  if (d.name.endsWith('自治县')) names.push(stem + '县', stem + '自治县');
  return names;
}

const BY_KEY: ReadonlyMap<string, District> = (() => {
  const exact = new Map<string, District>();
  for (const d of DISTRICTS) {
    exact.set(d.code, d);
    exact.set(d.name, d);
  }
  // Short names only for current units, and only where no two units share one.
  const short = new Map<string, District | null>();
  for (const d of DISTRICTS) {
    if (d.retired) continue;
    for (const s of shortNames(d)) {
      const seen = short.get(s);
      short.set(s, seen === undefined || seen === d ? d : null);
    }
  }
  for (const [key, d] of short) if (d !== null && !exact.has(key)) exact.set(key, d);
  return exact;
})();

/**
 * District by full name, short name (万州, 石柱县) or 6-digit code; a `重庆市` prefix is ignored.
 * A retired name or code returns its own entry (`retired: true`, `successor`).
 */
export function findDistrict(nameOrCode: string): District | null {
  const hit = BY_KEY.get(nameOrCode);
  if (hit !== undefined) return hit;
  const key = compactNfkc(nameOrCode).replace(CITY_PREFIX, '');
  return BY_KEY.get(key) ?? null;
}

// Keys searched in free text: current full and short names (retired names contain a current
// short name — 綦江县 ⊃ 綦江 — and so resolve to the successor).
const TEXT_KEYS: readonly (readonly [string, District])[] = [...BY_KEY].filter(
  ([key, d]) => !d.retired && key !== d.code,
);
const CODE_IN_TEXT = /(?<!\d)500[12]\d\d(?!\d)/g;

/** The one current district named in a title row or file name; null when none or several. */
export function findDistrictInText(text: string): District | null {
  const t = compactNfkc(text);
  let found: District | null = null;
  for (const [key, d] of TEXT_KEYS) {
    if (t.includes(key)) {
      if (found !== null && found !== d) return null;
      found = d;
    }
  }
  for (const match of t.matchAll(CODE_IN_TEXT)) {
    const d = BY_KEY.get(match[0]);
    if (d === undefined || d.retired) continue;
    if (found !== null && found !== d) return null;
    found = d;
  }
  return found;
}
