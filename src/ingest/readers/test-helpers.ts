/** Shared by the readers' tests: where the format scenarios live, and how to drain a table. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import type { RawRecord, SourceTable } from './types.ts';

export const scenario = (name: string): string =>
  fileURLToPath(new URL(`../../../fixtures/scenarios/formats/${name}`, import.meta.url));

export async function recordsOf(table: SourceTable): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  for await (const record of table.records) out.push(record);
  return out;
}

// One scratch folder per test file. The test files share this module when vitest does not isolate them
// (vitest.config.ts), so the folder is made on first use after each file's cleanup, not once at import.
let scratch: string | null = null;
afterAll(() => {
  if (scratch !== null) rmSync(scratch, { recursive: true, force: true });
  scratch = null;
});
process.once('exit', () => {
  if (scratch !== null) rmSync(scratch, { recursive: true, force: true });
});

/** Writes `bytes` to a temporary file (removed after the test file has run) and returns its path. */
export function tempFile(name: string, bytes: Uint8Array | string): string {
  scratch ??= mkdtempSync(join(tmpdir(), 'relief-recon-readers-'));
  const path = join(mkdtempSync(join(scratch, 'case-')), name);
  writeFileSync(path, bytes);
  return path;
}
