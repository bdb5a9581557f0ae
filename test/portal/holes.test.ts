/**
 * The holes of issue 10, each tried as the attacker tried it: over HTTP against the real server on
 * 127.0.0.1 (fetch, no browser), each failing on the code before the fix.
 */
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { writeFacts } from '../../src/pipeline/index.ts';
import { buildPortal } from '../../src/portal/index.ts';
import { expireStaged } from '../../src/portal/uploads.ts';
import { Client, multipartBody, MULTIPART } from './client.ts';
import { ACCOUNTS, PASSWORD, startPortal, type Portal } from './helpers.ts';

let p: Portal;
beforeAll(async () => {
  p = await startPortal();
}, 60_000);
afterAll(async () => {
  await p?.close();
});

const bankFile = (serial: string) =>
  Buffer.from(
    ['发放月份,区县,救助类别,户名,身份证号码,银行账号,金额,手续费,用途,交易日期,状态,流水号', `2026-11,万州区,低保,陈光荣,500101194803150014,6217000011110001,640.00,0.00,低保金,2026-11-25,成功,${serial}`].join('\n') + '\n',
  );

async function stagedUpload(c: Client, serial: string): Promise<number> {
  const csrf = await c.tokenOf('/upload');
  const res = await c.request('/upload', { method: 'POST', headers: { 'content-type': MULTIPART }, body: multipartBody({ _csrf: csrf }, { name: `wanzhou-${serial}.csv`, body: bankFile(serial) }) });
  expect(res.status).toBe(303);
  return Number(/\/uploads\/(\d+)/.exec(res.headers.get('location')!)![1]);
}

async function auditCount(action: string): Promise<number> {
  return (await p.db.kysely.selectFrom('auditLog').select('id').where('action', '=', action).execute()).length;
}

