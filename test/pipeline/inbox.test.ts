import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.ts';
import { exitCodeOf } from '../../src/cli/commands/run.ts';
import { main } from '../../src/cli/main.ts';
import { openDatabase } from '../../src/db/index.ts';
import { todayInShanghai } from '../../src/domain/index.ts';
import { logPathFor, memoryLog, runPipeline } from '../../src/pipeline/index.ts';
import { logLine } from '../../src/pipeline/log.ts';
import { addBadFiles, fillInbox, inboxFiles, sampleMonth, setUp, stubWriter } from './helpers.ts';

describe('an inbox with good, bad and duplicate files', () => {
  it('stores the good, archives the duplicate, moves the bad to rejected/ with a note, and records it all', async () => {
    const { config } = setUp();
    const good = await fillInbox(config.inbox);
    addBadFiles(config.inbox);
    // The same bytes as a file already there, under the name a second sender gave it.
    copyFileSync(join(config.inbox, good[0]!), join(config.inbox, 'zz-重复发送的副本.csv'));
    // Work in progress is left alone.
    writeFileSync(join(config.inbox, '~$万州区名册.xlsx'), 'excel lock file');
    writeFileSync(join(config.inbox, '.upload.part'), 'half a file');

    const log = memoryLog();
    const r = await runPipeline(config, { trigger: 'manual', log, writeReports: stubWriter, worker: false });

    expect(r.outcome).toBe('done');
    const by = (s: string) => r.files.filter((f) => f.status === s).map((f) => f.fileName);
    expect(by('ingested')).toEqual(good);
    expect(by('duplicate')).toEqual(['zz-重复发送的副本.csv']);
    expect(by('refused').sort()).toEqual(['万州区低保名册（旧版Excel）.xls', '会议签到表.csv', '空文件.csv'].sort());
    // The header-less bank file took its profile from the inboxProfiles pattern of the config.
    const txt = r.files.find((f) => f.fileName.startsWith('CQRCB_DF_'))!;
    expect(txt).toMatchObject({ status: 'ingested', kind: 'bank', rowsRejected: 0 });
    expect(txt.rowsAccepted).toBeGreaterThan(0);

    // Nothing handled is left in the inbox; nothing is lost.
    expect(inboxFiles(config)).toEqual(['.upload.part', 'rejected', '~$万州区名册.xlsx']);
    const day = join(config.archive, todayInShanghai());
    const archived = readdirSync(day);
    for (const f of r.files.filter((x) => x.status !== 'refused')) {
      expect(f.movedTo!.startsWith(day)).toBe(true);
      expect(archived).toContain(f.movedTo!.slice(day.length + 1));
    }
    const rejected = readdirSync(join(config.inbox, 'rejected')).sort();
    expect(rejected).toEqual(
      ['万州区低保名册（旧版Excel）.xls', '会议签到表.csv', '空文件.csv'].flatMap((n) => [n, `${n}.error.txt`]).sort(),
    );

    // The note says, in Chinese, which file, when, why, and what to do.
    const note = readFileSync(join(config.inbox, 'rejected', '万州区低保名册（旧版Excel）.xls.error.txt'), 'utf8');
    expect(note.startsWith('\uFEFF文件未能导入：万州区低保名册（旧版Excel）.xls')).toBe(true);
    expect(note).toMatch(/时间：\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00/);
    expect(note).toContain('原因：这是旧版 Excel 97-2003 (.xls) 工作簿');
    expect(note).toContain('libreoffice --headless --convert-to xlsx');
    expect(note).toContain(`把改好的文件放回收件箱（${config.inbox}）`);
    const header = readFileSync(join(config.inbox, 'rejected', '会议签到表.csv.error.txt'), 'utf8');
    expect(header).toContain('无法识别表头');
    expect(header).toContain('inboxProfiles');
    expect(readFileSync(join(config.inbox, 'rejected', '空文件.csv.error.txt'), 'utf8')).toContain('没有数据行');

    // The run record holds the files, the rows, the rules and the counts.
    const db = await openDatabase(config.database);
    const run = await db.kysely.selectFrom('runs').selectAll().where('id', '=', r.runId).executeTakeFirstOrThrow();
    const stats = JSON.parse(run.statsJson);
    expect(run).toMatchObject({ trigger: 'manual', outcome: 'done' });
    expect(stats.files).toHaveLength(good.length + 4);
    expect(Object.keys(stats.files[0]).sort()).toEqual(
      ['fileName', 'status', 'kind', 'rowsRead', 'rowsAccepted', 'rowsRejected', 'totalFen', 'refusal', 'fileId', 'sha256', 'movedTo', 'supersedes', 'ms'].sort(),
    );
    expect(stats.rows.accepted).toBe(r.files.reduce((n, f) => n + (f.status === 'ingested' ? f.rowsAccepted : 0), 0));
    expect(stats.allPeriods).toBe(true); // a staff list came in: every period is re-checked
    expect(stats.rules.length).toBeGreaterThan(0);
    expect(stats.lifecycle.new).toBeGreaterThan(0);
    expect(stats.reports.files).toHaveLength(1);
    const stored = await db.kysely.selectFrom('sourceFiles').select('fileName').orderBy('fileName').execute();
    expect(stored.map((s) => s.fileName)).toEqual(good);
    await db.close();

    // Refused files make the run's exit code 2; the log says what happened without a name or number in it.
    expect(exitCodeOf(r, null)).toBe(2);
    const events = log.entries.map((e) => e.event);
    expect(events.filter((e) => e === 'file-ingested')).toHaveLength(good.length);
    expect(events.filter((e) => e === 'file-duplicate')).toHaveLength(1);
    expect(events.filter((e) => e === 'file-refused')).toHaveLength(3);
    expect(log.entries.find((e) => e.event === 'file-refused')?.code).toMatch(/^(legacy-xls|header-unrecognised|no-data)$/);
  });

  it('archives a file already ingested by an earlier run as a duplicate, and checks nothing new', async () => {
    const { config } = setUp();
    await fillInbox(config.inbox);
    const first = await runPipeline(config, { trigger: 'schedule', log: memoryLog(), writeReports: stubWriter, worker: false });
    const again = (await sampleMonth()).find((p) => p.endsWith('.xlsx'))!;
    copyFileSync(again, join(config.inbox, 'resent.xlsx'));
    const second = await runPipeline(config, { trigger: 'schedule', log: memoryLog(), writeReports: stubWriter, worker: false });
    expect(second.files.map((f) => [f.fileName, f.status])).toEqual([['resent.xlsx', 'duplicate']]);
    expect(second.scope).toEqual({ all: false, periods: [] });
    // Every open finding is carried into the new run, unchanged.
    expect(second.lifecycle).toMatchObject({ new: 0, persisting: 0, resolved: 0, carried: first.lifecycle!.new });
    expect(second.open).toEqual(first.open);
    expect(inboxFiles(config)).toEqual([]);
    expect(exitCodeOf(second, null)).toBe(0);
  });

  it('checks only the periods the new files touch', async () => {
    const { config } = setUp();
    const bank = (period: string, serial: string) =>
      ['发放月份,区县,救助类别,户名,身份证号码,银行账号,金额,状态,流水号', `${period},万州区,低保,张明华,500101195003150016,6228480012345678901,770.00,成功,${serial}`].join('\n');
    writeFileSync(join(config.inbox, 'bank-2026-10.csv'), bank('2026-10', 'A1'));
    const first = await runPipeline(config, { trigger: 'manual', log: memoryLog(), writeReports: stubWriter, worker: false });
    expect(first.scope).toEqual({ all: false, periods: ['2026-10'] });
    writeFileSync(join(config.inbox, 'bank-2026-11.csv'), bank('2026-11', 'B1'));
    const second = await runPipeline(config, { trigger: 'manual', log: memoryLog(), writeReports: stubWriter, worker: false });
    expect(second.scope).toEqual({ all: false, periods: ['2026-11'] });
    const all = await runPipeline(config, { trigger: 'manual', all: true, log: memoryLog(), writeReports: stubWriter, worker: false });
    expect(all.scope).toEqual({ all: true, periods: [] });
    expect(existsSync(join(config.inbox, 'rejected'))).toBe(false);
  });

  it('re-checks every period for a new staff list with the rules that read it; reconciles and re-checks the rest only where rows are new', async () => {
    const { config } = setUp();
    const bank = (period: string, serial: string) =>
      ['发放月份,区县,救助类别,户名,身份证号码,银行账号,金额,状态,流水号', `${period},万州区,低保,张明华,500101195003150016,6228480012345678901,770.00,成功,${serial}`].join('\n');
    writeFileSync(join(config.inbox, 'bank-2026-10.csv'), bank('2026-10', 'A1'));
    await runPipeline(config, { trigger: 'manual', log: memoryLog(), writeReports: stubWriter, worker: false });
    const reconciled = async () => {
      const db = await openDatabase(config.database);
      const rows = await db.kysely.selectFrom('reconPayments').select(['id', 'period']).orderBy('period').execute();
      await db.close();
      return rows;
    };
    const [october] = await reconciled();
    writeFileSync(join(config.inbox, 'bank-2026-11.csv'), bank('2026-11', 'B1'));
    writeFileSync(join(config.inbox, '工作人员名单.csv'), ['姓名,身份证号码,工作单位,职务', '张明华,500101195003150016,万州区民政局,科员'].join('\n'));
    const second = await runPipeline(config, { trigger: 'manual', log: memoryLog(), writeReports: stubWriter, worker: false });
    expect(second.scope).toEqual({ all: true, periods: [], reconcile: ['2026-11'], references: ['staff'] });
    const after = await reconciled();
    // October's reconciliation is the one the first run stored (a new one would have new row ids) ...
    expect(after.map((r) => r.period)).toEqual(['2026-10', '2026-11']);
    expect(after[0]).toEqual(october);
    // ... while the rules still judged both months against the new list, and both months' payments count.
    const db = await openDatabase(config.database);
    const unapproved = await db.kysely.selectFrom('findings').select(['period', 'status']).where('runId', '=', second.runId).where('rule', '=', 'unapproved-payment').orderBy('period').execute();
    const run = await db.kysely.selectFrom('runs').select('statsJson').where('id', '=', second.runId).executeTakeFirstOrThrow();
    await db.close();
    expect(unapproved).toEqual([{ period: '2026-10', status: 'persisting' }, { period: '2026-11', status: 'new' }]);
    const stats = JSON.parse(run.statsJson);
    expect(stats).toMatchObject({ periods: ['2026-10', '2026-11'], reconciled: ['2026-11'], payments: 2 });
    // A staff list changes nothing for a rule that reads no staff list: such rules judged November only, and
    // October's findings of theirs are carried over; the staff rules judged both months.
    expect(stats.narrowRules).toContain('unapproved-payment');
    expect(stats.narrowRules).not.toContain('staff-recipient');
    expect(stats.narrowRules).not.toContain('staff-proxy');
    expect(second.lifecycle).toMatchObject({ new: 3, carried: 3 });
  });
});

