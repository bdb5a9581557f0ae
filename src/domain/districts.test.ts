import { describe, expect, it } from 'vitest';
import { DISTRICTS, findDistrict, findDistrictInText } from './districts.ts';

describe('DISTRICTS', () => {
  const current = DISTRICTS.filter((d) => !d.retired);
  it('has the 38 current county-level units of Chongqing, with their codes', () => {
    expect(current.map((d) => `${d.code} ${d.name}`)).toEqual([
      '500101 万州区', '500102 涪陵区', '500103 渝中区', '500104 大渡口区', '500105 江北区',
      '500106 沙坪坝区', '500107 九龙坡区', '500108 南岸区', '500109 北碚区', '500110 綦江区',
      '500111 大足区', '500112 渝北区', '500113 巴南区', '500114 黔江区', '500115 长寿区',
      '500116 江津区', '500117 合川区', '500118 永川区', '500119 南川区', '500120 璧山区',
      '500151 铜梁区', '500152 潼南区', '500153 荣昌区', '500154 开州区', '500155 梁平区',
      '500156 武隆区', '500229 城口县', '500230 丰都县', '500231 垫江县', '500233 忠县',
      '500235 云阳县', '500236 奉节县', '500237 巫山县', '500238 巫溪县', '500240 石柱土家族自治县',
      '500241 秀山土家族苗族自治县', '500242 酉阳土家族苗族自治县', '500243 彭水苗族土家族自治县',
    ]);
    expect(current).toHaveLength(38);
  });
  it('lists the retired codes with their historical names and successors', () => {
    expect(DISTRICTS.filter((d) => d.retired).map((d) => `${d.code} ${d.name} → ${d.successor}`)).toEqual([
      '500222 綦江县 → 500110', '500223 潼南县 → 500152', '500224 铜梁县 → 500151', '500225 大足县 → 500111',
      '500226 荣昌县 → 500153', '500227 璧山县 → 500120', '500228 梁平县 → 500155', '500232 武隆县 → 500156',
      '500234 开县 → 500154', '500381 江津市 → 500116', '500382 合川市 → 500117', '500383 永川市 → 500118',
      '500384 南川市 → 500119',
    ]);
  });
  it('every successor is a current unit, and codes are unique', () => {
    const codes = new Set(DISTRICTS.map((d) => d.code));
    expect(codes.size).toBe(DISTRICTS.length);
    for (const d of DISTRICTS.filter((x) => x.retired)) {
      expect(current.some((c) => c.code === d.successor)).toBe(true);
    }
  });
});

describe('findDistrict', () => {
  it.each([
    ['万州区', '500101'],
    ['万州', '500101'],
    ['500101', '500101'],
    [' 万州区 ', '500101'],
    ['重庆市万州区', '500101'],
    ['重庆万州', '500101'],
    ['５００１０１', '500101'],
    ['忠县', '500233'],
    ['九龙坡', '500107'],
    ['石柱土家族自治县', '500240'],
    ['石柱', '500240'],
    ['石柱县', '500240'],
    ['石柱自治县', '500240'],
    ['秀山', '500241'],
    ['酉阳县', '500242'],
    ['彭水', '500243'],
    ['彭水苗族土家族自治县', '500243'],
    ['开州', '500154'],
    ['綦江', '500110'], // the short name means today's district
    ['綦江县', '500222'], // the full retired name is its own entry
    ['开县', '500234'],
    ['500234', '500234'],
    ['江津市', '500381'],
    ['江津', '500116'],
    // unknown
    ['忠', null],
    ['开', null],
    ['重庆市', null],
    ['万州市', null],
    ['510101', null],
    ['朝阳区', null],
    ['', null],
  ])('%j → %s', (input, code) => {
    expect(findDistrict(input)?.code ?? null).toBe(code);
  });

  it('marks a retired unit and names its successor', () => {
    expect(findDistrict('开县')).toEqual({ code: '500234', name: '开县', retired: true, successor: '500154' });
    expect(findDistrict('万州')).toEqual({ code: '500101', name: '万州区' });
  });
});

describe('findDistrictInText', () => {
  it.each([
    ['重庆市万州区2026年11月城乡低保发放名册', '500101'],
    ['万州区_202611_低保.csv', '500101'],
    ['万州_202611_低保.csv', '500101'],
    ['彭水县2026年11月特困人员供养金发放表', '500243'],
    ['石柱土家族自治县低保名册', '500240'],
    ['重庆市 江北区 低保', '500105'],
    ['500101_202611.csv', '500101'],
    ['万州区500101低保名册', '500101'],
    ['开县低保名册', null], // only a retired name: no current district named
    ['綦江县低保名册', '500110'],
    // none or several
    ['2026-11 代发明细.xlsx', null],
    ['重庆市低保发放名册', null],
    ['万州区、涪陵区低保汇总', null],
    ['万州区500102低保名册', null],
    ['11010519491231002X', null],
    ['500234_低保.csv', null],
    ['', null],
  ])('%j → %s', (text, code) => {
    expect(findDistrictInText(text)?.code ?? null).toBe(code);
  });
});
