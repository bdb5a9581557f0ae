/**
 * 公示 lists (plan 五（四）): a realistic GBK roster with a title and a total row goes through the real
 * ingest and the real command line; the printed pages, the Excel and the summary are read back. Then a
 * property-style test plants ID-like and account-like strings, in every shape a clerk could type them,
 * into every roster text field and scans every byte of every notice output for them.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { parseConfig } from '../../src/config.ts';
import { openDatabase, type Db } from '../../src/db/index.ts';
import { maskName, scrubNumbers, writeNotice } from '../../src/notice/index.ts';
import { id } from '../report/fixture-run.ts';
import { A, B, C, D, writeRoster } from './fixture.ts';
import { ingest, tempDir } from '../ingest/helpers.ts';
import { readWorkbook } from '../report/helpers.ts';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), isTty: false }, out, err };
}

async function allText(path: string): Promise<string> {
  if (!path.endsWith('.xlsx')) return readFileSync(path, 'utf8');
  const zip = await JSZip.loadAsync(readFileSync(path));
  const parts = await Promise.all(Object.values(zip.files).filter((f) => !f.dir).map((f) => f.async('string')));
  return parts.join('\n');
}

describe('notice: 公示 lists', () => {
  it('prints one A4 page per community with masked names, household size, program and amount — never an ID, account or phone', async () => {
    const dir = tempDir('notice-');
    const db = await openDatabase(join(dir, 'relief-recon.db'));
    const r = await ingest(db, { path: writeRoster(dir) });
    expect(r.rowsAccepted).toBe(4);
    await db.close();
    writeFileSync(join(dir, 'relief-recon.yaml'), 'database: relief-recon.db\nreports: reports\nnotice:\n  days: 7\n  complaintChannel: 渝中区民政局 023-63895000\n');

    const a = io();
    expect(await main(['notice', '--config', join(dir, 'relief-recon.yaml'), '--period', '2026-11'], a.io)).toBe(0);
    const out = join(dir, 'reports', '公示');
    expect(readdirSync(out).sort()).toEqual(['公示名单-2026-11.html', '公示名单-2026-11.xlsx']);
    expect(a.out[0]).toBe('公示名单已写入（2 个村/社区，4 户）：');

    const page = readFileSync(join(out, '公示名单-2026-11.html'), 'utf8');
    expect(page).toContain('@page { size: A4 portrait');
    const sections = page.split('<section class="page">').slice(1);
    expect(sections).toHaveLength(2);
    expect(sections[0]).toContain('<p class="place">渝中区 解放碑街道 民族路社区　（2026年11月）</p>');
    expect(sections[0]).toContain('<td>1</td><td>陈*强</td><td>1</td><td>最低生活保障</td><td class="num">770.00</td><td>民族路社区</td>');
    expect(sections[0]).toContain('公示期 7 天');
    expect(sections[0]).toContain('请在公示期内向渝中区民政局 023-63895000反映');
    expect(sections[1]).toContain('较场口社区');
    expect(sections[1]).toMatch(/<td>1<\/td><td>吴\*明<\/td><td>1<\/td><td>特困人员救助供养<\/td><td class="num">1,001.00<\/td>/);
    expect(sections[1]).toContain('<td>欧**娜</td><td>3</td>');
    expect(sections[1]).toMatch(/合计<\/td><td>4<\/td><td>2 户<\/td><td class="num">3,311.00/);
    for (const secret of [A, B, C, D, '6217000012340001', '13800138000', '国强', '玉兰']) expect(page).not.toContain(secret);

    const wb = await readWorkbook(join(out, '公示名单-2026-11.xlsx'));
    const ws = wb.getWorksheet('公示名单')!;
    expect(ws.getRow(3).values).toEqual([undefined, '区县', '乡镇（街道）', '村（社区）', '序号', '姓名', '保障人数', '救助类别', '月救助金额（元）']);
    expect(ws.getRow(4).values).toEqual([undefined, '渝中区', '解放碑街道', '民族路社区', 1, '陈*强', 1, '最低生活保障', 770]);
    expect(ws.getRow(7).values).toEqual([undefined, '渝中区', '解放碑街道', '较场口社区', 1, '吴*明', 1, '特困人员救助供养', 1001]);
    expect(ws.getRow(9).values).toEqual([undefined, '渝中区', '解放碑街道', '较场口社区', undefined, '合计', 4, '2 户', 3311]);
    expect(ws.pageSetup.paperSize).toBe(9);

    const s = io();
    expect(await main(['notice', '--config', join(dir, 'relief-recon.yaml'), '--period', '2026', '--summary'], s.io)).toBe(0);
    const summary = readFileSync(join(out, '公示汇总-2026.html'), 'utf8');
    expect(summary).toMatch(/<td>2026年11月<\/td><td>渝中区<\/td><td>最低生活保障<\/td><td class="num">3<\/td><td class="num">6<\/td><td class="num">4,620.00<\/td>/);
    expect(summary).toMatch(/<td>2026年11月<\/td><td>渝中区<\/td><td>特困人员救助供养<\/td><td class="num">1<\/td><td class="num">1<\/td><td class="num">1,001.00<\/td>/);
    expect(summary).not.toMatch(/陈|周|吴|欧阳/);
  });

  it('masks names as configured: partial by default, surname only, or whole', () => {
    expect(parseConfig('', 'c.yaml', null).notice).toEqual({ nameMask: 'partial', days: 7, complaintChannel: '所在乡镇（街道）社会救助经办机构及县级民政部门', issuer: null });
    expect(maskName('张三明', 'partial')).toBe('张*明');
    expect(maskName('张明', 'partial')).toBe('张*');
    expect(maskName('阿依古丽•买买提', 'partial')).toBe('阿******提');
    expect(maskName('张三明', 'surname')).toBe('张**');
    expect(maskName('张三明', 'full')).toBe('张三明');
    expect(() => parseConfig('notice: { nameMask: initials }', 'c.yaml', null)).toThrow(/notice\.nameMask/);
    expect(() => parseConfig('notice: { days: 0 }', 'c.yaml', null)).toThrow(/notice\.days/);
    expect(() => parseConfig('notice: { phone: 1 }', 'c.yaml', null)).toThrow(/notice\.phone/);
  });

  it('refuses a missing or malformed --period with a usage error in Chinese', async () => {
    const e = io();
    expect(await main(['notice', '--period', '2026-13'], e.io)).toBe(2);
    expect(e.err[0]).toMatch(/^错误：--period 应为公示月份/);
  });

  it('keeps short numbers (3组, 12号) and removes long ones in any shape', () => {
    expect(scrubNumbers('龙都街道3组12号')).toBe('龙都街道3组12号');
    expect(scrubNumbers('张三 500101 1990 0307 123X')).toBe('张三 ＊＊＊');
    expect(scrubNumbers('李四６２２８４８００')).toBe('李四＊＊＊');
    expect(scrubNumbers('王五 138-0013-8000')).toBe('王五 ＊＊＊');
  });
});

// ---- property: whatever the roster says, no ID or account number reaches a notice ----

/** A small deterministic generator (mulberry32), so a failure names its seed and can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FULL_WIDTH = (s: string) => s.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
/** The shapes a number takes when typed into the wrong cell. */
const SHAPES: ((n: string) => string)[] = [
  (n) => n,
  (n) => n.replace(/(.{4})/g, '$1 ').trim(),
  (n) => n.replace(/(.{6})/g, '$1-'),
  FULL_WIDTH,
  (n) => `身份证${n}号`,
  (n) => `'${n}`,
  (n) => `=${n}`,
  (n) => `<b>${n}</b>`,
  (n) => n.split('').join('.'),
];

