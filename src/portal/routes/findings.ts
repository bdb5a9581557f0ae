/** Findings with filters (limited to the account's districts), one finding's evidence, and the review form. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { maskIdNumber, nowInShanghai } from '../../domain/index.ts';
import { latestRunId, listFindings, markFinding, messageIn, MARKS, type Mark, type StoredFinding } from '../../findings/index.ts';
import { type Lang } from '../../lang.ts';
import { msg } from '../../messages/index.ts';
import { maskAccount, maskNumbersInText } from '../../report/index.ts';
import { RULES } from '../../rules/index.ts';
import { canReadFindings, canReview, canSeeDistrict, mayUnmask } from '../access.ts';
import { audit } from '../audit.ts';
import { evidenceOf } from '../evidence.ts';
import { ctxOf, forbid, guard, idParam, queryText, sendPage, type Deps } from '../http.ts';
import { findingPage, findingsPage, type FindingView } from '../pages/findings.ts';
import { notFoundPage, problemPage } from '../pages/problem.ts';
import type { User } from '../types.ts';

function view(f: StoredFinding, whole: boolean, lang: Lang): FindingView {
  return {
    ...f,
    shownId: f.idNumber ? (whole ? f.idNumber : maskIdNumber(f.idNumber)) : null,
    shownAccount: f.accountNo ? (whole ? f.accountNo : maskAccount(f.accountNo)) : null,
    shownMessage: whole ? messageIn(f, lang) : maskNumbersInText(messageIn(f, lang)),
    // The registry's English title; a declared list's finding keeps the title it was stored with.
    title: lang === 'en' ? (RULES[f.rule]?.titleEn ?? f.title) : f.title,
  };
}

async function runOf(deps: Deps, q: unknown): Promise<number | null> {
  return idParam(queryText(q, 'run')) ?? (await latestRunId(deps.db));
}

export function findingRoutes(app: FastifyInstance, deps: Deps): void {
  const l = deps.lang;

  app.get('/findings', async (req, reply) => {
    const user = await guard(req, reply, deps, canReadFindings);
    if (!user) return reply;
    const q = req.query;
    const run = await runOf(deps, q);
    const filters = { run, status: queryText(q, 'status'), rule: queryText(q, 'rule'), district: queryText(q, 'district'), severity: queryText(q, 'severity') };
    const all = run === null ? [] : (await listFindings(deps.db, { runId: run })).filter((f) => canSeeDistrict(user, f.district));
    const shown = all.filter(
      (f) => (!filters.status || f.status === filters.status) && (!filters.rule || f.rule === filters.rule) && (!filters.district || f.district === filters.district) && (!filters.severity || f.severity === filters.severity),
    );
    const whole = mayUnmask(user, deps.config);
    const runs = (await deps.db.kysely.selectFrom('runs').select('id').where('outcome', '=', 'done').orderBy('id', 'desc').limit(60).execute()).map((r) => r.id);
    // A cross-check list declared in the config is in no registry: its findings carry its title.
    const rules = [...new Set(all.map((f) => f.rule))].sort().map((id) => ({ id, title: l === 'en' ? (RULES[id]?.titleEn ?? id) : (RULES[id]?.title ?? all.find((f) => f.rule === id)?.title ?? id) }));
    const districts = user.districts ?? [...new Set(all.map((f) => f.district).filter((d): d is string => d !== null))].sort();
    return sendPage(reply, 200, findingsPage(ctxOf(req, deps), { findings: shown.map((f) => view(f, whole, l)), total: all.length, filters, runs, rules, districts, limitedTo: user.districts }));
  });

  /** The finding of the URL in the given (or latest) run, if the account may see its district. */
  const one = async (req: FastifyRequest, reply: FastifyReply, allowed: (u: User) => boolean) => {
    const user = await guard(req, reply, deps, allowed);
    if (!user) return null;
    const fp = String((req.params as Record<string, unknown>).fingerprint ?? '');
    const runId = idParam(queryText(req.body, 'run')) ?? (await runOf(deps, req.query));
    const found = /^[0-9a-f]{8,64}$/.test(fp) && runId !== null ? (await listFindings(deps.db, { runId })).find((f) => f.fingerprint === fp) : undefined;
    if (!found) {
      sendPage(reply, 404, notFoundPage(ctxOf(req, deps)));
      return null;
    }
    if (!canSeeDistrict(user, found.district)) {
      await forbid(req, reply, deps);
      return null;
    }
    return { user, finding: found };
  };

  const show = async (req: FastifyRequest, reply: FastifyReply, user: User, finding: StoredFinding, notice?: string) => {
    const whole = mayUnmask(user, deps.config);
    const history = await deps.db.kysely.selectFrom('reviews').select(['mark', 'note', 'reviewer', 'markedAt']).where('fingerprint', '=', finding.fingerprint).orderBy('id', 'desc').execute();
    return sendPage(reply, 200, findingPage(ctxOf(req, deps), { finding: view(finding, whole, l), evidence: await evidenceOf(deps.db, finding, whole, deps.lang), history, whole, canReview: canReview(user), notice }));
  };

  app.get('/findings/:fingerprint', async (req, reply) => {
    const got = await one(req, reply, canReadFindings);
    if (!got) return reply;
    return show(req, reply, got.user, got.finding, queryText(req.query, 'marked') ? msg(l, 'routes.findings.theReviewMarkIs') : undefined);
  });

  app.post('/findings/:fingerprint/review', async (req, reply) => {
    const got = await one(req, reply, canReview);
    if (!got) return reply;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const mark = body.mark;
    const note = typeof body.note === 'string' && body.note.trim() ? body.note.trim().slice(0, 2000) : null;
    if (typeof mark !== 'string' || !MARKS.includes(mark as Mark)) {
      return sendPage(reply, 400, problemPage(ctxOf(req, deps), msg(l, 'routes.findings.chooseAMark'), msg(l, 'routes.findings.chooseConfirmedFalsePositive'), { href: `/findings/${got.finding.fingerprint}?run=${got.finding.runId}`, label: msg(l, 'routes.findings.back') }));
    }
    await markFinding(deps.db, got.finding.fingerprint, mark as Mark, note, got.user.name, nowInShanghai());
    await audit(deps.db, { user: got.user, action: 'review', target: `finding:${got.finding.fingerprint}`, ip: req.ip, detail: { mark, runId: got.finding.runId } });
    return reply.redirect(`/findings/${got.finding.fingerprint}?run=${got.finding.runId}&marked=1`, 303);
  });
}
