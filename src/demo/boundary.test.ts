/**
 * `generate` and `demo` are product commands: the build (tsconfig.build.json) ships cli.ts and src only, so
 * nothing the build compiles may import test fixtures, or `node dist/cli.js demo` fails after `npm ci`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.(ts|mjs)$/.test(e.name) && !/\.test\.ts$|test-helpers\.ts$/.test(e.name) ? [path] : [];
  });
}

describe('the build ships the demo data maker', () => {
  it('no file the build compiles imports from fixtures/', () => {
    const offenders = [join(root, 'cli.ts'), ...sources(join(root, 'src'))].filter((f) => /from\s+['"][^'"]*fixtures\//.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });

  it('tsconfig.build.json compiles src (with src/demo) and no fixtures', () => {
    const build = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')) as { include: string[]; exclude: string[] };
    expect(build.include).toContain('src');
    expect(build.include.filter((p) => p.startsWith('fixtures'))).toEqual([]);
    expect(build.exclude.filter((p) => p.includes('demo'))).toEqual([]);
  });
});
