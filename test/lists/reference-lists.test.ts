/**
 * Cross-check lists declared in the config (referenceLists): a GBK 财政供养人员 list and a roster go
 * through the real command line (ingest --list, check, report, lists --docs); the list is received
 * with a receipt, ignored when sent twice, superseded by the newer list; each match — recipient or
 * proxy — is a finding with the matching list row as evidence, masked in the human report, titled and
 * clause-cited like a built-in rule; namesakes and rows without ID never match. staff keeps working.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { parseConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/index.ts';
import { listFindings } from '../../src/findings/index.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { buildReportModel } from '../../src/report/index.ts';
import { listRuleDoc } from '../../src/rules/index.ts';
import { evidenceOf } from '../../src/portal/evidence.ts';
import { id } from '../report/fixture-run.ts';
import { tempDir } from '../ingest/helpers.ts';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), isTty: false }, out, err };
}

const CHEN = id('500101198001010', 1); // recipient, on the list
const ZHOU = id('500101197505050', 2); // recipient, a namesake of hers is on the list
const WU = id('500101196512120', 3); // recipient collected for by a proxy
const PROXY = id('500101199002020', 4); // the proxy, on the list
const NAMESAKE = id('500101198811110', 5);

const CONFIG = `database: relief-recon.db
reports: reports
archive: archive
referenceLists:
  public-employees:
    name: 财政供养人员
    files: ["财政供养人员*"]
    idColumns: [公民身份号码, 身份证号码]
    nameColumns: [姓名]
    severity: high
    title: 救助对象或代领人为财政供养人员
    titleEn: Recipient or proxy is on the public payroll
    clause: 渝民发〔2020〕5号 四（二）
`;

function write(dir: string, name: string, lines: string[], gbk = false): string {
  const path = join(dir, name);
  const text = lines.join('\r\n') + '\r\n';
  writeFileSync(path, gbk ? iconv.encode(text, 'gbk') : text);
  return path;
}

describe('cross-check lists declared in the config', () => {
  it('ingests a list like the other kinds and finds recipients and proxies on it, with the list row as evidence', async () => {
    const dir = tempDir('lists-');
    const config = join(dir, 'relief-recon.yaml');
    writeFileSync(config, CONFIG);
    const roster = write(dir, 'roster-wanzhou-dibao-2026-11.csv', [
      '发放月份,区县,乡镇(街道),村(社区),姓名,身份证号码,救助类别,保障人数,核定金额,银行账号,账户名,代领人,代领人身份证号码,代领协议编号',
      `2026-11,万州区,龙都街道,龙都社区,陈国强,${CHEN},低保,1,770.00,6228480012340001,陈国强,,,`,
      `2026-11,万州区,龙都街道,龙都社区,周玉兰,${ZHOU},低保,1,770.00,6228480012340002,周玉兰,,,`,
      `2026-11,万州区,龙都街道,龙都社区,吴德明,${WU},特困,1,"1,001.00",6228480012340003,吴德明,刘红,${PROXY},WZDL-001`,
    ]);
    const list = write(dir, '财政供养人员名单-2026-10.csv', [
      '万州区财政供养人员名单（2026年10月）',
      '序号,姓名,公民身份号码,工作单位,职务',
      `1,陈国强,${CHEN},万州区某局,科员`,
      `2,刘红,${PROXY},龙都街道办事处,工作人员`,
      `3,周玉兰,${NAMESAKE},万州区某校,教师`,
      '4,赵六,,万州区某局,科员',
    ], true);

    const a = io();
    expect(await main(['ingest', '-c', config, roster], a.io)).toBe(0);
    // Declared but not yet sent: the check says the list could not be matched, never that all is clean.
    const none = io();
    expect(await main(['check', '-c', config], none.io)).toBe(0);
    expect(none.out.join('\n')).toContain('尚未导入「财政供养人员」名单（ingest --list public-employees），无法比对');
    const b = io();
    expect(await main(['ingest', '-c', config, '--list', 'public-employees', list], b.io)).toBe(0);
    expect(b.out[0]).toContain('【已入库】财政供养人员名单-2026-10.csv');
    expect(b.out[0]).toContain('类型：比对名单「财政供养人员」（public-employees）');
    expect(b.out[0]).toMatch(/第 6 行.*缺少公民身份号码：比对名单只按身份证号比对，不按姓名猜/s);
    const again = io();
    expect(await main(['ingest', '-c', config, '--list', 'public-employees', list], again.io)).toBe(0);
    expect(again.out[0]).toContain('【重复文件，已跳过】');
    const unknown = io();
    expect(await main(['ingest', '-c', config, '--list', 'vehicles', list], unknown.io)).toBe(2);
    expect(unknown.err[0]).toContain('referenceLists 中没有名为「vehicles」的比对名单（已有：public-employees）');

    const c = io();
    expect(await main(['check', '-c', config], c.io)).toBe(0);
    let db = await openDatabase(join(dir, 'relief-recon.db'));
    const files = await db.kysely.selectFrom('sourceFiles').select(['id', 'kind', 'referenceList', 'rowsAccepted', 'rowsRejected']).orderBy('id').execute();
    expect(files.map((f) => [f.kind, f.referenceList, f.rowsAccepted, f.rowsRejected])).toEqual([['roster', null, 3, 0], ['list', 'public-employees', 3, 1]]);
    let found = (await listFindings(db)).filter((f) => f.rule === 'list-public-employees');
    expect(found.map((f) => f.subject).sort((x, y) => String(x.role).localeCompare(String(y.role)))).toEqual([
      { period: '2026-11', idNumber: WU, role: 'proxy' },
      { period: '2026-11', idNumber: CHEN, role: 'recipient' },
    ]);
    const chen = found.find((f) => f.subject.role === 'recipient')!;
    expect(chen).toMatchObject({ severity: 'high', title: '救助对象或代领人为财政供养人员', name: '陈国强', district: '万州区', expectedFen: 77000 });
    expect(chen.message).toBe(`救助对象本人出现在「财政供养人员」中（序号：1，姓名：陈国强，公民身份号码：${CHEN}，工作单位：万州区某局，职务：科员），本月享受低保，核定 770.00 元`);
    expect(chen.evidence).toEqual([
      expect.objectContaining({ file: 'roster-wanzhou-dibao-2026-11.csv', rowNo: 2 }),
      expect.objectContaining({ file: '财政供养人员名单-2026-10.csv', rowNo: 3 }),
    ]);
    expect(chen.data.listRows).toEqual([{ 序号: '1', 姓名: '陈国强', 公民身份号码: CHEN, 工作单位: '万州区某局', 职务: '科员' }]);
    // The portal's evidence view shows the list row by header, masked for a viewer who may not see whole numbers.
    const masked = `${CHEN.slice(0, 6)}********${CHEN.slice(-4)}`;
    const shown = await evidenceOf(db, chen, false);
    expect(shown.find((e) => e.kind === 'list')!.fields).toEqual([
      ['idNumber', masked], ['idValid', '✓'], ['name', '陈国强'], ['cellsJson', `序号：1，姓名：陈国强，公民身份号码：${masked}，工作单位：万州区某局，职务：科员`],
    ]);
    expect(JSON.stringify(shown)).not.toContain(CHEN);
    expect(JSON.stringify(await evidenceOf(db, chen, true))).toContain(`公民身份号码：${CHEN}`);
    const wu = found.find((f) => f.subject.role === 'proxy')!;
    expect(wu.message).toMatch(/^代领人刘红出现在「财政供养人员」中（序号：2，姓名：刘红，.*本月享受特困，核定 1,001.00 元$/);
    expect(wu.data.proxy).toEqual({ name: '刘红', idNumber: PROXY });

    // In the human report like a built-in rule: title, clause, and the list row masked.
    const model = await buildReportModel(db, (await db.kysely.selectFrom('runs').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id, { lang: 'zh', unmask: false });
    expect(model.rules.find((r) => r.rule === 'list-public-employees')).toMatchObject({ title: '救助对象或代领人为财政供养人员', clause: '渝民发〔2020〕5号 四（二）', severity: 'high', state: 'ran', findings: 2 });
    expect(model.counts.byRule.find((r) => r.rule === 'list-public-employees')).toMatchObject({ clause: '渝民发〔2020〕5号 四（二）', total: 2 });
    await db.close();
    const r = io();
    expect(await main(['report', '-c', config], r.io)).toBe(0);
    const html = readFileSync(r.out.find((l) => l.endsWith('.html'))!.trim(), 'utf8');
    expect(html).toContain('救助对象或代领人为财政供养人员');
    expect(html).toContain(`公民身份号码：${CHEN.slice(0, 6)}********${CHEN.slice(-4)}`);
    expect(html).not.toContain(CHEN);

    // The newer list replaces the older: 陈国强 left the payroll, 周玉兰 herself joined it.
    const newer = write(dir, '财政供养人员名单-2026-11.csv', ['姓名,身份证号码,工作单位', `周玉兰,${ZHOU},万州区某校`]);
    const n = io();
    expect(await main(['run', '-c', config], n.io)).toBe(0); // not in the inbox: nothing to take
    expect(await main(['ingest', '-c', config, '--list', 'public-employees', newer], n.io)).toBe(0);
    expect(n.out.join('\n')).toContain('财政供养人员名单-2026-10.csv');
    expect(await main(['check', '-c', config], io().io)).toBe(0);
    db = await openDatabase(join(dir, 'relief-recon.db'));
    found = (await listFindings(db)).filter((f) => f.rule === 'list-public-employees' && f.status !== 'resolved');
    expect(found.map((f) => f.subject)).toEqual([{ period: '2026-11', idNumber: ZHOU, role: 'recipient' }]);
    await db.close();

    // The generated doc page, in the layout of docs/rules.
    const l = io();
    expect(await main(['lists', '-c', config, '--docs', join(dir, 'docs')], l.io)).toBe(0);
    expect(l.out[0]).toBe('list-public-employees  财政供养人员  [high]  救助对象或代领人为财政供养人员');
    expect(l.out[1]).toContain('当前名单：财政供养人员名单-2026-11.csv');
    const doc = readFileSync(join(dir, 'docs', 'list-public-employees.md'), 'utf8');
    expect(doc).toMatch(/^# 救助对象或代领人为财政供养人员 · `list-public-employees`/);
    expect(doc).toContain('- **政策依据**：渝民发〔2020〕5号 四（二）');
    expect(doc).toContain('「公民身份号码」、「身份证号码」');
  });

  it('takes a list from the inbox by its files pattern, and staff and deaths keep working beside it', async () => {
    const dir = tempDir('lists-inbox-');
    const config = join(dir, 'relief-recon.yaml');
    writeFileSync(config, CONFIG.replace('archive: archive', 'archive: archive\ninbox: inbox'));
    const inbox = join(dir, 'inbox');
    (await import('node:fs')).mkdirSync(inbox);
    write(inbox, '1-roster-wanzhou-dibao-2026-11.csv', [
      '发放月份,区县,姓名,身份证号码,救助类别,核定金额,银行账号',
      `2026-11,万州区,陈国强,${CHEN},低保,770.00,6228480012340001`,
    ]);
    write(inbox, '财政供养人员-万州.csv', ['姓名,身份证号码,单位', `陈国强,${CHEN},万州区某局`]);
    write(inbox, '工作人员名单.csv', ['姓名,身份证号码,单位,岗位', `陈国强,${CHEN},龙都街道,社区干部`]);
    write(inbox, '2-bank-wanzhou-dibao-2026-11.csv', [
      '发放月份,区县,救助类别,户名,身份证号码,银行账号,金额,手续费,用途,交易日期,状态,流水号',
      `2026-11,万州区,低保,陈国强,${CHEN},6228480012340001,770.00,0.00,低保金,2026-11-25,成功,WZ1`,
    ]);
    write(inbox, '死亡人员名单.csv', ['姓名,身份证号码,死亡日期', `陈国强,${CHEN},2026-09-03`]);
    const r = io();
    expect(await main(['run', '-c', config], r.io)).toBe(0);
    const db = await openDatabase(join(dir, 'relief-recon.db'));
    const kinds = await db.kysely.selectFrom('sourceFiles').select(['fileName', 'kind', 'referenceList']).orderBy('fileName').execute();
    expect(kinds).toEqual([
      { fileName: '1-roster-wanzhou-dibao-2026-11.csv', kind: 'roster', referenceList: null },
      { fileName: '2-bank-wanzhou-dibao-2026-11.csv', kind: 'bank', referenceList: null },
      { fileName: '工作人员名单.csv', kind: 'staff', referenceList: null },
      { fileName: '死亡人员名单.csv', kind: 'deaths', referenceList: null },
      { fileName: '财政供养人员-万州.csv', kind: 'list', referenceList: 'public-employees' },
    ]);
    const rules = (await listFindings(db)).filter((f) => f.idNumber === CHEN).map((f) => f.rule).sort();
    expect(rules).toEqual(['deceased-recipient', 'list-public-employees', 'staff-recipient']);
    await db.close();
  });

  it('reads a large list in two worker threads alike: every row kept whole by the header the first part found', async () => {
    const dir = tempDir('lists-split-');
    const lines = ['序号,姓名,公民身份号码,工作单位'];
    for (let i = 0; i < 400; i++) lines.push(`${i + 1},人员${i},${id('500101198001010', i % 10).slice(0, 14) + String(1000 + i).slice(1) + 'X'},单位${i}`);
    const path = write(dir, '财政供养人员-大.csv', lines);
    const spec = parseConfig(CONFIG, join(dir, 'c.yaml'), null).referenceLists[0]!;
    const read = async (worker: boolean) => {
      const db = await openDatabase(':memory:');
      const r = await ingestFile(db, { path, list: spec }, { archiveDir: null, worker, splitMinBytes: 1 });
      const rows = await db.kysely.selectFrom('referenceRows').select(['rowNo', 'idNumber', 'name', 'cellsJson']).orderBy('rowNo').execute();
      await db.close();
      return { r, rows };
    };
    const inline = await read(false);
    const split = await read(true);
    expect(inline.r.rowsRead).toBe(400);
    expect(split.rows).toEqual(inline.rows);
    expect(JSON.parse(split.rows[399]!.cellsJson)).toMatchObject({ 序号: '400', 姓名: '人员399', 工作单位: '单位399' });
  });

  it('refuses a bad declaration with the key named', () => {
    const bad = (yaml: string) => () => parseConfig(yaml, 'c.yaml', null);
    expect(bad('referenceLists: { Vehicles: { name: 车辆登记, title: t, clause: c } }')).toThrow(/referenceLists\.Vehicles/);
    expect(bad('referenceLists: { vehicles: { name: 车辆登记, clause: c } }')).toThrow(/referenceLists\.vehicles\.title/);
    expect(bad('referenceLists: { vehicles: { name: 车辆登记, title: t, clause: c, severity: urgent } }')).toThrow(/referenceLists\.vehicles\.severity/);
    expect(bad('referenceLists: { vehicles: { name: 车辆登记, title: t, clause: c, colour: red } }')).toThrow(/referenceLists\.vehicles\.colour/);
    const ok = parseConfig('referenceLists: { vehicles: { name: 车辆登记, title: 救助对象名下有机动车, clause: 审核确认办法 第十条 } }', 'c.yaml', null).referenceLists[0]!;
    expect(ok).toMatchObject({ key: 'vehicles', severity: 'medium', proxies: true, idColumns: ['身份证号码', '身份证号', '公民身份号码', '证件号码', '身份证'], files: [] });
    expect(listRuleDoc(ok)).toContain('- **默认级别**：中 (medium)');
  });
});
