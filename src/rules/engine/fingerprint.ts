import { createHash } from 'node:crypto';

/** The identity of a finding across nights: a hash of the rule and its subject key. */
export function fingerprint(rule: string, subject: Record<string, string>): string {
  const key = Object.keys(subject)
    .sort()
    .map((k) => `${k}=${subject[k]}`)
    .join('\u001f');
  return createHash('sha256').update(`${rule}\u001e${key}`).digest('hex').slice(0, 32);
}
