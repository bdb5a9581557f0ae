/** Sign in (rate-limited, audited), sign out, and the landing redirect. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { msg } from '../../messages/index.ts';
import { homeOf } from '../access.ts';
import { audit } from '../audit.ts';
import { newToken } from '../csrf.ts';
import { ctxOf, isHttps, LOGIN_COOKIE, sendPage, SESSION_COOKIE, type Deps } from '../http.ts';
import { limiterKeys } from '../login-limiter.ts';
import { loginPage } from '../pages/login.ts';
import { decoyHash, verifyPassword } from '../password.ts';
import { createSession, endSession } from '../sessions.ts';
import { findUserByName } from '../users.ts';

/** Only a path of this site: never `//host` or a scheme, so sign-in cannot bounce anyone elsewhere. */
function safeNext(next: unknown): string | null {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) && !next.startsWith('/login') ? next : null;
}

function cookieBase(req: FastifyRequest) {
  return { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: isHttps(req), signed: true };
}

/** The sign-in form with a fresh token in a signed cookie (the form's CSRF token before there is a session). */
function showLogin(req: FastifyRequest, reply: FastifyReply, deps: Deps, status: number, opts: { error?: string; name?: string; next?: string }): FastifyReply {
  const token = newToken();
  reply.setCookie(LOGIN_COOKIE, token, { ...cookieBase(req), maxAge: 3600 });
  return sendPage(reply, status, loginPage(ctxOf(req, deps, token), opts));
}

export function authRoutes(app: FastifyInstance, deps: Deps): void {
  const l = deps.lang;

  app.get('/', async (req, reply) => reply.redirect(req.session ? homeOf(req.session.user) : '/login', 303));

  app.get('/login', async (req, reply) => {
    const next = safeNext((req.query as Record<string, unknown>).next) ?? undefined;
    if (req.session) return reply.redirect(next ?? homeOf(req.session.user), 303);
    return showLogin(req, reply, deps, 200, { next });
  });

  app.post('/login', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const name = typeof body.name === 'string' ? body.name.trim().slice(0, 60) : '';
    const password = typeof body.password === 'string' ? body.password.slice(0, 1000) : '';
    const next = safeNext(body.next) ?? undefined;
    const keys = limiterKeys(name, req.ip);
    // Counted before the password is checked, so attempts sent at once cannot all slip under the limit.
    const attempt = await deps.limiter.begin(keys);
    const wait = attempt.retryAfterMs;
    if (wait > 0) {
      await audit(deps.db, { user: null, userName: name, action: 'login-limited', outcome: 'refused', ip: req.ip });
      const minutes = Math.ceil(wait / 60_000);
      reply.header('Retry-After', String(Math.ceil(wait / 1000)));
      return showLogin(req, reply, deps, 429, { name, next, error: msg(l, 'routes.auth.tooManyFailedSign', { minutes }) });
    }
    const user = name ? await findUserByName(deps.db, name) : null;
    const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
    if (!user || !ok || user.disabled) {
      await audit(deps.db, { user: null, userName: name, action: 'login-failed', outcome: 'refused', ip: req.ip, detail: user?.disabled ? { disabled: true } : undefined });
      return showLogin(req, reply, deps, 401, { name, next, error: msg(l, 'routes.auth.wrongUserNameOr') });
    }
    await deps.limiter.succeed(attempt, keys[0]!);
    const session = await createSession(deps.db, user.id, deps.config.portal.sessionHours);
    reply.setCookie(SESSION_COOKIE, session.token, { ...cookieBase(req), maxAge: deps.config.portal.sessionHours * 3600 });
    reply.clearCookie(LOGIN_COOKIE, { path: '/' });
    await audit(deps.db, { user, action: 'login', ip: req.ip });
    return reply.redirect(next ?? homeOf(user), 303);
  });

  app.post('/logout', async (req, reply) => {
    if (req.session) {
      await endSession(deps.db, req.session.id);
      await audit(deps.db, { user: req.session.user, action: 'logout', ip: req.ip });
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/login', 303);
  });
}
