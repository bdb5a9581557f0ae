/** The audit log: every sign-in (and failed one), upload, download and review mark, with who and from where. */
import type { Db } from '../db/index.ts';
import { nowInShanghai } from '../domain/index.ts';
import type { User } from './types.ts';

export type AuditAction =
  | 'login' | 'login-failed' | 'login-limited' | 'logout'
  | 'upload' | 'upload-confirm' | 'upload-discard'
  | 'download' | 'review' | 'run-now' | 'forbidden' | 'csrf-refused' | 'batch-conflict'
  /** Written by the evidence command (src/evidence), not the portal: who made a package, unmasked or not, and why. */
  | 'evidence-export';

export interface AuditEntry {
  user: Pick<User, 'id' | 'name'> | null;
  /** For a failed sign-in: the name that was tried. */
  userName?: string;
  action: AuditAction;
  target?: string | null;
  outcome?: 'ok' | 'refused';
  ip: string | null;
  detail?: Record<string, unknown>;
}

export async function audit(db: Db, e: AuditEntry): Promise<void> {
  await db.kysely
    .insertInto('auditLog')
    .values({
      at: nowInShanghai(),
      userId: e.user?.id ?? null,
      userName: e.user?.name ?? e.userName ?? null,
      action: e.action,
      target: e.target ?? null,
      outcome: e.outcome ?? 'ok',
      ip: e.ip,
      detailJson: e.detail ? JSON.stringify(e.detail) : null,
    })
    .execute();
}

export async function recentAudit(db: Db, limit = 50) {
  return db.kysely.selectFrom('auditLog').selectAll().orderBy('id', 'desc').limit(limit).execute();
}
