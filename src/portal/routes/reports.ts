/** Runs and their reports: the list, the report in a sandboxed frame, the HTML itself, the Excel download. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { moneyAtStake } from '../../findings/index.ts';
import { reportFileNames } from '../../report/index.ts';
import { canReadFindings, canReadWholeReport } from '../access.ts';
import { audit } from '../audit.ts';
import { ctxOf, forbid, guard, idParam, sendPage, type Deps } from '../http.ts';
import { notFoundPage } from '../pages/problem.ts';
import { reportPage, runsPage } from '../pages/runs.ts';
import { reportFile } from '../report-files.ts';
import { getRun, listRuns } from '../runs.ts';

export function reportRoutes(app: FastifyInstance, deps: Deps): void {
  app.get('/runs', async (req, reply) => {
    const user = await guard(req, reply, deps, canReadFindings);
    if (!user) return reply;
    const runs = await listRuns(deps.db);
    // Money at stake of each finished run, limited to the account's districts when it is limited.
    const money = new Map(await Promise.all(runs.filter((r) => r.outcome === 'done').map(async (r) => [r.id, await moneyAtStake(deps.db, r.id, { districts: user.districts })] as const)));
    return sendPage(reply, 200, runsPage(ctxOf(req, deps), canReadWholeReport(user) ? runs : runs.map((r) => ({ ...r, bySeverity: null, lifecycle: null })), { wholeReport: canReadWholeReport(user), money }));
  });

  const doneRun = async (req: FastifyRequest, reply: FastifyReply) => {
    const user = await guard(req, reply, deps, canReadFindings);
    if (!user) return null;
    if (!canReadWholeReport(user)) {
      await forbid(req, reply, deps);
      return null;
    }
    const id = idParam((req.params as Record<string, unknown>).id);
    const run = id === null ? null : await getRun(deps.db, id);
    if (!run || run.outcome !== 'done') {
      sendPage(reply, 404, notFoundPage(ctxOf(req, deps)));
      return null;
    }
    return { user, run };
  };

  app.get('/runs/:id', async (req, reply) => {
    const got = await doneRun(req, reply);
    if (!got) return reply;
    return sendPage(reply, 200, reportPage(ctxOf(req, deps), got.run));
  });

  // The report keeps its own policy (in its <meta>): no network, only its filter script. Here it may
  // be framed by this site only, and runs sandboxed (an opaque origin: no cookies, no reach into the portal).
  app.get('/runs/:id/report.html', async (req, reply) => {
    const got = await doneRun(req, reply);
    if (!got) return reply;
    const path = await reportFile(deps.db, deps.config, got.run.id, 'html');
    if (!path) return sendPage(reply, 404, notFoundPage(ctxOf(req, deps)));
    reply.header('Content-Security-Policy', "sandbox allow-scripts; frame-ancestors 'self'");
    reply.header('X-Frame-Options', 'SAMEORIGIN');
    return reply.type('text/html; charset=utf-8').send(createReadStream(path));
  });

  app.get('/runs/:id/report.xlsx', async (req, reply) => {
    const got = await doneRun(req, reply);
    if (!got) return reply;
    const path = await reportFile(deps.db, deps.config, got.run.id, 'xlsx');
    if (!path) return sendPage(reply, 404, notFoundPage(ctxOf(req, deps)));
    const base = reportFileNames(deps.lang).xlsx.replace(/\.xlsx$/, '');
    const name = `${base}-${got.run.startedAt.slice(0, 10)}-${got.run.id}.xlsx`;
    await audit(deps.db, { user: got.user, action: 'download', target: `run:${got.run.id}:xlsx`, ip: req.ip });
    reply.header('Content-Disposition', `attachment; filename="report-${got.run.id}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`);
    reply.header('Content-Length', String((await stat(path)).size));
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(createReadStream(path));
  });
}
