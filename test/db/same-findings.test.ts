/**
 * The same input gives the same findings on SQLite and on PostgreSQL: a generated month with every anomaly
 * kind planted, plus a corrected bank file sent the next night (supersede, lifecycle), is ingested into
 * both databases; every stored finding must agree field for field, message and evidence included.
 * Runs in the PostgreSQL half of the matrix only (it needs both databases).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDataset } from '../../fixtures/generator/index.ts';
import { checkNow } from '../../src/check.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, scratchPostgresUrl, type Db } from '../../src/db/index.ts';
import type { Program } from '../../src/domain/index.ts';
import { listFindings } from '../../src/findings/index.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { ROWS, tempDir } from '../ingest/helpers.ts';

async function runOn(db: Db, files: Awaited<ReturnType<typeof generateDataset>>['files']) {
  const profiles = loadConfig().bankProfiles;
  for (const f of files) {
    const r = await ingestFile(
      db,
      { path: f.path, kind: f.kind, period: f.options.period, district: f.options.district, program: f.options.program as Program | undefined, profile: f.options.profile ? profiles[f.options.profile] : undefined },
      { archiveDir: null, worker: false },
    );
    expect(r.refusal, f.path).toBeNull();
  }
  const first = await checkNow(db, { rules: {} }, { trigger: 'manual' });
  // The next night: a roster and a first bank send, then the bank's corrected full file for the same batch.
  for (const name of ['roster-wanzhou-dibao-2026-11-three-people.csv', 'bank-batch-wanzhou-dibao-first-send.csv', 'bank-batch-wanzhou-dibao-resent-corrected.csv']) {
    await ingestFile(db, { path: join(ROWS, name) }, { archiveDir: null, worker: false });
  }
  const second = await checkNow(db, { rules: {} }, { trigger: 'manual' });
  const shown = (runId: number) =>
    listFindings(db, { runId }).then((rows) =>
      rows
        .map(({ id: _id, runId: _run, firstSeen: _seen, ...f }) => f)
        .sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0)),
    );
  const stored = await db.kysely.selectFrom('sourceFiles').select(['fileName', 'rowsAccepted', 'rowsRejected', 'totalFen', 'supersededBy']).orderBy('id').execute();
  const batches = await db.kysely.selectFrom('reconBatches').selectAll().orderBy('period').orderBy('district').orderBy('program').execute();
  return { first: await shown(first.runId), second: await shown(second.runId), lifecycle: second.stats.lifecycle, stored, batches };
}

describe('SQLite and PostgreSQL agree', () => {
  it('stores the same files and batches and reports identical findings for the same input', async () => {
    const dir = tempDir('relief-recon-both-');
    const data = await generateDataset({ seed: 2026, outDir: dir, period: '2026-11', districts: 3, rosterRows: 1500, anomalyRate: 0.05 });
    const sqlite = await openDatabase(':memory:');
    const postgres = await openDatabase(scratchPostgresUrl());
    expect([sqlite.dialect, postgres.dialect]).toEqual(['sqlite', 'postgres']);
    try {
      const a = await runOn(sqlite, data.files);
      const b = await runOn(postgres, data.files);
      // The comparison must have something to compare: every rule found something in the generated month.
      expect(new Set(a.first.map((f) => f.rule)).size).toBe(20);
      expect(a.stored.some((f) => f.supersededBy !== null)).toBe(true);
      expect(b.stored).toEqual(a.stored);
      expect(b.batches).toEqual(a.batches);
      expect(b.first).toEqual(a.first);
      expect(b.second).toEqual(a.second);
      expect(b.lifecycle).toEqual(a.lifecycle);
    } finally {
      await sqlite.close();
      await postgres.close();
    }
  });
});