interface Planted {
  digits: string;
}

async function plantedRoster(db: Db, seed: number): Promise<Planted[]> {
  const rand = rng(seed);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');
  const planted: Planted[] = [];
  const plant = () => {
    const kind = rand();
    const n = kind < 0.4 ? id(`5001${digits(11)}`, Math.floor(rand() * 10)) : kind < 0.8 ? `62${digits(14 + Math.floor(rand() * 4))}` : `1${digits(10)}`;
    planted.push({ digits: n.replace(/X$/, '') });
    return pick(SHAPES)(n);
  };
  const text = (plain: string) => (rand() < 0.5 ? plant() : rand() < 0.5 ? `${plain}${plant()}` : plain);
  const file = await db.kysely
    .insertInto('sourceFiles')
    .values({
      sha256: digits(64), kind: 'roster', fileName: `planted-${seed}.csv`, archivePath: null, format: 'csv', encoding: 'utf-8', delimiter: ',', sheetName: null,
      profile: null, headerRowNo: 1, ingestedAt: '2026-11-20T09:00:00+08:00', rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, totalFen: 0,
      controlCount: null, controlTotalFen: null, controlRowNo: null, period: '2026-11', district: null, program: null, batchKey: null, supersededBy: null, optionsJson: '{}',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let rowNo = 2; rowNo < 2 + 12; rowNo++) {
    const idNumber = id(`5001${digits(11)}`, rowNo % 10);
    const account = `62${digits(17)}`;
    planted.push({ digits: idNumber.replace(/X$/, '') }, { digits: account });
    await db.kysely
      .insertInto('rosterEntries')
      .values({
        fileId: file.id, rowNo, period: '2026-11', district: text(pick(['渝中区', '万州区'])), districtCode: null, township: text('解放碑街道'), village: text(pick(['民族路社区', '龙都社区'])),
        name: text(pick(['陈国强', '周玉兰', '欧阳娜娜', '李'])), idNumber, idValid: 1, program: rand() < 0.9 ? pick(['dibao', 'tekun', 'linshi']) : plant(),
        householdSize: rand() < 0.8 ? 1 + Math.floor(rand() * 5) : null, approvedFen: 1 + Math.floor(rand() * 300000),
        bankName: text('农商行'), accountNo: account, accountHolder: text('户主'), proxyName: text('代领人'), proxyIdNumber: plant(), agreementNo: plant(),
      })
      .execute();
  }
  return planted;
}

/** Every 8-digit window of a planted number: none may appear in an output, however it is separated. */
function windows(digits: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 8 <= digits.length; i++) out.push(digits.slice(i, i + 8));
  return out;
}

