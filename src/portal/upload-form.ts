/**
 * The upload form's multipart body: fields first (the CSRF token among them), then the one file,
 * streamed to staging under a name of our own and cut off at the size limit; and the batch facts.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { findDistrict, parsePeriod, parseProgram } from '../domain/index.ts';
import type { InboxFacts } from '../pipeline/index.ts';
import { CSRF_FIELD, sameToken } from './csrf.ts';
import { checkUploadName, type NameCheck } from './file-name.ts';
import type { Deps } from './http.ts';
import type { User } from './types.ts';
import { stagingName } from './uploads.ts';

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream) void _;
}

export interface Received {
  fields: Record<string, string>;
  staged: { path: string; name: string; safe: string; originalName: string; size: number } | null;
  nameRefusal: Extract<NameCheck, { ok: false }> | null;
  originalName: string | null;
  tooLarge: boolean;
  csrfOk: boolean;
}

/** A multipart body that could not be read (no boundary, garbage, cut off mid-file): nothing of it is kept. */
export class MalformedUpload extends Error {
  constructor(readonly detail: string) {
    super(`malformed multipart body: ${detail}`);
  }
}

/**
 * Reads the multipart body: fields first (the token among them), then the one file, streamed to staging.
 * A body that cannot be read throws MalformedUpload, with any partly written file already removed.
 */
export async function receive(req: FastifyRequest, deps: Deps): Promise<Received> {
  const r: Received = { fields: {}, staged: null, nameRefusal: null, originalName: null, tooLarge: false, csrfOk: false };
  const expected = req.session?.csrf;
  let writing: string | null = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') r.fields[part.fieldname] = part.value;
        continue;
      }
      r.csrfOk = sameToken(r.fields[CSRF_FIELD], expected);
      if (part.fieldname !== 'file' || r.staged || r.nameRefusal || r.tooLarge || !r.csrfOk) {
        await drain(part.file);
        continue;
      }
      r.originalName = part.filename;
      const check = checkUploadName(part.filename);
      if (!check.ok) {
        r.nameRefusal = check;
        await drain(part.file);
        continue;
      }
      await mkdir(deps.config.portal.staging, { recursive: true, mode: 0o700 });
      const name = stagingName(check.safe);
      const path = join(deps.config.portal.staging, name);
      let size = 0;
      part.file.on('data', (c: Buffer) => (size += c.length));
      writing = path;
      await pipeline(part.file, createWriteStream(path, { mode: 0o600, flags: 'wx' }));
      writing = null;
      if (part.file.truncated) {
        r.tooLarge = true;
        await rm(path, { force: true });
        continue;
      }
      r.staged = { path, name, safe: check.safe, originalName: part.filename, size };
    }
  } catch (e) {
    if (writing) await rm(writing, { force: true });
    if (r.staged) await rm(r.staged.path, { force: true });
    const err = e as Error & { code?: string };
    throw new MalformedUpload(`${err.code ?? ''} ${err.message ?? String(e)}`.trim().slice(0, 200));
  }
  if (!r.csrfOk) r.csrfOk = sameToken(r.fields[CSRF_FIELD], expected);
  return r;
}

export function factsOf(fields: Record<string, string>, user: User): { facts: InboxFacts; error: { zh: string; en: string } | null } {
  const facts: InboxFacts = {};
  if (user.role === 'bank') facts.kind = 'bank';
  const period = fields.period?.trim();
  if (period) {
    const p = parsePeriod(period);
    if (!p) return { facts, error: { zh: `发放月份「${period}」无效，应如 2026-11。`, en: `The period "${period}" is not a month such as 2026-11.` } };
    facts.period = p;
  }
  const district = fields.district?.trim();
  if (district) {
    const d = findDistrict(district);
    if (!d) return { facts, error: { zh: `「${district}」不是重庆市的区县。`, en: `"${district}" is not a Chongqing district.` } };
    facts.district = d.name;
  }
  const program = fields.program?.trim();
  if (program) {
    const p = parseProgram(program);
    if (!p) return { facts, error: { zh: `「${program}」不是已知的救助类别。`, en: `"${program}" is not a known program.` } };
    facts.program = p;
  }
  return { facts, error: null };
}
