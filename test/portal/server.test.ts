/**
 * The server without a browser (fastify inject): security headers, the cookie's flags behind an HTTPS
 * proxy, a tampered cookie, the sign-in limiter, content checks on uploads, and the batch facts an
 * upload carries into the night's ingest.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_TEXT, parseConfig, type Config } from '../../src/config.ts';
import { openDatabase, scratchDatabaseUrl, testDialect, type Db } from '../../src/db/index.ts';
import { factsPathFor, memoryLog, readFacts, runPipeline, writeFacts } from '../../src/pipeline/index.ts';
import { buildPortal, createUser } from '../../src/portal/index.ts';
import { expireStaged } from '../../src/portal/uploads.ts';
import { ROOT, ROWS } from './helpers.ts';

const FORMATS = join(ROOT, 'fixtures/scenarios/formats');
let config: Config;
let db: Db;
let app: FastifyInstance;

function setUp(extra = ''): Config {
  const d = mkdtempSync(join(tmpdir(), 'relief-recon-portal-server-'));
  const base = testDialect() === 'postgres' ? DEFAULT_CONFIG_TEXT.replace(/^database: .*$/m, `database: ${scratchDatabaseUrl()}`) : DEFAULT_CONFIG_TEXT;
  const text = `${base.replace(/^portal:[\s\S]*$/m, '')}portal:\n  maxUploadMb: 1\n  loginAttempts: 3\n${extra}`;
  return parseConfig(text, join(d, 'relief-recon.yaml'), null);
}

beforeAll(async () => {
  config = setUp('  trustProxy: "127.0.0.1"\n');
  db = await openDatabase(config.database);
  await createUser(db, { name: 'rcb', role: 'bank', bank: '重庆农村商业银行', password: 'long-enough-1' });
  ({ app } = await buildPortal({ config, db, secret: 's'.repeat(40) }));
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

function cookiesOf(res: { headers: Record<string, unknown> }): string[] {
  const c = res.headers['set-cookie'];
  return Array.isArray(c) ? c : c ? [String(c)] : [];
}

async function signIn(name: string, password: string, headers: Record<string, string> = {}) {
  const form = await app.inject({ method: 'GET', url: '/login', headers });
  const cookie = cookiesOf(form)[0]!.split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  return app.inject({ method: 'POST', url: '/login', headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, name, password }).toString() });
}

async function session(): Promise<{ cookie: string; csrf: string }> {
  const res = await signIn('rcb', 'long-enough-1');
  const cookie = cookiesOf(res).find((c) => c.startsWith('rr_session='))!.split(';')[0]!;
  const page = await app.inject({ method: 'GET', url: '/upload', headers: { cookie } });
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]! };
}

function multipart(fields: Record<string, string>, file: { name: string; body: Buffer }): { payload: Buffer; contentType: string } {
  const boundary = '----relief-recon-test';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.body, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(s: { cookie: string; csrf: string }, name: string, body: Buffer, fields: Record<string, string> = {}) {
  const m = multipart({ _csrf: s.csrf, ...fields }, { name, body });
  const res = await app.inject({ method: 'POST', url: '/upload', headers: { cookie: s.cookie, 'content-type': m.contentType }, payload: m.payload });
  if (res.statusCode === 303) return app.inject({ method: 'GET', url: res.headers.location as string, headers: { cookie: s.cookie } });
  return res;
}

describe('the portal server', () => {
  it('sends a strict policy and no-store on every page, and serves nothing from elsewhere', async () => {
    const res = await app.inject({ method: 'GET', url: '/login' });
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).not.toMatch(/<script|https?:\/\//);
  });

  it('marks the session cookie HttpOnly, SameSite=Strict, signed, and Secure behind an HTTPS proxy', async () => {
    const plain = cookiesOf(await signIn('rcb', 'long-enough-1')).find((c) => c.startsWith('rr_session='))!;
    expect(plain).toMatch(/HttpOnly/);
    expect(plain).toMatch(/SameSite=Strict/);
    expect(plain).not.toMatch(/Secure/);
    expect(plain.split(';')[0]).toMatch(/^rr_session=[\w-]+\.[\w/+-]+$/);
    const proxied = cookiesOf(await signIn('rcb', 'long-enough-1', { 'x-forwarded-proto': 'https' })).find((c) => c.startsWith('rr_session='))!;
    expect(proxied).toMatch(/; Secure/);
  });

  it('speaks English with --lang en', async () => {
    const en = await buildPortal({ config, db, secret: 's'.repeat(40), lang: 'en' });
    const res = await en.app.inject({ method: 'GET', url: '/login' });
    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toContain('Sign in');
    expect(res.body).not.toMatch(/登录/);
    await en.app.close();
  });

  it('ignores a session cookie whose signature does not match', async () => {
    const { cookie } = await session();
    const [name, value] = cookie.split('=');
    const token = value!.split('.')[0]!;
    const forged = await app.inject({ method: 'GET', url: '/upload', headers: { cookie: `${name}=${token}.AAAA` } });
    expect(forged.statusCode).toBe(303);
    expect(forged.headers.location).toMatch(/^\/login/);
  });

  it('holds back sign-ins after too many failures, even with the right password then', async () => {
    for (let i = 0; i < 3; i++) expect((await signIn('rcb', 'wrong-password')).statusCode).toBe(401);
    const held = await signIn('rcb', 'long-enough-1');
    expect(held.statusCode).toBe(429);
    expect(held.body).toContain('登录失败次数过多');
    expect(Number(held.headers['retry-after'])).toBeGreaterThan(0);
    const rows = await db.kysely.selectFrom('auditLog').select(['action', 'userName']).where('action', 'in', ['login-failed', 'login-limited']).execute();
    expect(rows.filter((r) => r.action === 'login-failed')).toHaveLength(3);
    expect(rows.some((r) => r.action === 'login-limited' && r.userName === 'rcb')).toBe(true);
  });
});

describe('uploads by content', () => {
  let s: { cookie: string; csrf: string };
  beforeAll(async () => {
    // The limiter above holds this account back, restart or not (its counts are in the database):
    // let its window pass.
    await db.kysely.deleteFrom('loginAttempts').execute();
    s = await session();
  });

  it('refuses a legacy .xls workbook with the conversion hint', async () => {
    const res = await upload(s, '万州区回盘.xls', readFileSync(join(FORMATS, 'legacy-biff.xls')));
    expect(res.body).toContain('libreoffice --headless --convert-to xlsx');
    expect(res.body).toContain('拒收');
  });

  it('reads tab-separated GBK text named .xls as the text it is', async () => {
    const res = await upload(s, 'gbk-tab.xls', readFileSync(join(FORMATS, 'gbk-bank-file-tab-delimited-named-xls.xls')), { period: '2026-11', district: '万州区', program: 'dibao' });
    expect(res.body).toMatch(/id="r-format">csv \(gb18030\)/);
  });

  it('refuses binary content whatever the name says', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.alloc(100)]);
    const res = await upload(s, 'photo.csv', png);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('不是文本表格或 Excel 工作簿');
  });

  it('refuses a bad batch fact in the form', async () => {
    const res = await upload(s, 'ok.csv', Buffer.from('户名,账号,金额,状态\n张三,6228480012345678901,1.00,成功\n'), { period: '2026-13' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('发放月份「2026-13」无效');
  });
});

describe('staged uploads nobody confirmed', () => {
  it('are removed from staging after a week, their record kept as expired', async () => {
    const c = setUp();
    const d = await openDatabase(c.database);
    const u = await createUser(d, { name: 'rcb', role: 'bank', bank: 'x', password: 'long-enough-1' });
    mkdirSync(c.portal.staging, { recursive: true });
    const receipt = { rejections: [], rejectionsCapped: false } as never;
    for (const [name, at] of [['old.csv', '2026-11-01T10:00:00+08:00'], ['new.csv', '2026-11-27T10:00:00+08:00']] as const) {
      writeFileSync(join(c.portal.staging, name), 'a,b\n');
      await d.kysely.insertInto('uploads').values({ userId: u.id, userName: u.name, bank: 'x', originalName: name, storedName: name, sha256: name, sizeBytes: 4, kind: null, period: null, district: null, program: null, receiptJson: JSON.stringify(receipt), status: 'staged', uploadedAt: at, confirmedAt: null }).execute();
    }
    expect(await expireStaged(d, c, Date.parse('2026-11-28T10:00:00+08:00'))).toBe(1);
    expect(existsSync(join(c.portal.staging, 'old.csv'))).toBe(false);
    expect(existsSync(join(c.portal.staging, 'new.csv'))).toBe(true);
    expect((await d.kysely.selectFrom('uploads').select(['originalName', 'status']).orderBy('id').execute()).map((r) => r.status)).toEqual(['expired', 'staged']);
    await d.close();
  });
});

describe('batch facts beside an inbox file', () => {
  it('are read by the night’s ingest (as the receipt read the file) and removed once the file is handled', async () => {
    const c = setUp();
    mkdirSync(c.inbox, { recursive: true });
    const target = join(c.inbox, 'rcb-upload.csv');
    await writeFacts(target, { kind: 'bank', period: '2026-11', district: '万州区', program: 'dibao' });
    copyFileSync(join(ROWS, 'gbk-bank-file-with-summary-first-line.csv'), target);
    // A hand-edited facts file is checked again: nonsense is dropped, not trusted.
    writeFileSync(factsPathFor(join(c.inbox, 'other.csv')), JSON.stringify({ kind: 'x', district: '<script>', period: 'never', program: '低保' }));
    expect(await readFacts(join(c.inbox, 'other.csv'))).toEqual({ program: 'dibao' });
    const r = await runPipeline(c, { trigger: 'manual', log: memoryLog(), worker: false });
    expect(r.outcome).toBe('done');
    expect(r.files.map((f) => [f.fileName, f.status, f.rowsAccepted])).toEqual([['rcb-upload.csv', 'ingested', 3]]);
    const d = await openDatabase(c.database);
    const file = await d.kysely.selectFrom('sourceFiles').selectAll().executeTakeFirstOrThrow();
    expect([file.period, file.district, file.program]).toEqual(['2026-11', '万州区', 'dibao']);
    expect(JSON.parse(file.optionsJson)).toMatchObject({ kind: 'bank', period: '2026-11', district: '万州区', program: 'dibao' });
    await d.close();
    expect(existsSync(factsPathFor(target))).toBe(false);
    expect(existsSync(target)).toBe(false);
  });
});
