/** The operator page and its "run now" button. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import type { FastifyInstance } from 'fastify';
import { PROGRAMS, type Program } from '../../domain/index.ts';
import { kindZh } from '../../ingest/index.ts';
import { msg } from '../../messages/index.ts';
import { listInbox, lockPathFor, readFacts, REJECTED_DIR, runLockHolder } from '../../pipeline/index.ts';
import { canOperate } from '../access.ts';
import { audit, recentAudit } from '../audit.ts';
import { ctxOf, guard, queryText, sendPage, type Deps } from '../http.ts';
import { operatorPage, type BatchConflict, type InboxEntry } from '../pages/operator.ts';
import { listRuns } from '../runs.ts';
import { listUsers } from '../users.ts';

async function entry(path: string, name: string, lang: Deps['lang']): Promise<InboxEntry | null> {
  const s = await stat(path).catch(() => null);
  if (!s?.isFile()) return null;
  const f = await readFacts(path);
  const facts = [f.kind ? (lang === 'en' ? f.kind : kindZh(f.kind)) : null, f.period, f.district, f.program ? PROGRAMS[f.program as Program].short : null].filter(Boolean).join(' · ');
  return { name, sizeBytes: s.size, modifiedAt: format(new TZDate(s.mtimeMs, 'Asia/Shanghai'), "yyyy-MM-dd'T'HH:mm:ssXXX"), facts };
}

/** Another run holding the run lock (a scheduled one, or one on another host on PostgreSQL), or null. */
async function lockHolder(deps: Deps): Promise<{ pid: number; startedAt: string } | null> {
  const h = await runLockHolder(deps.db, lockPathFor(deps.config));
  return h ? { pid: h.pid, startedAt: h.startedAt } : null;
}

/** Refusals for another bank's batch number: the portal's (audited, with both banks) and the ingest's. */
async function batchConflicts(deps: Deps): Promise<BatchConflict[]> {
  const audited = await deps.db.kysely.selectFrom('auditLog').select(['at', 'userName', 'target', 'detailJson']).where('action', '=', 'batch-conflict').orderBy('id', 'desc').limit(50).execute();
  const names = new Map<number, string>();
  const ids = audited.map((a) => Number(/^upload:(\d+)$/.exec(a.target ?? '')?.[1])).filter((n) => n > 0);
  if (ids.length) for (const u of await deps.db.kysely.selectFrom('uploads').select(['id', 'originalName']).where('id', 'in', ids).execute()) names.set(u.id, u.originalName);
  const out: BatchConflict[] = audited.map((a) => {
    const d = JSON.parse(a.detailJson ?? '{}') as { batch?: string; bank?: string | null; owner?: string | null };
    return { at: a.at, userName: a.userName, fileName: names.get(Number(/^upload:(\d+)$/.exec(a.target ?? '')?.[1])) ?? null, batch: d.batch ?? null, bank: d.bank ?? null, owner: d.owner ?? null, message: null };
  });
  const ingested = await deps.db.kysely.selectFrom('refusedFiles').selectAll().where('code', '=', 'batch-of-other-bank').orderBy('id', 'desc').limit(50).execute();
  for (const r of ingested) {
    out.push({ at: r.refusedAt, userName: null, fileName: r.fileName, batch: /批次号 (\S+) /.exec(r.messageZh)?.[1] ?? null, bank: /本文件的银行：([^）]+)）/.exec(r.messageZh)?.[1] ?? null, owner: /已属于(.+)的代发批次/.exec(r.messageZh)?.[1] ?? null, message: deps.lang === 'en' ? r.messageEn : r.messageZh });
  }
  return out.sort((a, b) => (a.at < b.at ? 1 : -1));
}

export function operatorRoutes(app: FastifyInstance, deps: Deps): void {
  const { config } = deps;

  app.get('/operator', async (req, reply) => {
    if (!(await guard(req, reply, deps, canOperate))) return reply;
    const inbox = (await Promise.all((await listInbox(config.inbox, config.inboxProfiles)).map((f) => entry(f.path, f.name, deps.lang)))).filter((e): e is InboxEntry => e !== null);
    const rejectedDir = join(config.inbox, REJECTED_DIR);
    const rejectedNames = (await readdir(rejectedDir).catch(() => [] as string[])).filter((n) => !n.endsWith('.error.txt')).sort();
    const rejected = (await Promise.all(rejectedNames.map((n) => entry(join(rejectedDir, n), n, deps.lang)))).filter((e): e is InboxEntry => e !== null);
    const started = queryText(req.query, 'started');
    return sendPage(
      reply,
      200,
      operatorPage(ctxOf(req, deps), {
        runner: deps.runner.state,
        lockHolder: deps.runner.state.state === 'running' ? null : await lockHolder(deps),
        runs: await listRuns(deps.db, 20),
        inbox,
        rejected,
        users: await listUsers(deps.db),
        audit: await recentAudit(deps.db),
        batchConflicts: await batchConflicts(deps),
        notice: started === '1' ? msg(deps.lang, 'routes.operator.theRunHasStarted') : started === '0' ? msg(deps.lang, 'routes.operator.aRunIsAlready') : undefined,
      }),
    );
  });

  app.post('/operator/run', async (req, reply) => {
    const user = await guard(req, reply, deps, canOperate);
    if (!user) return reply;
    const started = deps.runner.start(user.name);
    await audit(deps.db, { user, action: 'run-now', outcome: started ? 'ok' : 'refused', ip: req.ip });
    return reply.redirect(`/operator?started=${started ? 1 : 0}`, 303);
  });
}
