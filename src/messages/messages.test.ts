/**
 * The message catalogues: every key in both languages with the same {placeholders}; the rules' messages
 * (the registry's and a declared reference list's) likewise; filling shows what it was not given.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config.ts';
import { messageProblems } from '../rules/define-rule.ts';
import { listRules, RULES } from '../rules/index.ts';
import { en } from './en.ts';
import { CATALOGUES, fillMessage, msg, msgBoth, placeholders, type MessageKey } from './index.ts';
import { zh } from './zh.ts';

describe('the app catalogue', () => {
  it('has every key in both languages, with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    expect(messageProblems(zh, en)).toEqual([]);
    for (const text of [...Object.values(zh), ...Object.values(en)]) expect(text.trim()).not.toBe('');
  });

  it('fails on a key missing in English, and on a placeholder that differs', () => {
    const { ['findings.count']: _dropped, ...partial } = en;
    expect(messageProblems(zh, partial)).toEqual(['message findings.count has no English']);
    expect(messageProblems(zh, { ...en, 'findings.count': '{n} findings' })).toEqual(['message findings.count: placeholders {count} in Chinese but {n} in English']);
    // The type makes the same mistake a compile error:
    // @ts-expect-error 'findings.count' is missing
    const incomplete: typeof CATALOGUES.en = partial;
    expect(incomplete).toBeDefined();
  });

  it('fills placeholders in the language asked, money as yuan, and leaves an unfilled one visible', () => {
    expect(msg('zh', 'findings.count', { count: 3 })).toBe('共 3 条疑点（疑点是待核实的线索，不是结论）');
    expect(msg('en', 'findings.count', { count: 3 })).toBe('3 findings (leads to verify, not verdicts)');
    expect(msg('en', 'findings.count')).toBe('{count} findings (leads to verify, not verdicts)');
    expect(placeholders(msg('en', 'findings.count'))).toEqual(['count']);
    expect(msgBoth('findings.marked', { mark: { zh: '误报', en: 'false-positive' } })).toEqual({ zh: '已标记为「误报」', en: 'marked false-positive' });
    expect(fillMessage('{program} {amountFen} 元 {x}', { program: { zh: '低保', en: 'dibao' }, amountFen: 123456, x: null }, 'en')).toBe('dibao 1,234.56 元 -');
  });

  it('every key is used by the app (no dead text)', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => {
        const p = join(dir, n);
        return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.includes('src/messages/') ? [p] : [];
      });
    const source = walk('src').map((p) => readFileSync(p, 'utf8')).join('\n');
    const unused = (Object.keys(zh) as MessageKey[]).filter((k) => !source.includes(`'${k}'`));
    expect(unused).toEqual([]);
  });
});

describe('rule messages', () => {
  const lists = listRules(
    parseConfig(
      'referenceLists:\n  public-employees:\n    name: 财政供养人员\n    title: 救助对象为财政供养人员\n    clause: 四（二）\n' +
        '  vehicles:\n    name: 车辆登记\n    title: 救助对象名下有车\n    clause: 四（二）\n    message: "{who}名下有车（{listRow}）"\n    messageEn: "{who} owns a vehicle ({listRow})"\n',
      'test.yaml', null,
    ).referenceLists,
  );
  const rules = [...Object.values(RULES), ...lists];

  it.each(rules.map((r) => [r.id, r] as const))('%s has every message in English, with the Chinese placeholders, and an English title', (_id, rule) => {
    expect(messageProblems(rule.messages, rule.messagesEn)).toEqual([]);
    expect(Object.keys(rule.messagesEn).sort()).toEqual(Object.keys(rule.messages).sort());
    for (const text of Object.values(rule.messagesEn)) expect(text).not.toMatch(/[\u4e00-\u9fff]/);
    expect(rule.titleEn).not.toMatch(/[\u4e00-\u9fff]/);
    expect(rule.titleEn.trim()).not.toBe('');
  });

  it('refuses a declared list whose English message has other placeholders', () => {
    expect(() =>
      parseConfig('referenceLists:\n  vehicles:\n    name: 车辆登记\n    title: 有车\n    clause: 四（二）\n    message: "{who}名下有车"\n    messageEn: "{who} owns {car}"\n', 'test.yaml', null),
    ).toThrow(/messageEn/);
  });
});
