import { mkdtempSync } from 'node:fs';
import { afterEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, scratchDatabaseUrl, type Db } from '../../src/db/index.ts';
import { ingestFile, type ParseRequest, type Receipt } from '../../src/ingest/index.ts';

export const ROWS = join(import.meta.dirname, '../../fixtures/scenarios/rows');
export const FORMATS = join(import.meta.dirname, '../../fixtures/scenarios/formats');

export function tempDir(prefix = 'relief-recon-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** For a test file: a function opening a scratch database, each closed after the test that opened it. */
export function scratchDatabases(): () => Promise<Db> {
  const open: Db[] = [];
  afterEach(async () => {
    for (const db of open.splice(0)) await db.close();
  });
  return async () => {
    const db = await openDatabase(scratchDatabaseUrl());
    open.push(db);
    return db;
  };
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

/**
 * What a file left in the database: its rows (in the order stored), rejected rows and file record, without the
 * generated ids. Two ingests of one file must leave equal ones.
 */
export async function storedFile(db: Db, fileId: number) {
  const strip = <T extends { id: number; fileId: number }>(r: T) => ({ ...r, id: 0, fileId: 0 });
  const payments = await db.kysely.selectFrom('payments').selectAll().where('fileId', '=', fileId).orderBy('rowNo').execute();
  const roster = await db.kysely.selectFrom('rosterEntries').selectAll().where('fileId', '=', fileId).orderBy('rowNo').execute();
  const rejected = await db.kysely.selectFrom('rejectedRows').selectAll().where('fileId', '=', fileId).orderBy('rowNo').execute();
  const file = await db.kysely
    .selectFrom('sourceFiles')
    .select(['kind', 'format', 'encoding', 'sheetName', 'rowsRead', 'rowsAccepted', 'rowsRejected', 'totalFen', 'controlCount', 'controlTotalFen', 'batchKey'])
    .where('id', '=', fileId)
    .executeTakeFirstOrThrow();
  return { file, payments: payments.map(strip), roster: roster.map(strip), rejected: rejected.map(strip) };
}
