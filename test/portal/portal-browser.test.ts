/**
 * The portal in a real browser (Debian's chromium, driven by playwright-core), signed in as each role:
 * a bank liaison uploads a GBK file and reads its receipt; another bank sees none of it and no report,
 * not even by guessing URLs; a supervisor reviews a finding and the mark shows in the next run's report;
 * a form without its CSRF token, a hostile file name and an oversized file are refused with a clear
 * message. Every page is photographed into test-output/portal/.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveBrowser, requireBrowser } from '../browser.ts';
import { idCheckChar } from '../../src/domain/index.ts';
import { listFindings } from '../../src/findings/index.ts';
import { factsPathFor } from '../../src/pipeline/index.ts';
import { ACCOUNTS, CHROMIUM, CHROMIUM_ARGS, PASSWORD, ROWS, startPortal, testOutput, YUZHONG_PAID_UNDER_BAD_LABEL, type Portal } from './helpers.ts';

// CI installs chromium (.ci/run): there a missing browser fails; a developer machine without it skips with a note.
requireBrowser('portal browser test');

let portal: Portal;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!haveBrowser) return;
  [portal, browser] = await Promise.all([startPortal(), chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })]);
}, 60_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await portal?.close();
});

type Account = (typeof ACCOUNTS)[keyof typeof ACCOUNTS];

/** A fresh browser (own cookies) signed in as `account`; page errors and outside requests are collected. */
async function signIn(account: Account): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ baseURL: portal.url, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(portal.url)) problems.push(`request: ${r.url()}`);
  });
  await page.goto('/login');
  await page.fill('#name', account.name);
  await page.fill('#password', PASSWORD);
  await page.click('#login');
  await page.waitForLoadState();
  return { page, problems };
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(testOutput(), `${name}.png`), fullPage: true });

async function csrfOf(page: Page): Promise<string> {
  return (await page.locator('input[name="_csrf"]').first().getAttribute('value'))!;
}

let uploadId: number;

