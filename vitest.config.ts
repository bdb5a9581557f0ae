import { defineConfig } from 'vitest/config';

/**
 * The test matrix: everything runs on SQLite; the tests of the database-facing parts (rules, end-to-end
 * ground truth, findings lifecycle, ingest, the run lock, the portal) run a second time on PostgreSQL when a server is
 * given in RELIEF_TEST_PG_URL (scripts/pg-local.sh starts a throw-away one; .ci/run always does). In CI a
 * missing server is an error; a developer without one gets a notice and the SQLite half.
 */
const ALL = ['src/**/*.test.ts', 'test/**/*.test.ts', 'fixtures/**/*.test.ts'];
const ON_POSTGRES = [
  'src/rules/*.test.ts',
  'src/db/*.test.ts',
  'test/e2e/**/*.test.ts',
  'test/findings/lifecycle.test.ts',
  'test/ingest/**/*.test.ts',
  'test/reconcile/**/*.test.ts',
  'test/rules/two-threads.test.ts',
  'test/rules/memo.test.ts',
  'test/pipeline/lock.test.ts',
  'test/portal/server.test.ts',
  'test/portal/auth.test.ts',
  'test/portal/portal-browser.test.ts',
  'test/db/**/*.test.ts',
];
/** Tests that need both databases at once (they compare them). */
const BOTH = ['test/db/**/*.test.ts'];

const pgUrl = process.env.RELIEF_TEST_PG_URL;
if (!pgUrl) {
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  const text = 'RELIEF_TEST_PG_URL is not set: the PostgreSQL half of the test matrix is NOT run (only SQLite). Start one with: scripts/pg-local.sh npm test';
  if (ci) throw new Error(`CI: ${text}`);
  console.warn(`\n\x1b[33m*** NOTICE: ${text}\x1b[0m\n`);
}

export default defineConfig({
  test: {
    testTimeout: 60_000,
    // A file's beforeAll builds its fixture run (ingest, checks, reports) or starts a portal: seconds, not the default 10.
    hookTimeout: 120_000,
    pool: 'forks',
    // One temporary directory per run, removed at its end (test/temp-root.ts).
    globalSetup: ['test/temp-root.ts'],
    // Vitest's default for `run` is one worker fewer than the cores: on the project's 2-core machine that is ONE
    // worker, every file in a row. Much of a file's time is spent waiting on what it started (a child process,
    // Chromium, LibreOffice), so two workers per two cores overlap that wait with another file's work.
    maxWorkers: '100%',
    // Test files share a worker's module cache instead of importing the whole engine afresh each (measured on
    // the quiet 2-core machine: the SQLite half 199 s → 118 s; 110 s of the 199 were module imports). Every
    // test file must therefore leave no module state behind it: what a file sets up, its afterAll undoes.
    isolate: false,
    projects: [
      { extends: true, test: { name: 'sqlite', include: ALL, exclude: BOTH, env: { RELIEF_TEST_DB: 'sqlite' } } },
      ...(pgUrl ? [{ extends: true as const, test: { name: 'postgres', include: ON_POSTGRES, env: { RELIEF_TEST_DB: 'postgres' } } }] : []),
    ],
  },
});