describe('a proxy registry re-sent as it was', () => {
  // Three people; each month's bank file pays 张明华 and 李秀英 into their filed proxies' accounts, and 王建国 into
  // the account of 赵六, who has no agreement until December's registry files one.
  const ROSTER_HEAD = '发放月份,区县,乡镇(街道),村(社区),姓名,身份证号码,救助类别,保障人数,核定金额,银行账号,账户名';
  const BANK_HEAD = '发放月份,区县,救助类别,户名,身份证号码,银行账号,金额,手续费,用途,交易日期,状态,流水号';
  const month = (inbox: string, period: string) => {
    writeFileSync(join(inbox, `名册-${period}.csv`), [
      ROSTER_HEAD,
      `${period},万州区,高笋塘街道,太白社区,张明华,500101195003150016,城市低保,1,770.00,6228480012345678901,张小明`,
      `${period},万州区,龙都街道,龙都社区,李秀英,500101194805200025,农村低保,1,630.00,6228480012345678902,王小红`,
      `${period},万州区,龙都街道,龙都社区,王建国,50010119551108035X,城市低保,1,770.00,6228480012345678903,赵六`,
    ].join('\n'));
    writeFileSync(join(inbox, `回盘-${period}.csv`), [
      BANK_HEAD,
      `${period},万州区,低保,张小明,500101195003150016,6228480012345678901,770.00,0.00,低保金,${period}-25,成功,${period}-1`,
      `${period},万州区,低保,王小红,500101194805200025,6228480012345678902,630.00,0.00,低保金,${period}-25,成功,${period}-2`,
      `${period},万州区,低保,赵六,50010119551108035X,6228480012345678903,770.00,0.00,低保金,${period}-25,成功,${period}-3`,
    ].join('\n'));
  };
  const PROXY_HEAD = '救助对象身份证号码,代领人,代领人身份证号码,代领协议编号,备案日期,与救助对象关系';
  const ZHANG = (no: string) => `500101195003150016,张小明,,${no},2026-05-01,儿子`;
  const LI = (no: string) => `500101194805200025,王小红,500101197001010019,${no},2026-03-02,邻居`;
  const WANG = '50010119551108035X,赵六,,WZDL-2026-117,2026-12-01,侄子';
  // 孙丽's proxy ID has a wrong check digit: invalid-id lists it with its count of occurrences.
  const SUN = '500101196002020023,钱八,500101197001010018,WZDL-2026-118,2026-12-02,女儿';
  const registry = (inbox: string, name: string, rows: string[]) => writeFileSync(join(inbox, name), iconv.encode([PROXY_HEAD, ...rows, ''].join('\r\n'), 'gb18030'));

  async function holderFindings(config: Config, runId: number): Promise<{ period: string | null; status: string }[]> {
    const db = await openDatabase(config.database);
    const rows = await db.kysely.selectFrom('findings').select(['period', 'status']).where('runId', '=', runId).where('rule', '=', 'account-holder-mismatch').orderBy('period').execute();
    await db.close();
    return rows;
  }
  const run = (config: Config) => runPipeline(config, { trigger: 'manual', log: memoryLog(), writeReports: stubWriter, worker: false });

  it('checks only the new month when it adds no agreement and no invalid ID; a new agreement or an invalid ID re-checks every month', async () => {
    const { config, configPath } = setUp();
    month(config.inbox, '2026-10');
    registry(config.inbox, '代领协议备案-2026-10.csv', [ZHANG('WZDL-2026-001'), LI('WZDL-2026-002')]);
    const first = await run(config);
    expect(first.scope).toEqual({ all: true, periods: [], reconcile: ['2026-10'], references: ['proxy'] });
    expect(await holderFindings(config, first.runId)).toEqual([{ period: '2026-10', status: 'new' }]);

    // November: the same agreements under new numbers, in another order, from a system writing GBK.
    month(config.inbox, '2026-11');
    registry(config.inbox, '代领协议备案-2026-11.csv', [LI('WZDL-2026-1102'), ZHANG('WZDL-2026-1101')]);
    // As the operator runs it: the command says why October was not checked again.
    const out: string[] = [];
    expect(await main(['run', '-c', configPath], { out: (l: string) => out.push(l), err: (l: string) => out.push(l), isTty: false })).toBe(0);
    expect(out).toContain('核对：2026-11');
    expect(out).toContain('  代领协议名单与已备案的相同（无新增协议、无无效证件号码），以往月份未因它重新核对');
    const db = await openDatabase(config.database);
    const second = await db.kysely.selectFrom('runs').select(['id', 'statsJson']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    await db.close();
    expect(JSON.parse(second.statsJson)).toMatchObject({ periods: ['2026-11'], reconciled: ['2026-11'], lifecycle: { new: first.lifecycle!.new, carried: first.lifecycle!.new } });
    // October is not judged again: its findings are carried over as they stood.
    expect(await holderFindings(config, second.id)).toEqual([{ period: '2026-10', status: 'persisting' }, { period: '2026-11', status: 'new' }]);

    // December: 赵六's agreement is filed. Every month is judged again, and 王建国's earlier findings are resolved.
    month(config.inbox, '2026-12');
    registry(config.inbox, '代领协议备案-2026-12.csv', [ZHANG('WZDL-2026-1201'), LI('WZDL-2026-1202'), WANG]);
    const third = await run(config);
    expect(third.scope).toEqual({ all: true, periods: [], reconcile: ['2026-12'], references: ['proxy'] });
    expect(await holderFindings(config, third.runId)).toEqual([{ period: '2026-10', status: 'resolved' }, { period: '2026-11', status: 'resolved' }]);

    // January: an agreement naming a proxy by an invalid ID number; then the same registry again, which would add
    // a second occurrence of that ID to invalid-id's count: both re-check every month.
    month(config.inbox, '2027-01');
    registry(config.inbox, '代领协议备案-2027-01.csv', [ZHANG('WZDL-2027-0101'), LI('WZDL-2027-0102'), WANG, SUN]);
    expect((await run(config)).scope).toMatchObject({ all: true, references: ['proxy'] });
    registry(config.inbox, '代领协议备案-2027-01-补发.csv', [SUN, WANG, LI('WZDL-2027-0102'), ZHANG('WZDL-2027-0101')]);
    const resent = await run(config);
    expect(resent.scope).toEqual({ all: true, periods: [], reconcile: [], references: ['proxy'] });
  });
});

describe('the operations log', () => {
  it('holds run id, stage, event, counts and durations only: no ID number, account or name of anyone', async () => {
    const { config } = setUp();
    await fillInbox(config.inbox, { bad: true });
    await runPipeline(config, { trigger: 'schedule', writeReports: stubWriter, worker: false });
    const text = readFileSync(logPathFor(config), 'utf8');
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(20);
    for (const l of lines) {
      expect(Object.keys(l).every((k) => ['time', 'runId', 'stage', 'event', 'counts', 'ms', 'code'].includes(k))).toBe(true);
      expect(l.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    }
    expect(lines.map((l) => `${l.stage}:${l.event}`)).toEqual(expect.arrayContaining(['lock:acquired', 'run:start', 'ingest:done', 'check:done', 'report:done', 'run:done', 'lock:released']));
    const db = await openDatabase(config.database);
    const people = await db.kysely.selectFrom('rosterEntries').select(['name', 'idNumber', 'accountNo']).execute();
    const files = await db.kysely.selectFrom('sourceFiles').select('fileName').execute();
    await db.close();
    for (const p of people) {
      expect(text).not.toContain(p.idNumber);
      expect(text).not.toContain(p.name);
      if (p.accountNo) expect(text).not.toContain(p.accountNo);
    }
    // File names can carry a person's name (临时救助 files often do): the log refers to files by position.
    for (const f of files) expect(text).not.toContain(f.fileName);
    expect(text).not.toMatch(/\d{15,}/);
  });

  it('drops anything that is not a plain word or a number, whatever a caller passes', () => {
    const line = JSON.parse(logLine({ runId: 1, stage: 'ingest', event: '张三 500101195003150016', counts: { '身份证': 1, rows: 3, bad: Number.NaN }, code: 'a b' }, 'T'));
    expect(line).toEqual({ time: 'T', runId: 1, stage: 'ingest', event: 'invalid-event', counts: { rows: 3 } });
  });
});
