/**
 * The portal in English shows a real finding of the seed run with its English rule title and message
 * (stored by the run in both languages), and the Chinese portal the Chinese ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal } from '../../src/portal/index.ts';
import { ACCOUNTS, PASSWORD, startPortal, type Portal } from './helpers.ts';

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal();
}, 60_000);
afterAll(async () => portal?.close());

async function findingsPage(lang: 'zh' | 'en'): Promise<string> {
  const { app } = await buildPortal({ config: portal.config, db: portal.db, secret: 'test-secret-'.repeat(4), lang });
  try {
    const form = await app.inject({ method: 'GET', url: '/login' });
    const c = form.headers['set-cookie'];
    const cookie = (Array.isArray(c) ? c[0]! : String(c)).split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const res = await app.inject({ method: 'POST', url: '/login', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, name: ACCOUNTS.supervisor.name, password: PASSWORD }).toString() });
    const set = res.headers['set-cookie'];
    const session = (Array.isArray(set) ? set : [String(set)]).find((x) => x.startsWith('rr_session='))!.split(';')[0]!;
    return (await app.inject({ method: 'GET', url: `/findings?run=${portal.firstRunId}&rule=total-mismatch`, headers: { cookie: session } })).body;
  } finally {
    await app.close();
  }
}

describe('findings in the portal', () => {
  it('reads in English with lang en, in Chinese without', async () => {
    const en = await findingsPage('en');
    expect(en).toContain('Paid total differs from approved total');
    expect(en).toMatch(/approved total [\d,]+\.\d\d yuan \(\d+ people\), paid total [\d,]+\.\d\d yuan \(\d+ payments\), difference -?[\d,]+\.\d\d yuan/);
    expect(en).not.toMatch(/核定总额/);
    const zh = await findingsPage('zh');
    expect(zh).toMatch(/核定总额 [\d,]+\.\d\d 元/);
  });
});