describe('hole 2: every state-changing post checks the CSRF token, whatever its content type', () => {
  it('refuses "run now" posted as multipart without a token (curl -F x=1), and starts nothing', async () => {
    const op = new Client(p.url);
    expect((await op.signIn(ACCOUNTS.operator.name)).status).toBe(303);
    const res = await op.request('/operator/run', { method: 'POST', headers: { 'content-type': MULTIPART }, body: multipartBody({ x: '1' }) });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('安全令牌');
    expect(p.runner.state.state).not.toBe('running');
    expect(await auditCount('run-now')).toBe(0);
  });

  it('refuses confirm, discard and sign-out posted as multipart without a token', async () => {
    const bank = new Client(p.url);
    expect((await bank.signIn(ACCOUNTS.bank.name)).status).toBe(303);
    const id = await stagedUpload(bank, 'CSRF1');
    for (const path of [`/uploads/${id}/confirm`, `/uploads/${id}/discard`, '/logout']) {
      const res = await bank.request(path, { method: 'POST', headers: { 'content-type': MULTIPART }, body: multipartBody({ x: '1' }) });
      expect(res.status, path).toBe(403);
    }
    const upload = await p.db.kysely.selectFrom('uploads').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(upload.status).toBe('staged');
    // Still signed in: the multipart sign-out did nothing.
    expect((await bank.request('/uploads')).status).toBe(200);
  });

  it('refuses a post whose browser says it came from another site, even with the right token', async () => {
    const op = new Client(p.url);
    await op.signIn(ACCOUNTS.operator.name);
    const csrf = await op.tokenOf('/operator');
    const cross = await op.postForm('/operator/run', { _csrf: csrf }, { 'sec-fetch-site': 'cross-site' });
    expect(cross.status).toBe(403);
    const foreign = await op.postForm('/operator/run', { _csrf: csrf }, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    // A browser's own word outranks the Origin: our no-referrer pages make it send "null" for our forms.
    const crossNull = await op.postForm('/operator/run', { _csrf: csrf }, { origin: 'null', 'sec-fetch-site': 'same-site' });
    expect(crossNull.status).toBe(403);
    expect(await auditCount('run-now')).toBe(0);
    const refused = await p.db.kysely.selectFrom('auditLog').select('detailJson').where('action', '=', 'csrf-refused').execute();
    expect(refused.map((r) => JSON.parse(r.detailJson ?? '{}').why)).toEqual(expect.arrayContaining(['multipart', 'sec-fetch-site cross-site', 'origin']));
    // The portal's own form, as a browser sends it: goes through.
    const own = await op.postForm('/operator/run', { _csrf: csrf }, { 'sec-fetch-site': 'same-origin', origin: 'null' });
    expect(own.status).toBe(303);
    expect(own.headers.get('location')).toBe('/operator?started=1');
    await p.runner.settled();
  });
});

describe('hole 5: a malformed multipart body gets 400 and leaves nothing in staging', () => {
  it('answers 400 with a message for garbage, a missing boundary and a body cut mid-file; no file stays', async () => {
    const bank = new Client(p.url);
    await bank.signIn(ACCOUNTS.bank.name);
    const csrf = await bank.tokenOf('/upload');
    const before = existsSync(p.config.portal.staging) ? readdirSync(p.config.portal.staging) : [];
    const bodies: [string, string, Buffer][] = [
      ['garbage', MULTIPART, Buffer.from('this is not a multipart body at all\r\n\r\n\u0000\u0001')],
      ['no boundary', 'multipart/form-data', multipartBody({ _csrf: csrf }, { name: 'a.csv', body: bankFile('MP1') })],
      ['cut mid-file', MULTIPART, multipartBody({ _csrf: csrf }, { name: 'cut.csv', body: Buffer.concat([bankFile('MP2'), Buffer.alloc(200_000, 0x41)]) }, { cutAfterFile: true })],
    ];
    for (const [what, type, body] of bodies) {
      const res = await bank.request('/upload', { method: 'POST', headers: { 'content-type': type }, body });
      expect(res.status, what).toBe(400);
      expect(await res.text(), what).toContain('上传的内容不完整或格式不对');
    }
    const after = existsSync(p.config.portal.staging) ? readdirSync(p.config.portal.staging) : [];
    expect(after.sort()).toEqual(before.sort());
    const refused = await p.db.kysely.selectFrom('auditLog').select('detailJson').where('action', '=', 'upload').where('outcome', '=', 'refused').execute();
    expect(refused.filter((r) => JSON.parse(r.detailJson ?? '{}').code === 'malformed')).toHaveLength(3);
  });

  it('cleanup removes a staging file that no upload names, once it is an hour old', async () => {
    mkdirSync(p.config.portal.staging, { recursive: true });
    const orphan = join(p.config.portal.staging, '0123456789abcdef-left-by-a-crash.csv');
    const fresh = join(p.config.portal.staging, 'fedcba9876543210-arriving-now.csv');
    writeFileSync(orphan, 'a,b\n');
    writeFileSync(fresh, 'a,b\n');
    const twoHoursAgo = (Date.now() - 2 * 3_600_000) / 1000;
    utimesSync(orphan, twoHoursAgo, twoHoursAgo);
    expect(await expireStaged(p.db, p.config)).toBeGreaterThanOrEqual(1);
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
  });
});

describe('a bank reads its own batch and serial numbers whole', () => {
  it('masks only the ID and account cells of a rejected row on its receipt', async () => {
    const bank = new Client(p.url);
    await bank.signIn(ACCOUNTS.bank.name);
    const csrf = await bank.tokenOf('/upload');
    const file = Buffer.from(
      [
        '发放月份,区县,救助类别,批次号,户名,身份证号码,银行账号,金额,手续费,用途,交易日期,状态,流水号',
        '2026-11,万州区,低保,DF500101202611999,张明华,500101195003150016,6228480012345678901,77O.00,0.00,低保金,2026-11-25,成功,202611250000000123',
      ].join('\n') + '\n',
    );
    const res = await bank.request('/upload', { method: 'POST', headers: { 'content-type': MULTIPART }, body: multipartBody({ _csrf: csrf }, { name: 'serials.csv', body: file }) });
    const page = await (await bank.request(res.headers.get('location')!)).text();
    const rejections = /<table id="rejections">[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
    expect(rejections).toContain('DF500101202611999');
    expect(rejections).toContain('202611250000000123');
    expect(rejections).not.toContain('500101195003150016');
    expect(rejections).toContain('500101********0016');
    expect(rejections).not.toContain('6228480012345678901');
    expect(rejections).toContain('****8901');
  });
});

describe('hole 1: a bank cannot replace (or refuse to let go of) another bank\'s batch', () => {
  const BATCH = 'DF500101202611888';
  const HEADER = '发放月份,区县,救助类别,批次号,户名,身份证号码,银行账号,金额,手续费,用途,交易日期,状态,流水号';
  const rcbBatch = Buffer.from(
    [
      HEADER,
      `2026-11,万州区,低保,${BATCH},张明华,500101195003150016,6228480012345678901,770.00,0.00,低保金,2026-11-25,成功,RCB0001`,
      `2026-11,万州区,低保,${BATCH},李秀英,500101194805200025,6228480012345678902,630.00,0.00,低保金,2026-11-25,成功,RCB0002`,
    ].join('\n') + '\n',
  );
  // 建行's one-row file under 农商行's batch number: as accepted, it replaced the whole batch.
  const ccbOneRow = Buffer.from([HEADER, `2026-11,万州区,低保,${BATCH},高禄友,500101196001010017,6227000099990001,100.00,0.00,低保金,2026-11-26,成功,CCB0001`].join('\n') + '\n');

  async function uploadAs(c: Client, name: string, body: Buffer): Promise<{ id: number; page: string }> {
    const csrf = await c.tokenOf('/upload');
    const res = await c.request('/upload', { method: 'POST', headers: { 'content-type': MULTIPART }, body: multipartBody({ _csrf: csrf }, { name, body }) });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    return { id: Number(/\/uploads\/(\d+)/.exec(location)![1]), page: await (await c.request(location)).text() };
  }

  async function runNow(op: Client): Promise<void> {
    const res = await op.postForm('/operator/run', { _csrf: await op.tokenOf('/operator') });
    expect(res.headers.get('location')).toBe('/operator?started=1');
    await p.runner.settled();
  }

  it('records the uploading bank with its batch, and refuses another bank\'s upload under the same batch number', async () => {
    const rcb = new Client(p.url);
    await rcb.signIn(ACCOUNTS.bank.name);
    const a = await uploadAs(rcb, '万州区低保代发回盘.csv', rcbBatch);
    expect(a.page).toContain(ACCOUNTS.bank.bank);
    const confirm = await rcb.postForm(`/uploads/${a.id}/confirm`, { _csrf: await rcb.tokenOf(`/uploads/${a.id}`) });
    expect(confirm.status).toBe(303);
    const op = new Client(p.url);
    await op.signIn(ACCOUNTS.operator.name);
    await runNow(op);
    const stored = await p.db.kysely.selectFrom('sourceFiles').select(['id', 'bank', 'batchKey', 'supersededBy']).where('batchKey', '=', `batch:${BATCH}`).execute();
    expect(stored).toEqual([{ id: expect.any(Number), bank: ACCOUNTS.bank.bank, batchKey: `batch:${BATCH}`, supersededBy: null }]);

    const ccb = new Client(p.url);
    await ccb.signIn(ACCOUNTS.otherBank.name);
    const b = await uploadAs(ccb, '建行代发回盘.csv', ccbOneRow);
    expect(b.page).toContain(`批次号 ${BATCH} 已属于另一家银行的代发批次`);
    expect(b.page).not.toContain(ACCOUNTS.bank.bank); // 建行 is not told whose batch it is
    expect(b.page).not.toContain('id="confirm"');
    const row = await p.db.kysely.selectFrom('uploads').select(['status', 'bank']).where('id', '=', b.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'refused', bank: ACCOUNTS.otherBank.bank });
    const audited = await p.db.kysely.selectFrom('auditLog').select(['userName', 'outcome', 'detailJson']).where('action', '=', 'batch-conflict').execute();
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ userName: ACCOUNTS.otherBank.name, outcome: 'refused' });
    expect(JSON.parse(audited[0]!.detailJson!)).toEqual({ code: 'batch-of-other-bank', batch: BATCH, bank: ACCOUNTS.otherBank.bank, owner: ACCOUNTS.bank.bank });
    // The operators see who tried to use whose batch.
    const opPage = await (await op.request('/operator')).text();
    const table = /<table id="batch-conflicts">[\s\S]*?<\/table>/.exec(opPage)?.[0] ?? '';
    expect(table).toContain(BATCH);
    expect(table).toContain(ACCOUNTS.otherBank.bank);
    expect(table).toContain(ACCOUNTS.bank.bank);
    expect(table).toContain('建行代发回盘.csv');
  });

  it('refuses in the night\'s ingest too (all or nothing), leaving the owner\'s batch in force', async () => {
    // As if 建行's upload had been confirmed before 农商行's batch was stored.
    await writeFacts(join(p.config.inbox, 'ccb-same-batch.csv'), { kind: 'bank', bank: ACCOUNTS.otherBank.bank });
    writeFileSync(join(p.config.inbox, 'ccb-same-batch.csv'), ccbOneRow);
    const op = new Client(p.url);
    await op.signIn(ACCOUNTS.operator.name);
    await runNow(op);
    const refused = await p.db.kysely.selectFrom('refusedFiles').selectAll().where('fileName', '=', 'ccb-same-batch.csv').executeTakeFirstOrThrow();
    expect(refused.code).toBe('batch-of-other-bank');
    expect(refused.messageZh).toContain(`批次号 ${BATCH} 已属于${ACCOUNTS.bank.bank}的代发批次（本文件的银行：${ACCOUNTS.otherBank.bank}）`);
    const files = await p.db.kysely.selectFrom('sourceFiles').select(['fileName', 'supersededBy']).where('batchKey', '=', `batch:${BATCH}`).execute();
    expect(files).toEqual([{ fileName: '万州区低保代发回盘.csv', supersededBy: null }]);
    expect(await p.db.kysely.selectFrom('payments').select('id').where('serialNo', '=', 'CCB0001').execute()).toEqual([]);
    const opPage = await (await op.request('/operator')).text();
    expect(/<table id="batch-conflicts">[\s\S]*?<\/table>/.exec(opPage)?.[0]).toContain('ccb-same-batch.csv');
  });

  it('on the command line, --bank names the owner: the receipt shows it; the same bank supersedes, no bank is refused', async () => {
    const resend = join(p.dir, 'rcb-resend.csv');
    writeFileSync(resend, Buffer.concat([rcbBatch, Buffer.from(`2026-11,万州区,低保,${BATCH},王德贵,500101195511110012,6228480012345678903,580.00,0.00,低保金,2026-11-25,成功,RCB0003\n`)]));
    const cfg = join(p.dir, 'relief-recon.yaml');
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l), isTty: false };
    expect(await main(['ingest', '-c', cfg, '--bank', ACCOUNTS.bank.bank, resend], io)).toBe(0);
    expect(out.join('\n')).toContain(`所属银行：${ACCOUNTS.bank.bank}　批次号：${BATCH}`);
    expect(out.join('\n')).toContain('替代了同一批次的旧文件 万州区低保代发回盘.csv');
    out.length = 0;
    const anonymous = join(p.dir, 'no-bank.csv');
    writeFileSync(anonymous, ccbOneRow.toString().replace('CCB0001', 'ANON001'));
    expect(await main(['ingest', '-c', cfg, anonymous], io)).toBe(2);
    expect(out.join('\n')).toContain(`批次号 ${BATCH} 已属于${ACCOUNTS.bank.bank}的代发批次（本文件未指明银行）`);
    expect(out.join('\n')).toContain('--bank');
  });
});

