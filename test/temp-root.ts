/**
 * vitest globalSetup: every test run gets a temporary directory of its own, and every test's temporary files go
 * under it (TMPDIR, which os.tmpdir() reads, is set before the workers start), so that the whole of it is removed
 * when the run ends. The suites make hundreds of sites, inboxes and database files a run; left in the system's
 * temporary directory they piled up run after run (thousands of directories, tens of GB on a developer's machine).
 *
 * vitest runs a globalSetup for the root and again for each project that extends it: the first makes the directory,
 * the others find it (RELIEF_TEST_TMP) and leave it alone. Its name stays short: Chromium puts a Unix socket under
 * TMPDIR, and a socket's path may not exceed 107 bytes (nested directories made it fail to start).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  if (process.env.RELIEF_TEST_TMP) return () => {};
  const root = mkdtempSync(join(tmpdir(), 'rr-'));
  process.env.RELIEF_TEST_TMP = root;
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
