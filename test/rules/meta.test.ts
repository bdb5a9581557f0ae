/**
 * The rule catalogue keeps itself honest, with nothing typed in by hand: the registry (src/rules/index.ts) and
 * the doc pages (docs/rules/*.md) are the catalogue. Every registered rule lives in the file named by its id,
 * opens with the policy clause it enforces, and has its test table and its doc page; every rule file is
 * registered; every doc page belongs to a registered rule. Adding a rule is its file, its test, its doc page
 * and one registry line — and this test says which of the four is missing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.ts';

const root = join(import.meta.dirname, '../..');
/** The files in src/rules that are machinery, not rules. */
const NOT_RULES = new Set(['index.ts', 'types.ts', 'define-rule.ts', 'rule-tester.ts', 'helpers.ts']);
const ruleFiles = readdirSync(join(root, 'src/rules'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !NOT_RULES.has(f) && !f.endsWith('-helpers.ts'))
  .map((f) => f.slice(0, -3))
  .sort();
const docPages = readdirSync(join(root, 'docs/rules'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => f.slice(0, -3))
  .sort();
const registered = Object.keys(RULES);

/** The opening block comment of a source file (the clause header). */
function header(source: string): string {
  return /^\s*\/\*\*?([\s\S]*?)\*\//.exec(source)?.[1] ?? '';
}

describe('rule catalogue (from the registry and docs/rules)', () => {
  it('has rules at all (a broken import would make every check below vacuous)', () => {
    expect(registered.length).toBeGreaterThan(0);
  });

  it('registers exactly the rule files, sorted by id', () => {
    expect(registered).toEqual(ruleFiles);
    expect(registered).toEqual([...registered].sort());
  });

  it('has a doc page for exactly the registered rules (no page for a rule that is gone or misspelt)', () => {
    expect(docPages.filter((p) => !RULES[p]), 'doc pages of no registered rule').toEqual([]);
    expect(registered.filter((id) => !docPages.includes(id)), 'registered rules without a doc page').toEqual([]);
  });

  for (const id of registered) {
    it(`${id}: in its own file, opens with its clause, has a test table, a doc page, a Chinese title`, async () => {
      const rule = RULES[id]!;
      expect(rule.id).toBe(id);
      const file = join(root, `src/rules/${id}.ts`);
      expect(existsSync(file), `src/rules/${id}.ts`).toBe(true);
      const mod = (await import(`../../src/rules/${id}.ts`)) as { default: unknown };
      expect(mod.default, `the registry line for ${id} imports its own file`).toBe(rule);

      expect(rule.clause.trim().length).toBeGreaterThan(0);
      const head = header(readFileSync(file, 'utf8'));
      for (const part of rule.clause.split(/[,，]\s*/)) expect(head, `src/rules/${id}.ts opens with clause ${part}`).toContain(part.trim());

      const test = join(root, `src/rules/${id}.test.ts`);
      expect(existsSync(test), `src/rules/${id}.test.ts`).toBe(true);
      expect(readFileSync(test, 'utf8'), `src/rules/${id}.test.ts runs testRule`).toMatch(/\btestRule\(/);

      const doc = join(root, `docs/rules/${id}.md`);
      expect(existsSync(doc), `docs/rules/${id}.md`).toBe(true);
      expect(readFileSync(doc, 'utf8').split('\n')[0], `docs/rules/${id}.md is titled with its id`).toContain(`\`${id}\``);

      expect(rule.title).toMatch(/\p{Script=Han}/u);
    });
  }
});