describe('hole 4: a small XLSX cannot burn the CPU', () => {
  /** A real workbook whose sheet carries `padMb` MB of spaces: some 1000:1, like the 46 KB upload that inflated to 48 MB. */
  async function paddedWorkbook(padMb: number): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('代发明细').addRow(['发放月份', '区县', '救助类别', '户名', '身份证号码', '银行账号', '金额', '状态']);
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    const name = Object.keys(zip.files).find((n) => /worksheets\/sheet1\.xml$/.test(n))!;
    const xml = await zip.file(name)!.async('string');
    zip.file(name, xml.replace('<sheetData>', `<sheetData>${' '.repeat(padMb * 1024 * 1024)}`));
    return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
  }

  it('refuses a workbook that inflates 1000:1 from its ZIP directory, before parsing, with a reason', async () => {
    const bomb = await paddedWorkbook(24);
    expect(bomb.length).toBeLessThan(100_000);
    const bank = new Client(p.url);
    await bank.signIn(ACCOUNTS.bank.name);
    const csrf = await bank.tokenOf('/upload');
    const res = await bank.request('/upload', { method: 'POST', headers: { 'content-type': MULTIPART }, body: multipartBody({ _csrf: csrf }, { name: '万州区回盘.xlsx', body: bomb }) });
    expect(res.status).toBe(303);
    const page = await (await bank.request(res.headers.get('location')!)).text();
    expect(page).toContain('压缩比异常');
    expect(page).toContain('另存为 .xlsx');
    const row = await p.db.kysely.selectFrom('uploads').select(['status', 'receiptJson']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row.status).toBe('refused');
    expect(JSON.parse(row.receiptJson).refusal.code).toBe('xlsx-compression-ratio');
  }, 60_000);

  it('parses an upload under a time budget and refuses it clearly when the budget runs out', async () => {
    // A budget of 0: no parse can finish in it, so the refusal path is taken every time.
    const config = { ...p.config, portal: { ...p.config.portal, parseSeconds: 0 } };
    const strict = await buildPortal({ config, db: p.db, secret: 'test-secret-'.repeat(4) });
    const url = await strict.app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const bank = new Client(url);
      await bank.signIn(ACCOUNTS.bank.name);
      const csrf = await bank.tokenOf('/upload');
      const res = await bank.request('/upload', { method: 'POST', headers: { 'content-type': MULTIPART }, body: multipartBody({ _csrf: csrf }, { name: 'slow.csv', body: bankFile('SLOW1') }) });
      const page = await (await bank.request(res.headers.get('location')!)).text();
      expect(page).toContain('秒内未能读完，已停止处理并拒收');
    } finally {
      await strict.app.close();
    }
  });
});

