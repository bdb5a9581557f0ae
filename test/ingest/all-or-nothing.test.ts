import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, scratchDatabaseUrl } from '../../src/db/index.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { ROWS, ingest, memoryDb, tempDir } from './helpers.ts';

function bankFile(dir: string, rows: number): string {
  const lines = ['发放月份,区县,救助类别,户名,身份证号码,银行账号,金额,状态'];
  for (let i = 0; i < rows; i++) lines.push(`2026-11,万州区,低保,张明华,500101195003150016,62284800${String(i).padStart(11, '0')},770.00,成功`);
  const path = join(dir, 'bank-many-rows.csv');
  writeFileSync(path, lines.join('\n'));
  return path;
}

async function countRows(dbPath: string) {
  const db = await openDatabase(dbPath);
  const files = await db.kysely.selectFrom('sourceFiles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const payments = await db.kysely.selectFrom('payments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  await db.close();
  return { files: Number(files.n), payments: Number(payments.n) };
}

describe('one transaction per file', () => {
  it('leaves no row of a file whose ingest fails part-way', async () => {
    const dir = tempDir();
    const dbPath = scratchDatabaseUrl(join(dir, 'db.sqlite'));
    const db = await openDatabase(dbPath);
    const path = bankFile(dir, 5000);
    let batches = 0;
    await expect(
      ingestFile(db, { path, batchSize: 1000 }, {
        archiveDir: null,
        worker: false,
        afterBatch: () => {
          if (++batches === 3) throw new Error('disk full (simulated)');
        },
      }),
    ).rejects.toThrow('disk full (simulated)');
    await db.close();
    expect(batches).toBe(3);
    expect(await countRows(dbPath)).toEqual({ files: 0, payments: 0 });
  });

  it('stores nothing of a file whose original cannot be archived, and says why', async () => {
    const dir = tempDir();
    const dbPath = scratchDatabaseUrl(join(dir, 'db.sqlite'));
    const db = await openDatabase(dbPath);
    const path = bankFile(dir, 3000);
    // The archive is copied while the file is parsed: a copy that fails still fails the file, after its rows were read.
    const blocked = join(dir, 'archive-is-a-file');
    writeFileSync(blocked, 'not a directory');
    let batches = 0;
    await expect(ingestFile(db, { path, batchSize: 1000 }, { archiveDir: blocked, worker: false, afterBatch: () => void batches++ })).rejects.toThrow(/ENOTDIR|EEXIST/);
    await db.close();
    expect(batches).toBe(3);
    expect(await countRows(dbPath)).toEqual({ files: 0, payments: 0 });
    // With a usable archive the same file goes in whole.
    const again = await openDatabase(dbPath);
    const r = await ingestFile(again, { path }, { archiveDir: join(dir, 'archive'), worker: false });
    await again.close();
    expect(r).toMatchObject({ status: 'ingested', rowsAccepted: 3000 });
    const day = join(dir, 'archive', readdirSync(join(dir, 'archive'))[0]!);
    expect(readdirSync(day).map((name) => readFileSync(join(day, name), 'utf8'))).toEqual([readFileSync(path, 'utf8')]);
    expect(await countRows(dbPath)).toEqual({ files: 1, payments: 3000 });
  });

  it('leaves no row of a file when the process is killed mid-file, and the file can be ingested again', async () => {
    const dir = tempDir();
    const dbPath = scratchDatabaseUrl(join(dir, 'db.sqlite'));
    const path = bankFile(dir, 60_000);
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'ingest-child.ts'), dbPath, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    let seen = '';
    const killedAfter = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        seen += d.toString();
        const stored = [...seen.matchAll(/stored (\d+)/g)].map((m) => Number(m[1]));
        const last = stored.at(-1) ?? 0;
        if (last >= 5000 && !child.killed) {
          child.kill('SIGKILL');
          resolve(last);
        }
        if (seen.includes('finished')) reject(new Error('child finished before it could be killed'));
      });
      child.on('error', reject);
    });
    await new Promise((r) => child.on('exit', r));
    expect(killedAfter).toBeGreaterThanOrEqual(5000);
    expect(await countRows(dbPath)).toEqual({ files: 0, payments: 0 });
    const db = await openDatabase(dbPath);
    const receipt = await ingestFile(db, { path }, { archiveDir: null, worker: true });
    await db.close();
    expect(receipt.status).toBe('ingested');
    expect(await countRows(dbPath)).toEqual({ files: 1, payments: 60_000 });
  });
});

describe('idempotency and archive', () => {
  it('skips the same bytes the second time, saying when they were ingested', async () => {
    const db = await memoryDb();
    const first = await ingest(db, { path: join(ROWS, 'gbk-bank-file-with-summary-first-line.csv') });
    const second = await ingest(db, { path: join(ROWS, 'gbk-bank-file-with-summary-first-line.csv'), fileName: 'renamed-copy.csv' });
    expect(second.status).toBe('duplicate');
    expect(second.fileId).toBe(first.fileId);
    const file = await db.kysely.selectFrom('sourceFiles').select('ingestedAt').executeTakeFirstOrThrow();
    expect(second.alreadyIngestedAt).toBe(file.ingestedAt);
    expect(file.ingestedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    const n = await db.kysely.selectFrom('payments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(3);
    await db.close();
  });

  it('keeps the original bytes in the archive, by date and hash', async () => {
    const db = await memoryDb();
    const archive = tempDir();
    const source = join(ROWS, 'gbk-bank-file-with-summary-first-line.csv');
    const r = await ingest(db, { path: source }, archive);
    const file = await db.kysely.selectFrom('sourceFiles').select(['archivePath', 'sha256']).executeTakeFirstOrThrow();
    expect(file.sha256).toBe(r.sha256);
    expect(file.archivePath).toMatch(new RegExp(`/\\d{4}-\\d{2}-\\d{2}/${r.sha256.slice(0, 16)}-gbk-bank-file-with-summary-first-line\\.csv$`));
    expect(readFileSync(file.archivePath!)).toEqual(readFileSync(source));
    await db.close();
  });
});
