/**
 * Uploads from the staging folder to the inbox: a file is validated where it was staged (the liaison
 * sees the receipt at once), recorded with its bank, uploader, SHA-256 and receipt, and moved into the
 * inbox — beside its batch facts — only when the liaison confirms. The same bytes twice are recognised.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, lstat, mkdir, open, readdir, rename, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { Selectable } from 'kysely';
import type { Db, UploadTable } from '../db/index.ts';
import { nowInShanghai, type Program } from '../domain/index.ts';
import { batchNumberOf, batchOwners, type Receipt, type RejectedRow } from '../ingest/index.ts';
import { factsPathFor, writeFacts, type InboxFacts } from '../pipeline/index.ts';
import { withSuffix } from './file-name.ts';
import type { User } from './types.ts';

/** The receipt as stored with the upload: every rejected row (up to a cap), not only the first few. */
export interface StoredReceipt extends Receipt {
  rejections: RejectedRow[];
  /** More rows were rejected than are kept here. */
  rejectionsCapped: boolean;
}

export const MAX_STORED_REJECTIONS = 5000;

export type Upload = Selectable<UploadTable> & { receipt: StoredReceipt };

export function stagingName(safe: string): string {
  return `${randomBytes(8).toString('hex')}-${safe}`;
}

/** Text files must not hold NUL bytes; workbooks are ZIP (xlsx) or OLE2 (legacy xls, refused by ingest with its hint). */
export async function looksBinary(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(8192);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    const got = head.subarray(0, bytesRead);
    if (got[0] === 0x50 && got[1] === 0x4b) return false;
    if (got[0] === 0xd0 && got[1] === 0xcf && got[2] === 0x11 && got[3] === 0xe0) return false;
    return got.includes(0);
  } finally {
    await fh.close();
  }
}

export interface Duplicate {
  at: string;
  via: 'upload' | 'ingest';
}

/** The same bytes already confirmed (or waiting to be) through the portal, or already ingested. */
export async function findDuplicate(db: Db, sha256: string, bank: string | null): Promise<Duplicate | null> {
  let q = db.kysely.selectFrom('uploads').select(['uploadedAt', 'confirmedAt']).where('sha256', '=', sha256).where('status', 'in', ['staged', 'confirmed']);
  // A bank liaison hears only about its own bank's uploads; the file's ingest date below tells the rest.
  if (bank !== null) q = q.where('bank', '=', bank);
  const up = await q.orderBy('id').executeTakeFirst();
  if (up) return { at: up.confirmedAt ?? up.uploadedAt, via: 'upload' };
  const ingested = await db.kysely.selectFrom('sourceFiles').select('ingestedAt').where('sha256', '=', sha256).executeTakeFirst();
  return ingested ? { at: ingested.ingestedAt, via: 'ingest' } : null;
}

export interface NewUpload {
  user: User;
  originalName: string;
  stagedName: string;
  sha256: string;
  sizeBytes: number;
  facts: InboxFacts;
  receipt: StoredReceipt;
}

