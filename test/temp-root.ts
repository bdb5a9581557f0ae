/**
 * vitest globalSetup: every test run gets a temporary directory of its own, and every test's temporary files go
 * under it (TMPDIR, which os.tmpdir() reads, is set before the workers start), so that the whole of it is removed
 * when the run ends. The suites make hundreds of sites, inboxes and database files a run; left in the system's
 * temporary directory they piled up run after run (thousands of directories, tens of GB on a developer's machine).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'relief-recon-tests-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
