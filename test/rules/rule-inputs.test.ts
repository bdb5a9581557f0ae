/**
 * A rule's `reads` decides whether it re-checks old periods when a reference list is new: a rule that reads
 * a list but does not declare it would keep stale findings. Each entry is checked against the tables the
 * rule's source (and the funds ledger it calls) names.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readsAnyOf } from '../../src/rules/engine/inputs.ts';
import { RULES } from '../../src/rules/index.ts';

const root = join(import.meta.dirname, '../..');
const TABLES: Record<string, string> = {
  staff: "'staff",
  proxy: "'proxyAgreements",
  deaths: "'deaths",
  standards: "'standards",
  allocation: "'allocations",
  'petty-cash': "'pettyCash",
};

function kindsNamedBy(id: string): string[] {
  let source = readFileSync(join(root, 'src/rules', `${id}.ts`), 'utf8');
  if (source.includes('fundsLedger')) source += readFileSync(join(root, 'src/reconcile/funds-ledger.ts'), 'utf8');
  // The shared query pieces of rules/helpers.ts a rule calls read tables on its behalf.
  const helpers = readFileSync(join(root, 'src/rules/helpers.ts'), 'utf8');
  for (const [, name, body] of helpers.matchAll(/^export (?:async )?function (\w+)([\s\S]*?)(?=^export |(?![\s\S]))/gm)) {
    if (new RegExp(`\\b${name}\\(`).test(source)) source += body;
  }
  return Object.entries(TABLES).filter(([, table]) => source.includes(table)).map(([kind]) => kind).sort();
}

describe('the reference lists each rule reads', () => {

  it('the rules reading the proxy registry are the three proxyRegistryResent was weighed for', () => {
    // A re-sent registry re-checks no earlier month because these three read only recipient, proxy name, proxy ID
    // and the ID checks of the agreements: a fourth must be weighed there before this list grows.
    expect(Object.keys(RULES).filter((id) => readsAnyOf(RULES[id], ['proxy']) && RULES[id]!.reads !== 'any').sort()).toEqual([
      'account-holder-mismatch',
      'invalid-id',
      'proxy-without-agreement',
    ]);
  });

  for (const id of Object.keys(RULES)) {
    it(`${id}: declares exactly the lists its source reads`, () => {
      const reads = RULES[id]!.reads;
      expect(reads === 'any' ? reads : [...reads].sort()).toEqual(kindsNamedBy(id));
    });
  }

  it('a rule not in the table (a declared list, a new rule) re-checks for any list', () => {
    expect(readsAnyOf(undefined, ['proxy'])).toBe(true);
    expect(readsAnyOf(RULES['amount-mismatch'], ['proxy', 'staff'])).toBe(false);
    expect(readsAnyOf(RULES['staff-proxy'], ['proxy', 'staff'])).toBe(true);
  });
});
