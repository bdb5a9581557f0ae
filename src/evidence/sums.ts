/**
 * The package's `SHA256SUMS`, in the format GNU `sha256sum -c` reads: `<hex>  <path>` per line.
 * Paths inside the package are kept to characters that format carries unescaped (no backslash, no
 * line break), so the file verifies as written on any system with coreutils.
 */
import { createHash } from 'node:crypto';

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A file name as it may appear inside the package. */
export function packagePath(name: string): string {
  return name.replace(/[\\\r\n\t\0/:*?"<>|]/g, '_').replace(/^\.+/, '_') || '_';
}

export function sha256sums(entries: readonly { path: string; bytes: Buffer }[]): string {
  return entries.map((e) => `${sha256(e.bytes)}  ${e.path}\n`).join('');
}
