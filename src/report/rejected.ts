/** The rejected rows of the files a run took in: counted, sampled for the page, streamed for Excel. */
import type { Db } from '../db/index.ts';
import type { FileIntake, RejectedRowView, RejectedSource } from './model-types.ts';
import type { Privacy } from './privacy.ts';

const PAGE = 2000;

function cellText(c: unknown): string {
  if (c === null || c === undefined) return '';
  return typeof c === 'string' ? c : typeof c === 'number' ? String(c) : JSON.stringify(c);
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function rejectedSource(db: Db, files: readonly FileIntake[], total: number, sample: RejectedRowView[], p: Privacy): RejectedSource {
  const ids = files.filter((f) => f.status === 'ingested' && f.fileId !== null).map((f) => f.fileId!);
  return { total, sample, stream: () => readRejected(db, ids, p, Infinity) };
}

export async function countRejected(db: Db, files: readonly FileIntake[]): Promise<number> {
  const ids = files.filter((f) => f.status === 'ingested' && f.fileId !== null).map((f) => f.fileId!);
  if (ids.length === 0) return 0;
  const row = await db.kysely.selectFrom('rejectedRows').select((eb) => eb.fn.countAll<number>().as('n')).where('fileId', 'in', ids).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function sampleRejected(db: Db, files: readonly FileIntake[], p: Privacy, limit: number): Promise<RejectedRowView[]> {
  const ids = files.filter((f) => f.status === 'ingested' && f.fileId !== null).map((f) => f.fileId!);
  const out: RejectedRowView[] = [];
  for await (const r of readRejected(db, ids, p, limit)) out.push(r);
  return out;
}

/** Pages through by (fileId, rowNo) keys: memory stays flat however many rows were rejected. */
async function* readRejected(db: Db, fileIds: number[], p: Privacy, limit: number): AsyncGenerator<RejectedRowView> {
  if (fileIds.length === 0) return;
  const names = new Map((await db.kysely.selectFrom('sourceFiles').select(['id', 'fileName']).where('id', 'in', fileIds).execute()).map((f) => [f.id, f.fileName]));
  let after = 0;
  let given = 0;
  while (given < limit) {
    const rows = await db.kysely
      .selectFrom('rejectedRows')
      .select(['id', 'fileId', 'rowNo', 'cellsJson', 'reasonsJson'])
      .where('fileId', 'in', fileIds)
      .where('id', '>', after)
      .orderBy('id')
      .limit(Math.min(PAGE, limit - given))
      .execute();
    for (const r of rows) {
      yield {
        fileId: r.fileId,
        fileName: names.get(r.fileId) ?? `#${r.fileId}`,
        rowNo: r.rowNo,
        reasons: parseJson<RejectedRowView['reasons']>(r.reasonsJson, []),
        cells: parseJson<unknown[]>(r.cellsJson, []).map((c) => p.text(cellText(c))),
      };
    }
    given += rows.length;
    if (rows.length === 0 || rows.length < PAGE) return;
    after = rows[rows.length - 1]!.id;
  }
}
