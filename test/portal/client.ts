/**
 * A bare HTTP client for the portal tests that attack the real server (fetch over 127.0.0.1): keeps
 * its cookies like a browser would, signs in through the form, and builds multipart bodies by hand so
 * a test can send exactly the malformed body it means to.
 */
import { PASSWORD } from './helpers.ts';

export class Client {
  private readonly jar = new Map<string, string>();
  constructor(readonly base: string) {}

  get cookie(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
    const res = await fetch(this.base + path, { redirect: 'manual', ...init, headers: { ...(init.headers ?? {}), cookie: this.cookie } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at);
      const value = pair!.slice(at + 1);
      if (value === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }

  /** The CSRF token in the form of a page. */
  async tokenOf(path: string): Promise<string> {
    const body = await (await this.request(path)).text();
    const m = /name="_csrf" value="([^"]+)"/.exec(body);
    if (!m) throw new Error(`no token on ${path}`);
    return m[1]!;
  }

  postForm(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });
  }

  async signIn(name: string, password = PASSWORD): Promise<Response> {
    const csrf = await this.tokenOf('/login');
    return this.postForm('/login', { _csrf: csrf, name, password });
  }
}

export const BOUNDARY = '----relief-recon-attack';

export function multipartBody(fields: Record<string, string>, file?: { name: string; body: Buffer }, opts: { cutAfterFile?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.body);
    if (!opts.cutAfterFile) parts.push(Buffer.from(`\r\n--${BOUNDARY}--\r\n`));
  } else parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

export const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;