export async function recordUpload(db: Db, u: NewUpload): Promise<number> {
  const refused = u.receipt.status === 'refused';
  const row = await db.kysely
    .insertInto('uploads')
    .values({
      userId: u.user.id, userName: u.user.name, bank: u.user.bank, originalName: u.originalName, storedName: u.stagedName,
      sha256: u.sha256, sizeBytes: u.sizeBytes, kind: u.receipt.kind, period: u.facts.period ?? null, district: u.facts.district ?? null,
      program: u.facts.program ?? null, receiptJson: JSON.stringify(u.receipt), status: refused ? 'refused' : 'staged', uploadedAt: nowInShanghai(), confirmedAt: null,
      batchKey: u.receipt.kind === 'bank' ? batchKeyForOwnership(u.receipt.batchKey) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function toUpload(r: Selectable<UploadTable>): Upload {
  return { ...r, sizeBytes: Number(r.sizeBytes), receipt: JSON.parse(r.receiptJson) as StoredReceipt };
}

export async function getUpload(db: Db, id: number): Promise<Upload | null> {
  const r = await db.kysely.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toUpload(r) : null;
}

/** Only a batch number is a bank's own: a batch keyed by period, district and program is not. */
function batchKeyForOwnership(key: string | null | undefined): string | null {
  const number = batchNumberOf(key ?? null);
  return number === null ? null : `batch:${number}`;
}

/**
 * The bank (null: none named) that already holds this batch number, when it is not `bank`: in the
 * database, or in another bank's upload waiting in staging or the inbox.
 */
export async function otherBankHolding(db: Db, batchKey: string | null, bank: string | null): Promise<{ owner: string | null } | null> {
  const key = batchKeyForOwnership(batchKey);
  if (key === null) return null;
  const owners = await batchOwners(db, key);
  const other = owners.find((o) => o !== bank);
  if (other !== undefined) return { owner: other };
  let q = db.kysely.selectFrom('uploads').select('bank').where('batchKey', '=', key).where('status', 'in', ['staged', 'confirmed']);
  q = bank === null ? q.where('bank', 'is not', null) : q.where((eb) => eb.or([eb('bank', '<>', bank), eb('bank', 'is', null)]));
  const pending = await q.executeTakeFirst();
  return pending ? { owner: pending.bank } : null;
}

/** A bank liaison sees its own bank's uploads; an operator sees all; nobody else any. */
export function canSeeUpload(user: User, upload: Pick<Upload, 'bank'>): boolean {
  if (user.role === 'operator') return true;
  return user.role === 'bank' && user.bank !== null && upload.bank === user.bank;
}

export async function listUploads(db: Db, user: User, limit = 200): Promise<Upload[]> {
  let q = db.kysely.selectFrom('uploads').selectAll();
  if (user.role !== 'operator') q = q.where('bank', '=', user.bank ?? '\u0000');
  return (await q.orderBy('id', 'desc').limit(limit).execute()).map(toUpload);
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** Moves the staged file into the inbox under a free name, its facts first, so the night never sees it without them. */
export async function confirmUpload(db: Db, config: Config, upload: Upload, safe: string): Promise<string> {
  await mkdir(config.inbox, { recursive: true });
  let name = safe;
  if ((await exists(join(config.inbox, name))) || (await exists(factsPathFor(join(config.inbox, name))))) name = withSuffix(safe, String(upload.id));
  const target = join(config.inbox, name);
  const facts: InboxFacts = {};
  if (upload.kind) facts.kind = upload.kind as InboxFacts['kind'];
  if (upload.period) facts.period = upload.period;
  if (upload.district) facts.district = upload.district;
  if (upload.program) facts.program = upload.program as Program;
  // The batch is the uploader's bank's: the night's ingest lets it replace only that bank's files.
  if (upload.bank) facts.bank = upload.bank;
  await writeFacts(target, facts);
  const staged = join(config.portal.staging, upload.storedName);
  try {
    await rename(staged, target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    // Another file system: copy under a hidden name (the inbox skips it), then rename into place.
    const temp = join(config.inbox, `.${name}.uploading`);
    await copyFile(staged, temp);
    await rename(temp, target);
    await unlink(staged);
  }
  await db.kysely.updateTable('uploads').set({ status: 'confirmed', storedName: name, confirmedAt: nowInShanghai() }).where('id', '=', upload.id).execute();
  return name;
}

export async function discardUpload(db: Db, config: Config, upload: Upload): Promise<void> {
  await rm(join(config.portal.staging, upload.storedName), { force: true });
  await db.kysely.updateTable('uploads').set({ status: 'discarded' }).where('id', '=', upload.id).execute();
}

/** A staging file younger than this may be an upload still arriving: the orphan sweep leaves it. */
const ORPHAN_MIN_AGE_MS = 3_600_000;

/**
 * Staged uploads nobody confirmed within `maxAgeMs` are removed from staging (the record stays, marked
 * expired); so is any staging file that no staged upload names (left by a crash or a cut-off body)
 * once it is an hour old.
 */
export async function expireStaged(db: Db, config: Config, nowMs = Date.now(), maxAgeMs = 7 * 86_400_000): Promise<number> {
  const n = await expireRecorded(db, config, nowMs, maxAgeMs);
  return n + (await removeOrphans(db, config, nowMs));
}

async function removeOrphans(db: Db, config: Config, nowMs: number): Promise<number> {
  let names: string[];
  try {
    names = await readdir(config.portal.staging);
  } catch {
    return 0;
  }
  const known = new Set((await db.kysely.selectFrom('uploads').select('storedName').where('status', '=', 'staged').execute()).map((u) => u.storedName));
  let n = 0;
  for (const name of names) {
    if (known.has(name)) continue;
    const path = join(config.portal.staging, name);
    const s = await lstat(path).catch(() => null);
    if (!s || s.isDirectory() || nowMs - s.mtimeMs < ORPHAN_MIN_AGE_MS) continue;
    await rm(path, { force: true });
    n++;
  }
  return n;
}

async function expireRecorded(db: Db, config: Config, nowMs: number, maxAgeMs: number): Promise<number> {
  const staged = await db.kysely.selectFrom('uploads').select(['id', 'storedName', 'uploadedAt']).where('status', '=', 'staged').execute();
  let n = 0;
  for (const u of staged) {
    if (nowMs - Date.parse(u.uploadedAt) < maxAgeMs) continue;
    await rm(join(config.portal.staging, u.storedName), { force: true });
    await db.kysely.updateTable('uploads').set({ status: 'expired' }).where('id', '=', u.id).execute();
    n++;
  }
  return n;
}