// Last: it leaves 127.0.0.1 at its limit of failed sign-ins.
describe('hole 3: the sign-in limit cannot be raced, and survives a restart', () => {
  it('lets at most 5 of 15 concurrent wrong passwords be checked; the rest are refused with 429', async () => {
    const clients = await Promise.all(
      Array.from({ length: 15 }, async () => {
        const c = new Client(p.url);
        return { c, csrf: await c.tokenOf('/login') };
      }),
    );
    const results = await Promise.all(clients.map(({ c, csrf }) => c.postForm('/login', { _csrf: csrf, name: ACCOUNTS.supervisor.name, password: 'wrong-password' })));
    const codes = results.map((r) => r.status);
    expect(codes.filter((s) => s === 401).length).toBeLessThanOrEqual(p.config.portal.loginAttempts);
    expect(codes.filter((s) => s === 429).length).toBeGreaterThanOrEqual(15 - p.config.portal.loginAttempts);
    expect(codes.every((s) => s === 401 || s === 429)).toBe(true);
  });

  it('still holds the account back on a restarted server, even with the right password', async () => {
    const restarted = await buildPortal({ config: p.config, db: p.db, secret: 'test-secret-'.repeat(4) });
    const url = await restarted.app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const res = await new Client(url).signIn(ACCOUNTS.supervisor.name, PASSWORD);
      expect(res.status).toBe(429);
      expect(await res.text()).toContain('登录失败次数过多');
    } finally {
      await restarted.app.close();
    }
  });
});
