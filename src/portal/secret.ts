/** The key that signs the session cookie: read from its file, or made once (mode 0600) when missing. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function ensureSecret(path: string): string {
  if (existsSync(path)) {
    const text = readFileSync(path, 'utf8').trim();
    if (text.length >= 32) return text;
  }
  mkdirSync(dirname(path), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  return secret;
}
