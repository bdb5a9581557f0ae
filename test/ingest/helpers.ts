import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, scratchDatabaseUrl, type Db } from '../../src/db/index.ts';
import { ingestFile, type ParseRequest, type Receipt } from '../../src/ingest/index.ts';

export const ROWS = join(import.meta.dirname, '../../fixtures/scenarios/rows');
export const FORMATS = join(import.meta.dirname, '../../fixtures/scenarios/formats');

export function tempDir(prefix = 'relief-recon-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function memoryDb(): Promise<Db> {
  return openDatabase(scratchDatabaseUrl());
}

export async function ingest(db: Db, req: ParseRequest, archiveDir: string | null = null): Promise<Receipt> {
  return ingestFile(db, req, { archiveDir, worker: false });
}

export function reasonsOf(r: Receipt): Record<number, string[]> {
  return Object.fromEntries(r.firstRejections.map((x) => [x.rowNo, x.reasons.map((y) => y.zh)]));
}
