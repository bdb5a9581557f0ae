import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Keeps the original bytes under `<archive>/<YYYY-MM-DD>/<sha256>-<name>` so any finding can be traced
 * to the exact file and row. Copying the same hash twice is harmless.
 */
export async function archiveOriginal(path: string, archiveDir: string, day: string, sha256: string, fileName: string): Promise<string> {
  const dir = join(archiveDir, day);
  await mkdir(dir, { recursive: true });
  const target = join(dir, `${sha256.slice(0, 16)}-${basename(fileName).replace(/[^\p{L}\p{N}._-]+/gu, '_')}`);
  const exists = await stat(target).then(() => true, () => false);
  if (!exists) await copyFile(path, target);
  return target;
}
