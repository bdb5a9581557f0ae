/**
 * The batch facts a file itself lacks (kind, period, district, program), given by whoever placed it in
 * the inbox — the portal's upload form — so the night's ingest reads the file exactly as the upload's
 * receipt did. They sit beside the file as a hidden `.<name>.facts.json` (hidden files are never taken
 * as input), written before the file arrives and removed once the file has been handled.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { InputKind } from '../db/index.ts';
import { findDistrict, parsePeriod, parseProgram, type Program } from '../domain/index.ts';

export interface InboxFacts {
  kind?: InputKind;
  period?: string;
  district?: string;
  program?: Program;
  /** Bank files: the bank that sent it (the uploader's bank), which owns the batch it reports on. */
  bank?: string;
}

const KINDS: readonly InputKind[] = ['roster', 'bank', 'staff', 'proxy', 'deaths', 'standards', 'allocation', 'petty-cash'];

export function factsPathFor(inboxPath: string): string {
  return join(dirname(inboxPath), `.${basename(inboxPath)}.facts.json`);
}

export async function writeFacts(inboxPath: string, facts: InboxFacts): Promise<void> {
  await writeFile(factsPathFor(inboxPath), JSON.stringify(facts), { mode: 0o600 });
}

/** The facts beside a file, each checked again (the file is plain text anyone with inbox access may edit). */
export async function readFacts(inboxPath: string): Promise<InboxFacts> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(factsPathFor(inboxPath), 'utf8'));
  } catch {
    return {};
  }
  if (!raw || typeof raw !== 'object') return {};
  const o = raw as Record<string, unknown>;
  const out: InboxFacts = {};
  if (typeof o.kind === 'string' && KINDS.includes(o.kind as InputKind)) out.kind = o.kind as InputKind;
  const period = typeof o.period === 'string' ? parsePeriod(o.period) : null;
  if (period) out.period = period;
  const district = typeof o.district === 'string' ? findDistrict(o.district) : null;
  if (district) out.district = district.name;
  const program = typeof o.program === 'string' ? parseProgram(o.program) : null;
  if (program) out.program = program;
  if (typeof o.bank === 'string' && o.bank.trim() && o.bank.length <= 100 && !/[\u0000-\u001f\u007f]/.test(o.bank)) out.bank = o.bank.trim();
  return out;
}

export async function removeFacts(inboxPath: string): Promise<void> {
  await rm(factsPathFor(inboxPath), { force: true });
}
