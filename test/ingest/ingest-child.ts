/** Child process for the crash test: ingests one file and reports each stored batch, until killed. */
import { openDatabase } from '../../src/db/index.ts';
import { ingestFile } from '../../src/ingest/index.ts';

const [dbPath, file] = process.argv.slice(2);
const db = await openDatabase(dbPath!);
await ingestFile(db, { path: file!, batchSize: 500 }, {
  archiveDir: null,
  worker: true,
  afterBatch: (n) => {
    process.stdout.write(`stored ${n}\n`);
    // Slow down so the parent can kill us mid-file.
    const until = Date.now() + 20;
    while (Date.now() < until);
  },
});
process.stdout.write('finished\n');
await db.close();
