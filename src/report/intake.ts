/**
 * What the run took in: its files (from the run's stats when the pipeline recorded them, else the
 * files ingested or refused since the previous run started) and their rejected rows.
 */
import type { Db } from '../db/index.ts';
import type { FileIntake } from './model-types.ts';
import type { RunFacts } from './model-types.ts';

function fromStats(raw: unknown[]): FileIntake[] {
  return raw
    .filter((f): f is Record<string, unknown> => typeof f === 'object' && f !== null)
    .map((f) => {
      const refusal = f.refusal as { zh?: unknown; en?: unknown } | null | undefined;
      return {
        fileName: String(f.fileName ?? ''),
        status: f.status === 'duplicate' || f.status === 'refused' ? f.status : 'ingested',
        kind: typeof f.kind === 'string' ? f.kind : null,
        rowsRead: Number(f.rowsRead ?? 0),
        rowsAccepted: Number(f.rowsAccepted ?? 0),
        rowsRejected: Number(f.rowsRejected ?? 0),
        totalFen: Number(f.totalFen ?? 0),
        refusal: refusal ? { zh: String(refusal.zh ?? ''), en: String(refusal.en ?? '') } : null,
        fileId: typeof f.fileId === 'number' ? f.fileId : null,
      };
    });
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

export async function filesOfRun(db: Db, run: RunFacts, statsFiles: unknown[] | undefined): Promise<FileIntake[]> {
  return Array.isArray(statsFiles) ? fromStats(statsFiles) : sinceLastRun(db, run);
}
