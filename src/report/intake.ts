/**
 * What the run took in: its files (from the run's stats when the pipeline recorded them, else the
 * files ingested or refused since the previous run started) and their rejected rows.
 */
import type { Db, RunFileEntry } from '../db/index.ts';
import type { FileIntake } from './model-types.ts';
import type { RunFacts } from './model-types.ts';

function fromStats(files: readonly RunFileEntry[]): FileIntake[] {
  return files.map((f) => ({
    fileName: f.fileName,
    status: f.status === 'duplicate' || f.status === 'refused' ? f.status : 'ingested',
    kind: f.kind,
    rowsRead: f.rowsRead,
    rowsAccepted: f.rowsAccepted,
    rowsRejected: f.rowsRejected,
    totalFen: f.totalFen,
    refusal: f.refusal ? { zh: f.refusal.zh, en: f.refusal.en } : null,
    fileId: f.fileId,
  }));
}

async function sinceLastRun(db: Db, run: RunFacts): Promise<FileIntake[]> {
  const prev = run.previousRunId === null ? null : await db.kysely.selectFrom('runs').select('startedAt').where('id', '=', run.previousRunId).executeTakeFirst();
  const from = prev?.startedAt ?? '';
  const to = run.finishedAt ?? run.startedAt;
  const files = await db.kysely
    .selectFrom('sourceFiles')
    .select(['id', 'fileName', 'kind', 'rowsRead', 'rowsAccepted', 'rowsRejected', 'totalFen'])
    .where('ingestedAt', '>=', from)
    .where('ingestedAt', '<=', to)
    .orderBy('id')
    .execute();
  const refused = await db.kysely
    .selectFrom('refusedFiles')
    .select(['fileName', 'messageZh', 'messageEn'])
    .where('refusedAt', '>=', from)
    .where('refusedAt', '<=', to)
    .orderBy('id')
    .execute();
  return [
    ...files.map((f) => ({
      fileName: f.fileName, status: 'ingested' as const, kind: f.kind, rowsRead: Number(f.rowsRead), rowsAccepted: Number(f.rowsAccepted),
      rowsRejected: Number(f.rowsRejected), totalFen: Number(f.totalFen), refusal: null, fileId: f.id,
    })),
    ...refused.map((f) => ({
      fileName: f.fileName, status: 'refused' as const, kind: null, rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, totalFen: 0,
      refusal: { zh: f.messageZh, en: f.messageEn }, fileId: null,
    })),
  ];
}

export async function filesOfRun(db: Db, run: RunFacts, statsFiles: readonly RunFileEntry[] | undefined): Promise<FileIntake[]> {
  const files = Array.isArray(statsFiles) ? fromStats(statsFiles) : await sinceLastRun(db, run);
  return withSupersession(db, files);
}

/**
 * inputs.md: when a newer bank file supersedes an older one, "the report says so". Each file of the run says
 * which older files it replaced and, if a later file of the run replaced it in turn, by which; an older file
 * from an earlier run that a file of this run replaced is listed too, as superseded, right after its successor.
 */
async function withSupersession(db: Db, files: FileIntake[]): Promise<FileIntake[]> {
  const ids = files.map((f) => f.fileId).filter((id): id is number => id !== null);
  if (ids.length === 0) return files;
  const related = await db.kysely
    .selectFrom('sourceFiles')
    .select(['id', 'fileName', 'kind', 'rowsRead', 'rowsAccepted', 'rowsRejected', 'totalFen', 'supersededBy'])
    .where((eb) => eb.or([eb('id', 'in', ids), eb('supersededBy', 'in', ids)]))
    .orderBy('id')
    .execute();
  const nameOf = new Map(related.map((r) => [r.id, r.fileName]));
  const inRun = new Set(ids);
  const out: FileIntake[] = [];
  for (const f of files) {
    if (f.fileId === null) {
      out.push(f);
      continue;
    }
    const self = related.find((r) => r.id === f.fileId);
    const older = related.filter((r) => r.supersededBy === f.fileId);
    out.push({
      ...f,
      supersededBy: self?.supersededBy != null ? (nameOf.get(self.supersededBy) ?? null) : null,
      supersedes: older.map((o) => o.fileName),
    });
    for (const o of older) {
      if (inRun.has(o.id)) continue;
      out.push({
        fileName: o.fileName, status: 'superseded', kind: o.kind, rowsRead: Number(o.rowsRead), rowsAccepted: Number(o.rowsAccepted),
        rowsRejected: Number(o.rowsRejected), totalFen: Number(o.totalFen), refusal: null, fileId: o.id, supersededBy: f.fileName, supersedes: [],
      });
    }
  }
  return out;
}