describe('notice: no ID or account number in any output, whatever the input', () => {
  it.each(Array.from({ length: 12 }, (_, i) => 1000 + i))('seed %i: every byte of the list, the Excel and the summary is free of planted numbers', async (seed) => {
    const dir = tempDir('notice-planted-');
    const db = await openDatabase(':memory:');
    const planted = await plantedRoster(db, seed);
    const config = parseConfig(`notice: { nameMask: ${['full', 'partial', 'surname'][seed % 3]} }`, 'c.yaml', null).notice;
    const files = [
      ...(await writeNotice(db, config, { period: '2026-11', outDir: dir })).files,
      ...(await writeNotice(db, config, { period: '2026-11', summary: true, outDir: dir })).files,
    ];
    await db.close();
    expect(files).toHaveLength(4);
    for (const f of files) {
      const text = await allText(f);
      // Only digits survive, in order: separators (spaces, dots, tags, full-width forms) cannot hide a number.
      const runs = text.normalize('NFKC').replace(/<[^>]*>/g, ' ').match(/\d(?:[^\p{L}\d]{0,2}\d)*/gu) ?? [];
      const digitRuns = runs.map((r) => r.replace(/\D/g, ''));
      for (const p of planted) {
        for (const w of windows(p.digits)) {
          const hit = digitRuns.find((d) => d.includes(w));
          expect(hit, `seed ${seed}: ${f} carries ${w} of a planted number`).toBeUndefined();
        }
      }
    }
  });
});
