/** What every route uses: its dependencies, the page context, sending a page, and the access guard. */
import type {} from '@fastify/cookie';
import type {} from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import type { Lang } from '../lang.ts';
import { audit } from './audit.ts';
import type { LoginLimiter } from './login-limiter.ts';
import { forbiddenPage } from './pages/problem.ts';
import type { PipelineRunner } from './runner.ts';
import type { PageContext, Session, User } from './types.ts';

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | null;
  }
}

export interface Deps {
  config: Config;
  db: Db;
  lang: Lang;
  runner: PipelineRunner;
  limiter: LoginLimiter;
  /** Aborted when the server shuts down: an upload being parsed stops at once. */
  signal?: AbortSignal;
}

export const SESSION_COOKIE = 'rr_session';
export const LOGIN_COOKIE = 'rr_login';

export function ctxOf(req: FastifyRequest, deps: Deps, csrf?: string): PageContext {
  return { lang: deps.lang, user: req.session?.user ?? null, csrf: csrf ?? req.session?.csrf ?? '', path: req.url.split('?')[0] ?? '/' };
}

export function sendPage(reply: FastifyReply, status: number, text: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(text);
}

/**
 * The signed-in account when `allowed` lets it in; otherwise the response is sent (sign-in page for
 * nobody, 403 for the wrong account, written to the audit log) and null returned.
 */
export async function guard(req: FastifyRequest, reply: FastifyReply, deps: Deps, allowed: (u: User) => boolean): Promise<User | null> {
  const user = req.session?.user;
  if (!user) {
    const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.url)}` : '';
    await reply.redirect(`/login${next}`, 303);
    return null;
  }
  if (!allowed(user)) {
    await forbid(req, reply, deps);
    return null;
  }
  return user;
}

export async function forbid(req: FastifyRequest, reply: FastifyReply, deps: Deps): Promise<FastifyReply> {
  await audit(deps.db, { user: req.session?.user ?? null, action: 'forbidden', target: `${req.method} ${req.url}`.slice(0, 300), outcome: 'refused', ip: req.ip });
  return sendPage(reply, 403, forbiddenPage(ctxOf(req, deps)));
}

export function isHttps(req: FastifyRequest): boolean {
  return req.protocol === 'https';
}

/** A positive integer from a path or query parameter, else null. */
export function idParam(v: unknown): number | null {
  return typeof v === 'string' && /^[1-9]\d{0,9}$/.test(v) ? Number(v) : null;
}

export function queryText(q: unknown, key: string): string {
  const v = (q as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'string' ? v.slice(0, 200) : '';
}
