/** The operator page and its "run now" button. */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { FastifyInstance } from 'fastify';
import { PROGRAMS, type Program } from '../../domain/index.ts';
import { kindZh } from '../../ingest/index.ts';
import { t } from '../../lang.ts';
import { listInbox, lockPathFor, readFacts, REJECTED_DIR } from '../../pipeline/index.ts';
import { canOperate } from '../access.ts';
import { audit, recentAudit } from '../audit.ts';
import { ctxOf, guard, queryText, sendPage, type Deps } from '../http.ts';
import { operatorPage, type InboxEntry } from '../pages/operator.ts';
import { listRuns } from '../runs.ts';
import { listUsers } from '../users.ts';

async function entry(path: string, name: string, lang: Deps['lang']): Promise<InboxEntry | null> {
  const s = await stat(path).catch(() => null);
  if (!s?.isFile()) return null;
  const f = await readFacts(path);
  const facts = [f.kind ? (lang === 'en' ? f.kind : kindZh(f.kind)) : null, f.period, f.district, f.program ? PROGRAMS[f.program as Program].short : null].filter(Boolean).join(' · ');
  return { name, sizeBytes: s.size, modifiedAt: format(new TZDate(s.mtimeMs, 'Asia/Shanghai'), "yyyy-MM-dd'T'HH:mm:ssXXX"), facts };
}

async function lockHolder(path: string): Promise<{ pid: number; startedAt: string } | null> {
  try {
    const h = JSON.parse(await readFile(path, 'utf8')) as { pid: number; startedAt: string };
    process.kill(h.pid, 0);
    return { pid: h.pid, startedAt: h.startedAt };
  } catch {
    return null;
  }
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
        lockHolder: deps.runner.state.state === 'running' ? null : await lockHolder(lockPathFor(config)),
        runs: await listRuns(deps.db, 20),
        inbox,
        rejected,
        users: await listUsers(deps.db),
        audit: await recentAudit(deps.db),
        notice: started === '1' ? t(deps.lang, '已开始运行。本页每 3 秒自动刷新。', 'The run has started; this page refreshes every 3 seconds.') : started === '0' ? t(deps.lang, '已有一次运行在进行，未重复启动。', 'A run is already going; not started again.') : undefined,
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
