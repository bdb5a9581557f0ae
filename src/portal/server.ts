/**
 * The portal's HTTP server (Fastify): signed session cookie, form and multipart bodies, security
 * headers on every response, the session loaded before each request, and the CSRF check on every
 * form post. Pages are rendered on the server; there is no script in them.
 */
import cookie from '@fastify/cookie';

/** RFC 6265 cookie-octets: such a value needs no encoding; anything else is percent-encoded. */
const COOKIE_OCTETS = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;
const cookieValue = (value: string): string => (COOKIE_OCTETS.test(value) ? value : encodeURIComponent(value));
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import type { Lang } from '../lang.ts';
import { audit } from './audit.ts';
import { CSRF_FIELD, sameToken } from './csrf.ts';
import { ctxOf, LOGIN_COOKIE, sendPage, SESSION_COOKIE, type Deps } from './http.ts';
import { LoginLimiter } from './login-limiter.ts';
import { csrfRefusedPage, notFoundPage, problemPage } from './pages/problem.ts';
import { PORTAL_CSS } from './pages/style.ts';
import { authRoutes } from './routes/auth.ts';
import { findingRoutes } from './routes/findings.ts';
import { operatorRoutes } from './routes/operator.ts';
import { reportRoutes } from './routes/reports.ts';
import { uploadRoutes } from './routes/upload.ts';
import { PipelineRunner, type PipelineStarter } from './runner.ts';
import { findSession } from './sessions.ts';
import { expireStaged } from './uploads.ts';
import { msg } from '../messages/index.ts';

export interface PortalOptions {
  config: Config;
  db: Db;
  /** Signs the session cookie (see ensureSecret). */
  secret: string;
  lang?: Lang;
  /** Tests: a pipeline of their own. */
  startPipeline?: PipelineStarter;
  logger?: boolean;
  /** Aborted when the server shuts down: a "run now" in progress stops at a safe point. */
  signal?: AbortSignal;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase() || null;
  } catch {
    return null;
  }
}

const PAGE_POLICY = "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export async function buildPortal(opts: PortalOptions): Promise<{ app: FastifyInstance; runner: PipelineRunner }> {
  const { config, db } = opts;
  const lang = opts.lang ?? config.lang;
  const runner = new PipelineRunner(config, opts.startPipeline, opts.signal);
  const limiter = new LoginLimiter(db, config.portal.loginAttempts, config.portal.loginWindowMinutes * 60_000);
  const deps: Deps = { config, db, lang, runner, limiter, signal: opts.signal };
  await expireStaged(db, config);
  // A hop count is accepted at run time (proxy-addr), though the type names only booleans and addresses.
  const app: FastifyInstance = Fastify({ logger: opts.logger ?? false, trustProxy: config.portal.trustProxy as boolean | string, bodyLimit: 1024 * 1024 });

  // cookie@1 (the version that runs on Node 20) percent-encodes every value; a signed token (base64 and
  // '.') is made of cookie characters already, so it goes on the wire as is, as cookie@2 would send it.
  await app.register(cookie, { secret: opts.secret, hook: 'onRequest', parseOptions: { encode: cookieValue } });
  await app.register(formbody);
  await app.register(multipart, {
    throwFileSizeLimit: false,
    // Keep the name exactly as the client sent it, so a name carrying a path is seen and refused.
    preservePath: true,
    limits: { fileSize: config.portal.maxUploadBytes, files: 1, fields: 10, fieldSize: 2000, parts: 12, headerPairs: 100 },
  });
  app.decorateRequest('session', null);

  app.addHook('onRequest', async (req, reply) => {
    reply.header('Content-Security-Policy', PAGE_POLICY);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Cache-Control', 'no-store');
    const raw = req.cookies[SESSION_COOKIE];
    if (raw) {
      const { valid, value } = req.unsignCookie(raw);
      req.session = valid && value ? await findSession(db, value) : null;
    }
  });

  const refuseForgery = async (req: FastifyRequest, reply: FastifyReply, why: string) => {
    await audit(db, { user: req.session?.user ?? null, action: 'csrf-refused', target: `${req.method} ${req.url}`.slice(0, 300), outcome: 'refused', ip: req.ip, detail: { why } });
    return sendPage(reply, 403, csrfRefusedPage(ctxOf(req, deps)));
  };

  // First wall, before any body is read: a state-changing request a browser sends from another site
  // says so. Sec-Fetch-Site decides where the browser sends it (every current one does). Otherwise an
  // Origin must name this host; "null" tells nothing (our pages' no-referrer policy makes browsers send
  // it for our own forms). Requests with neither (older clients, curl) still need the token below.
  app.addHook('onRequest', async (req, reply) => {
    if (SAFE_METHODS.has(req.method)) return;
    const site = req.headers['sec-fetch-site'];
    if (typeof site === 'string') {
      if (site === 'same-origin' || site === 'none') return;
      return refuseForgery(req, reply, `sec-fetch-site ${site}`.slice(0, 60));
    }
    const origin = req.headers.origin;
    if (origin === 'null') return;
    // The host alone is compared: a proxy that ends HTTPS may not tell us the scheme, and the scheme
    // does not make another site of ours.
    if (typeof origin === 'string' && hostOf(origin) !== req.host.toLowerCase()) return refuseForgery(req, reply, 'origin');
  });

  // Second wall: every state-changing request carries its token — the session's, or on the sign-in
  // form the signed cookie's — whatever its content type. The upload form is the one multipart form:
  // its route reads the token, which comes ahead of the file, before it stores a byte. A multipart
  // body sent to any other route is refused unread (none of our forms sends one there).
  app.addHook('preHandler', async (req, reply) => {
    if (SAFE_METHODS.has(req.method)) return;
    if (req.isMultipart()) {
      if (req.method === 'POST' && req.routeOptions.url === '/upload') return;
      return refuseForgery(req, reply, 'multipart');
    }
    const body = req.body;
    const given = body && typeof body === 'object' ? (body as Record<string, unknown>)[CSRF_FIELD] : undefined;
    let expected: string | null = null;
    if (req.routeOptions.url === '/login') {
      const c = req.cookies[LOGIN_COOKIE];
      const u = c ? req.unsignCookie(c) : null;
      expected = u?.valid ? u.value : null;
    } else expected = req.session?.csrf ?? null;
    if (sameToken(given, expected)) return;
    return refuseForgery(req, reply, 'token');
  });

  app.get('/assets/portal.css', async (_req, reply) => reply.header('Cache-Control', 'public, max-age=3600').type('text/css; charset=utf-8').send(PORTAL_CSS));
  authRoutes(app, deps);
  uploadRoutes(app, deps);
  reportRoutes(app, deps);
  findingRoutes(app, deps);
  operatorRoutes(app, deps);

  app.setNotFoundHandler(async (req, reply) => sendPage(reply, 404, notFoundPage(ctxOf(req, deps))));
  app.setErrorHandler(async (err, req, reply) => {
    const e = err as Error & { statusCode?: number; code?: string };
    const status = e.statusCode && e.statusCode >= 400 && e.statusCode < 500 ? e.statusCode : 500;
    if (status === 500) req.log.error({ err: e.message }, 'portal error');
    const text =
      status === 500
        ? msg(lang, 'portal.server.internalErrorTryAgain')
        : msg(lang, 'portal.server.theRequestCouldNot', { code: e.code ?? status });
    return sendPage(reply, status, problemPage(ctxOf(req, deps), msg(lang, 'portal.server.somethingWentWrong'), text, { href: '/', label: msg(lang, 'portal.server.home') }));
  });
  return { app, runner };
}