describe.skipIf(!haveBrowser)('the portal in a browser', () => {
  it('signs each role in and lands it on its own page; a wrong password is refused', async () => {
    const context = await browser.newContext({ baseURL: portal.url });
    contexts.push(context);
    const anon = await context.newPage();
    await anon.goto('/runs');
    expect(new URL(anon.url()).pathname).toBe('/login');
    await anon.fill('#name', ACCOUNTS.supervisor.name);
    await anon.fill('#password', 'not-the-password');
    await anon.click('#login');
    await expect.poll(() => anon.locator('.msg.error').textContent()).toContain('用户名或密码不正确');
    await shot(anon, 'login-refused');

    const landing: [Account, string, string][] = [
      [ACCOUNTS.operator, '/operator', 'operator'],
      [ACCOUNTS.bank, '/upload', 'upload'],
      [ACCOUNTS.supervisor, '/runs', 'runs'],
    ];
    for (const [account, path, name] of landing) {
      const { page, problems } = await signIn(account);
      expect(new URL(page.url()).pathname).toBe(path);
      expect(await page.locator('header .who').textContent()).toContain(account.name);
      await shot(page, name);
      expect(problems).toEqual([]);
    }
  });

  it('takes a GBK bank file from a bank liaison and shows the right receipt, then places it in the inbox', async () => {
    const { page, problems } = await signIn(ACCOUNTS.bank);
    await page.goto('/upload');
    await page.fill('#period', '2026-11');
    await page.selectOption('#district', '万州区');
    await page.selectOption('#program', 'dibao');
    await page.setInputFiles('#file', join(ROWS, 'gbk-bank-file-with-summary-first-line.csv'));
    await page.click('#submit-upload');
    await page.waitForURL(/\/uploads\/\d+$/);
    uploadId = Number(/\/uploads\/(\d+)$/.exec(page.url())![1]);
    expect(await page.locator('#r-kind').textContent()).toBe('银行代发明细');
    expect(await page.locator('#r-format').textContent()).toContain('gb18030');
    expect(await page.locator('#r-read').textContent()).toBe('3');
    expect(await page.locator('#r-accepted').textContent()).toBe('3');
    expect(await page.locator('#r-rejected').textContent()).toBe('0');
    expect(await page.locator('#r-total').textContent()).toBe('2,401.00');
    const control = await page.locator('#r-control').textContent();
    expect(control).toContain('第 1 行：3 笔，2,401.00 元');
    expect(control).toContain('与明细一致');
    expect(await page.locator('#r-status').textContent()).toContain('待确认');
    await shot(page, 'receipt-gbk');

    await page.click('#confirm');
    await page.waitForURL(/confirmed=1/);
    expect(await page.locator('.msg.ok').first().textContent()).toContain('已放入收件箱');
    const inboxName = 'gbk-bank-file-with-summary-first-line.csv';
    const inboxPath = join(portal.config.inbox, inboxName);
    expect(readFileSync(inboxPath)).toEqual(readFileSync(join(ROWS, inboxName)));
    expect(JSON.parse(readFileSync(factsPathFor(inboxPath), 'utf8'))).toEqual({ kind: 'bank', period: '2026-11', district: '万州区', program: 'dibao', bank: ACCOUNTS.bank.bank });
    await shot(page, 'receipt-confirmed');

    // The same bytes again (under another name) are recognised.
    await page.goto('/upload');
    await page.setInputFiles('#file', { name: '万州区回盘-再次.csv', mimeType: 'text/csv', buffer: readFileSync(join(ROWS, inboxName)) });
    await page.click('#submit-upload');
    await expect.poll(() => page.locator('.msg.error').textContent()).toMatch(/该文件已上传过（时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}）/);
    await shot(page, 'upload-duplicate');
    expect(problems).toEqual([]);
  });

  it('lists every rejected row of an upload with its reason', async () => {
    const { page, problems } = await signIn(ACCOUNTS.bank);
    await page.goto('/upload');
    await page.fill('#period', '2026-10');
    await page.selectOption('#district', '万州区');
    await page.selectOption('#program', 'dibao');
    await page.setInputFiles('#file', join(ROWS, 'bank-rows-with-every-kind-of-bad-value.csv'));
    await page.click('#submit-upload');
    await page.waitForURL(/\/uploads\/\d+$/);
    const rejected = Number(await page.locator('#r-rejected').textContent());
    expect(rejected).toBeGreaterThan(3);
    const rows = page.locator('#rejections tbody tr');
    expect(await rows.count()).toBe(rejected);
    expect(await rows.first().locator('td').first().textContent()).toBe('2');
    expect(await rows.first().textContent()).toContain('12.345');
    for (const reason of await rows.locator('td:nth-child(2)').allTextContents()) expect(reason.trim()).not.toBe('');
    // Cells are shown masked: no whole ID number of the file is on the page.
    expect(await page.content()).not.toContain('500101195003150016');
    await shot(page, 'receipt-rejected-rows');
    await page.click('#discard');
    await page.waitForURL(/\/uploads$/);
    await shot(page, 'uploads');
    expect(problems).toEqual([]);
  });

  it("keeps another bank out of the first bank's uploads and out of every report, by URL guessing too", async () => {
    const { page } = await signIn(ACCOUNTS.otherBank);
    await page.goto('/uploads');
    expect(await page.content()).not.toContain('gbk-bank-file-with-summary-first-line.csv');
    const run = portal.firstRunId;
    const [finding] = await listFindings(portal.db, { runId: run });
    for (const path of [`/uploads/${uploadId}`, '/uploads/999999', '/runs', `/runs/${run}`, `/runs/${run}/report.html`, `/runs/${run}/report.xlsx`, '/findings', `/findings/${finding!.fingerprint}?run=${run}`, '/operator']) {
      const response = await page.goto(path);
      expect(response!.status(), path).toBe(403);
      expect(await page.locator('h1').textContent(), path).toBe('无权访问');
    }
    await shot(page, 'forbidden');
    const csrf = await csrfOf(page);
    const confirm = await page.request.post(`/uploads/${uploadId}/confirm`, { form: { _csrf: csrf }, maxRedirects: 0 });
    expect(confirm.status()).toBe(403);
  });

  it('refuses a form posted without its CSRF token (or with a wrong one)', async () => {
    const { page } = await signIn(ACCOUNTS.supervisor);
    const [finding] = await listFindings(portal.db, { runId: portal.firstRunId });
    const before = await portal.db.kysely.selectFrom('reviews').select('id').execute();
    // The review form in the browser, its token taken out.
    await page.goto(`/findings/${finding!.fingerprint}?run=${portal.firstRunId}`);
    await page.locator('#review-form input[name="_csrf"]').evaluate((el) => el.remove());
    await page.check('input[name="mark"][value="confirmed"]');
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('#submit-review')]);
    expect(response.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('表单已失效');
    await shot(page, 'csrf-refused');
    const forms: Record<string, string>[] = [{ mark: 'confirmed', note: 'x' }, { mark: 'confirmed', _csrf: 'forged-token' }];
    for (const form of forms) {
      const r = await page.request.post(`/findings/${finding!.fingerprint}/review`, { form, maxRedirects: 0 });
      expect(r.status()).toBe(403);
      expect(await r.text()).toContain('表单已失效');
    }
    expect(await portal.db.kysely.selectFrom('reviews').select('id').execute()).toHaveLength(before.length);
    // The upload form (multipart) and the sign-in form too.
    const { page: bank } = await signIn(ACCOUNTS.bank);
    const up = await bank.request.post('/upload', { multipart: { period: '2026-11', file: { name: 'a.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') } }, maxRedirects: 0 });
    expect(up.status()).toBe(403);
    const login = await page.request.post('/login', { form: { name: ACCOUNTS.operator.name, password: PASSWORD }, maxRedirects: 0 });
    expect(login.status()).toBe(403);
    expect((await page.request.post('/logout', { form: {}, maxRedirects: 0 })).status()).toBe(403);
  });

  it('refuses a hostile file name and an oversized file, saying why', async () => {
    const { page, problems } = await signIn(ACCOUNTS.bank);
    const staged = () => (existsSync(portal.config.portal.staging) ? readdirSync(portal.config.portal.staging) : []);
    const inboxBefore = readdirSync(portal.config.inbox).sort();
    const stagedBefore = staged();

    await page.goto('/upload');
    await page.setInputFiles('#file', { name: '<img src=x onerror=alert(1)>.csv', mimeType: 'text/csv', buffer: Buffer.from('x') });
    await page.click('#submit-upload');
    const hostile = await page.locator('.msg.error').textContent();
    expect(hostile).toContain('不允许的字符');
    expect(hostile).toContain('<img src=x onerror=alert(1)>.csv');
    expect(await page.locator('main img').count()).toBe(0);
    await shot(page, 'upload-hostile-name');

    // A client that sends a path (browsers strip it; a crafted request need not).
    const csrf = await csrfOf(page);
    for (const name of ['../../etc/cron.d/evil.csv', '..\\..\\Windows\\evil.csv', 'evil\u202Evsc.exe', '.hidden.csv', 'payload.exe']) {
      const r = await page.request.post('/upload', { multipart: { _csrf: csrf, file: { name, mimeType: 'text/csv', buffer: Buffer.from('a,b\n') } }, maxRedirects: 0 });
      expect(r.status(), name).toBe(400);
      expect(await r.text(), name).toMatch(/已拒收|只接受/);
    }

    await page.goto('/upload');
    await page.setInputFiles('#file', { name: 'big-bank-file.csv', mimeType: 'text/csv', buffer: Buffer.alloc(1536 * 1024, 'a,b,c\n') });
    await page.click('#submit-upload');
    expect(await page.locator('.msg.error').textContent()).toContain('超过大小上限（1 MB），已拒收');
    await shot(page, 'upload-too-large');

    expect(readdirSync(portal.config.inbox).sort()).toEqual(inboxBefore);
    expect(staged()).toEqual(stagedBefore);
    expect(problems).toEqual([]);
  });

  it('lets a supervisor read a report, review a finding, and shows the mark in the next run', async () => {
    const { page, problems } = await signIn(ACCOUNTS.supervisor);
    const run = portal.firstRunId;
    await page.click(`#runs tr[data-run="${run}"] a:text("查看")`);
    await page.waitForURL(new RegExp(`/runs/${run}$`));
    const frame = page.frameLocator('#report-frame');
    await expect.poll(() => frame.locator('h1').textContent()).toBe('社会救助资金异常预警报告');
    await shot(page, 'report');

    const download = page.waitForEvent('download');
    await page.click('#download-xlsx');
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^异常预警报告-\d{4}-\d{2}-\d{2}-\d+\.xlsx$/);
    expect(readFileSync((await file.path())!).subarray(0, 2).toString()).toBe('PK');

    await page.goto(`/findings?run=${run}`);
    await page.selectOption('#f-district', '渝中区');
    await page.click('#apply-filters');
    const rows = page.locator('#findings tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    for (const d of await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-district')))) expect(d).toBe('渝中区');
    await shot(page, 'findings');

    // 周玉兰 paid under 生活补贴: the evidence is her bank row, its ID and account masked for a supervisor.
    const target = (await listFindings(portal.db, { runId: run })).find((f) => f.district === '渝中区' && f.idNumber === YUZHONG_PAID_UNDER_BAD_LABEL)!;
    await page.goto(`/findings/${target.fingerprint}?run=${run}`);
    expect(await page.locator('.evidence-row td[data-field="label"]').first().textContent()).toBe('生活补贴');
    expect(await page.locator('.evidence-row td[data-field="idNumber"]').first().textContent()).toBe('500103********0201');
    expect(await page.locator('.evidence-row td[data-field="accountNo"]').first().textContent()).toBe('****0002');
    const content = await page.content();
    for (const f of await listFindings(portal.db, { runId: run })) if (f.idNumber) expect(content).not.toContain(f.idNumber);
    await shot(page, 'finding-evidence');
    await page.check('input[name="mark"][value="false-positive"]');
    await page.fill('#note', '经核实为银行重复记录，已退回');
    await page.click('#submit-review');
    await page.waitForURL(/marked=1/);
    expect(await page.locator('#current-review').textContent()).toContain('误报 · jw-chen');
    await shot(page, 'finding-reviewed');

    // The operator runs the job now; the next report carries the mark. (Operators see whole numbers: config portal.unmaskRoles.)
    const { page: op } = await signIn(ACCOUNTS.operator);
    await op.goto(`/findings/${target.fingerprint}?run=${run}`);
    expect(await op.locator('.evidence-row td[data-field="idNumber"]').first().textContent()).toBe(YUZHONG_PAID_UNDER_BAD_LABEL);
    await op.goto('/operator');
    await op.click('#run-now');
    await op.waitForURL(/started=1/);
    await portal.runner.settled();
    await op.goto('/operator');
    expect(await op.locator('#runner-state').textContent()).toBe('已完成');
    const next = portal.runner.state.runId!;
    expect(next).toBeGreaterThan(run);
    expect(await op.locator(`#runs tr[data-run="${next}"]`).textContent()).toContain('完成');
    await shot(op, 'operator-after-run');

    await page.goto(`/runs/${next}`);
    await expect.poll(() => page.frameLocator('#report-frame').locator('#findings').textContent()).toContain('经核实为银行重复记录，已退回');
    const html = await (await page.request.get(`/runs/${next}/report.html`)).text();
    expect(html).toContain('误报 · jw-chen：经核实为银行重复记录，已退回');
    await shot(page, 'report-next-run');
    expect(problems).toEqual([]);
  });

  it('shows a district-limited supervisor only its districts, and no whole report', async () => {
    const { page } = await signIn(ACCOUNTS.yuzhongSupervisor);
    await page.goto('/findings');
    const districts = await page.locator('#findings tbody tr').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-district')));
    expect(districts.length).toBeGreaterThan(0);
    expect(new Set(districts)).toEqual(new Set(['渝中区']));
    await shot(page, 'findings-yuzhong-only');
    const wanzhou = (await listFindings(portal.db, {})).find((f) => f.district === '万州区')!;
    expect((await page.goto(`/findings/${wanzhou.fingerprint}?run=${wanzhou.runId}`))!.status()).toBe(403);
    expect((await page.goto(`/runs/${wanzhou.runId}`))!.status()).toBe(403);
    expect((await page.goto(`/runs/${wanzhou.runId}/report.xlsx`))!.status()).toBe(403);
  });

  it('shows a finding\'s approval and payment side by side, the differing fields marked, codes in words, the review form first', async () => {
    // 江北区: 刘家富 is approved for 特困供养; the bank paid his account, whose holder it names 高禄友.
    const id = (first17: string) => first17 + idCheckChar(first17);
    const liu = id('50010519580303001');
    writeFileSync(
      join(portal.config.inbox, 'roster-jiangbei-2026-11.csv'),
      ['发放月份,区县,乡镇(街道),村(社区),姓名,身份证号码,救助类别,保障人数,核定金额,银行账号,账户名', `2026-11,江北区,观音桥街道,建新东路社区,刘家富,${liu},特困供养,1,"1,120.00",6217000055550001,刘家富`].join('\n') + '\n',
    );
    writeFileSync(
      join(portal.config.inbox, 'zz-bank-jiangbei-2026-11.csv'),
      ['发放月份,区县,救助类别,户名,身份证号码,银行账号,金额,手续费,用途,交易日期,状态,流水号', `2026-11,江北区,特困,高禄友,${liu},6217000055550001,1120.00,0.00,特困供养金,2026-11-25,成功,JB20261125000017`].join('\n') + '\n',
    );
    expect(portal.runner.start('test')).toBe(true);
    await portal.runner.settled();
    const run = portal.runner.state.runId!;
    const finding = (await listFindings(portal.db, { runId: run })).find((f) => f.rule === 'account-holder-mismatch' && f.district === '江北区')!;
    expect(finding).toBeDefined();

    const { page, problems } = await signIn(ACCOUNTS.supervisor);
    await page.goto(`/findings/${finding.fingerprint}?run=${run}`);
    const table = page.locator('#side-by-side');
    await expect.poll(() => table.isVisible()).toBe(true);
    const nameRow = table.locator('tbody tr').filter({ hasText: '姓名 / 户名' });
    expect(await nameRow.getAttribute('class')).toBe('differs');
    expect(await nameRow.locator('td.approval').textContent()).toBe('刘家富');
    expect(await nameRow.locator('td.payment').textContent()).toBe('高禄友');
    expect(await nameRow.locator('.badge.differs').textContent()).toBe('不一致');
    // The rest agree and are not marked; the ID is masked for a supervisor, on both sides.
    const idRow = table.locator('tbody tr').filter({ hasText: '身份证号码' });
    expect(await idRow.getAttribute('class')).toBeNull();
    expect(await idRow.locator('td.approval').textContent()).toBe(`${liu.slice(0, 6)}********${liu.slice(-4)}`);
    expect(await idRow.locator('td.payment').textContent()).toBe(`${liu.slice(0, 6)}********${liu.slice(-4)}`);
    const moneyRow = table.locator('tbody tr').filter({ hasText: '核定 / 实发金额（元）' });
    expect(await moneyRow.getAttribute('class')).toBeNull();
    expect(await table.locator('tbody tr.differs').count()).toBe(1);
    // Codes in words: 特困供养 not tekun, 已发放 not paid; the bank's serial number whole.
    const programRow = table.locator('tbody tr').filter({ hasText: '救助类别' });
    expect(await programRow.locator('td.approval').textContent()).toBe('特困供养');
    expect(await programRow.locator('td.payment').textContent()).toBe('特困供养');
    expect(await table.locator('tbody tr').filter({ hasText: '状态' }).locator('td.payment').textContent()).toBe('已发放');
    expect(await table.locator('tbody tr').filter({ hasText: '流水号' }).locator('td.payment').textContent()).toBe('JB20261125000017');
    const text = (await page.locator('main').textContent())!;
    expect(text).not.toMatch(/\btekun\b|\bpaid\b/);
    expect(text).not.toContain(liu);
    // The review form comes before the rows it is about, without scrolling past them.
    const [formTop, tableTop] = await Promise.all([page.locator('#review-form').boundingBox(), table.boundingBox()]);
    expect(formTop!.y).toBeLessThan(tableTop!.y);
    expect(formTop!.y).toBeLessThan(900);
    await shot(page, 'finding-side-by-side');
    expect(problems).toEqual([]);
  });

  it('writes every sign-in, upload, download and review mark to the audit log', async () => {
    const rows = await portal.db.kysely.selectFrom('auditLog').selectAll().execute();
    const actions = new Set(rows.map((r) => `${r.action}:${r.outcome}`));
    for (const a of ['login:ok', 'login-failed:refused', 'upload:ok', 'upload:refused', 'upload-confirm:ok', 'download:ok', 'review:ok', 'forbidden:refused', 'csrf-refused:refused', 'run-now:ok']) {
      expect(actions, a).toContain(a);
    }
    const review = rows.find((r) => r.action === 'review')!;
    expect(review.userName).toBe(ACCOUNTS.supervisor.name);
    expect(review.ip).toBe('127.0.0.1');
    const { page } = await signIn(ACCOUNTS.operator);
    await page.goto('/operator');
    expect(await page.locator('#audit tbody tr').count()).toBeGreaterThan(10);
  });
});
