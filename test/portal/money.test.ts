/**
 * Money at stake beside the portal's counts: the runs page and the findings list show what the one
 * computation in src/findings says, limited to the account's districts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatYuan } from '../../src/domain/index.ts';
import { moneyAtStake } from '../../src/findings/index.ts';
import { ACCOUNTS, PASSWORD, startPortal, type Portal } from './helpers.ts';

let portal: Portal;

// Two money findings added to the seed run: an unapproved payment in 万州区 and a fee in 渝中区.
const EXTRA = [
  { rule: 'unapproved-payment', district: '万州区', expectedFen: 0, actualFen: 123450, fp: 'aa' },
  { rule: 'bank-fee', district: '渝中区', expectedFen: null, actualFen: 250, fp: 'bb' },
];

beforeAll(async () => {
  portal = await startPortal();
  const run = await portal.db.kysely.selectFrom('runs').select('startedAt').where('id', '=', portal.firstRunId).executeTakeFirstOrThrow();
  await portal.db.kysely.insertInto('findings').values(EXTRA.map((x) => ({
    runId: portal.firstRunId, rule: x.rule, severity: 'high', fingerprint: x.fp.repeat(16), title: x.rule, message: '代发金额', period: '2026-11', district: x.district,
    districtCode: null, program: 'dibao', idNumber: null, name: '某某', accountNo: null, expectedFen: x.expectedFen, actualFen: x.actualFen, evidenceJson: '[]', dataJson: '{}',
    status: 'new', firstSeen: run.startedAt,
  }))).execute();
}, 60_000);
afterAll(async () => portal?.close());

async function signIn(name: string): Promise<string> {
  const form = await portal.app.inject({ method: 'GET', url: '/login' });
  const c = form.headers['set-cookie'];
  const cookie = (Array.isArray(c) ? c[0]! : String(c)).split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const res = await portal.app.inject({ method: 'POST', url: '/login', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, name, password: PASSWORD }).toString() });
  const set = res.headers['set-cookie'];
  return (Array.isArray(set) ? set : [String(set)]).find((x) => x.startsWith('rr_session='))!.split(';')[0]!;
}

const get = async (cookie: string, url: string) => (await portal.app.inject({ method: 'GET', url, headers: { cookie } })).body;

describe('money at stake in the portal', () => {
  it('shows each finished run’s money at stake on the runs page', async () => {
    const body = await get(await signIn(ACCOUNTS.supervisor.name), '/runs');
    const money = await moneyAtStake(portal.db, portal.firstRunId);
    expect(money.fen).toBe(123450 + 250);
    const row = new RegExp(`<tr data-run="${portal.firstRunId}">[\\s\\S]*?</tr>`).exec(body)![0];
    expect(row).toContain(`>${formatYuan(money.fen)}<`);
    expect(row).toContain('2 条');
  });

  it('shows the money at stake of the listed findings beside their count, for the account’s districts only', async () => {
    const whole = await get(await signIn(ACCOUNTS.supervisor.name), `/findings?run=${portal.firstRunId}`);
    expect(/id="money"[\s\S]*?<\/p>/.exec(whole)![0]).toContain(formatYuan(123450 + 250));
    const filtered = await get(await signIn(ACCOUNTS.supervisor.name), `/findings?run=${portal.firstRunId}&rule=bank-fee`);
    expect(/id="money"[\s\S]*?<\/p>/.exec(filtered)![0]).toMatch(/未结疑点涉及金额 <span class="money-total">2\.50<\/span>/);
    const yuzhong = await get(await signIn(ACCOUNTS.yuzhongSupervisor.name), `/findings?run=${portal.firstRunId}`);
    const line = /id="money"[\s\S]*?<\/p>/.exec(yuzhong)![0];
    expect(line).toContain('>2.50<');
    expect(line).not.toContain('1,234.50');
    const runs = await get(await signIn(ACCOUNTS.yuzhongSupervisor.name), '/runs');
    expect(new RegExp(`<tr data-run="${portal.firstRunId}">[\\s\\S]*?</tr>`).exec(runs)![0]).toContain('>2.50<');
  });
});
