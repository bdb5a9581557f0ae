/**
 * The rule catalogue keeps itself honest: every rule file has its registry entry (under its own
 * file name), its test and its doc page; the registry is sorted; the catalogue of rules.md is complete.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.ts';

const root = join(import.meta.dirname, '../..');
const NOT_RULES = new Set(['index.ts', 'types.ts', 'define-rule.ts', 'rule-tester.ts', 'helpers.ts']);
const ruleFiles = readdirSync(join(root, 'src/rules'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !NOT_RULES.has(f) && !f.endsWith('-helpers.ts'))
  .map((f) => f.slice(0, -3))
  .sort();

const CATALOGUE = [
  'above-standard', 'account-holder-mismatch', 'amount-mismatch', 'bank-fee', 'control-total', 'count-mismatch',
  'deceased-recipient', 'duplicate-payment', 'duplicate-roster-id', 'failed-payment', 'funds-idle', 'invalid-id', 'late-payment',
  'missing-payment', 'nonstandard-label', 'over-disbursed', 'petty-cash-staff', 'petty-cash-unregistered', 'proxy-without-agreement', 'shared-account', 'staff-proxy', 'staff-recipient',
  'total-mismatch', 'unapproved-payment',
];

describe('rule catalogue', () => {
  it('registers exactly the rule files, sorted by id', () => {
    expect(Object.keys(RULES)).toEqual(ruleFiles);
    expect(Object.keys(RULES)).toEqual([...Object.keys(RULES)].sort());
  });

  it('holds every rule of rules.md', () => {
    expect(Object.keys(RULES)).toEqual(CATALOGUE);
  });

  for (const id of ruleFiles) {
    it(`${id}: id matches its file name, and it has a test, a doc page, a title and a clause`, async () => {
      const mod = (await import(`../../src/rules/${id}.ts`)) as { default: { id: string; title: string; clause: string } };
      expect(mod.default.id).toBe(id);
      expect(RULES[id]).toBe(mod.default);
      expect(existsSync(join(root, `src/rules/${id}.test.ts`)), `src/rules/${id}.test.ts`).toBe(true);
      expect(existsSync(join(root, `docs/rules/${id}.md`)), `docs/rules/${id}.md`).toBe(true);
      expect(mod.default.title).toMatch(/\p{Script=Han}/u);
      expect(mod.default.clause.length).toBeGreaterThan(0);
    });
  }
});
