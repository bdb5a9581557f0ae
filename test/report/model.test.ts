import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { amountOf, listFindings, moneyOf } from '../../src/findings/index.ts';
import { buildReportModel, renderHtml, writeXlsx, type ReportFinding } from '../../src/report/index.ts';
import { tempDir } from '../ingest/helpers.ts';
import { readWorkbook } from './helpers.ts';
import { buildFixtureRun, HOSTILE_ACCOUNT, HOSTILE_FINGERPRINT, HOSTILE_ID, type FixtureRun } from './fixture-run.ts';

let fx: FixtureRun;
beforeAll(async () => {
  fx = await buildFixtureRun(tempDir('report-model-'));
});
afterAll(async () => fx.db.close());

async function all(it: AsyncIterable<ReportFinding>): Promise<ReportFinding[]> {
  const out: ReportFinding[] = [];
  for await (const f of it) out.push(f);
  return out;
}

describe('the report model of a run', () => {
  it('counts as the findings list does: open leaves out resolved and false-positive findings', async () => {
    const model = await buildReportModel(fx.db, fx.runId, { lang: 'zh', unmask: false });
    const stored = await listFindings(fx.db, { runId: fx.runId });
    const open = await listFindings(fx.db, { runId: fx.runId, openOnly: true });
    expect(model.counts.total).toBe(stored.length);
    expect(model.counts.open).toBe(open.length);
    for (const s of ['new', 'persisting', 'resolved'] as const) expect(model.counts.byStatus[s]).toBe(stored.filter((f) => f.status === s).length);
    for (const s of ['high', 'medium', 'low'] as const) expect(model.counts.bySeverity[s]).toBe(open.filter((f) => f.severity === s).length);
    expect(model.counts.byStatus.resolved).toBeGreaterThan(0);
    expect(model.counts.falsePositive).toBe(1);
    expect(model.counts.byDistrict.reduce((s, d) => s + d.open, 0)).toBe(open.length);
    expect(model.counts.byRule.reduce((s, r) => s + r.total, 0)).toBe(stored.length);
    expect(model.trend.map((p) => p.runId)).toEqual([fx.firstRunId, fx.runId]);
    expect(model.trend.at(-1)!.open).toBe(open.length);
  });

  it('takes the files of the run from its stats, and their rejected rows only', async () => {
    const model = await buildReportModel(fx.db, fx.runId, { lang: 'zh', unmask: false });
    // The corrected bank file superseded the first send (an earlier run's file): the report says so.
    expect(model.files.map((f) => [f.fileName, f.status])).toEqual([
      ['bank-batch-wanzhou-dibao-resent-corrected.csv', 'ingested'],
      ['bank-batch-wanzhou-dibao-first-send.csv', 'superseded'],
      ['bank-rows-with-every-kind-of-bad-value.csv', 'ingested'],
      ['roster-unrecognisable-header.csv', 'refused'],
    ]);
    expect(model.files[0]!.supersedes).toEqual(['bank-batch-wanzhou-dibao-first-send.csv']);
    expect(model.files[1]!.supersededBy).toBe('bank-batch-wanzhou-dibao-resent-corrected.csv');
    expect(model.files[3]!.refusal?.zh).toMatch(/拒收/);
    expect(model.rejected.total).toBe(6);
    expect(new Set(model.rejected.sample.map((r) => r.fileName))).toEqual(new Set(['bank-rows-with-every-kind-of-bad-value.csv']));
    expect(model.batches.some((b) => !b.agrees)).toBe(true);
    // The first screen counts stored, duplicate and refused files apart (a refused file is not "imported").
    const page = renderHtml(model);
    const card = (id: string) => page.match(new RegExp(`id="${id}">([^<]*)<`))?.[1];
    expect([card('sum-files'), card('sum-files-duplicate'), card('sum-files-refused')]).toEqual(['2', '0', '1']);
  });

  it('shows a superseded bank file beside its successor in the HTML and the Excel file list', async () => {
    const model = await buildReportModel(fx.db, fx.runId, { lang: 'zh', unmask: false });
    const page = renderHtml(model);
    const files = page.slice(page.indexOf('<section id="files">'), page.indexOf('</section>', page.indexOf('<section id="files">')));
    expect(files).toContain('<td>bank-batch-wanzhou-dibao-first-send.csv</td><td>代发回盘</td><td>已被替代</td>');
    expect(files).toContain('已被同一批次的新文件 bank-batch-wanzhou-dibao-resent-corrected.csv 替代：保留，不再参与核对');
    expect(files).toContain('替代了同一批次的旧文件 bank-batch-wanzhou-dibao-first-send.csv');
    expect(files).toContain('本次收到的文件（3）');
    const path = join(tempDir('report-supersede-'), 'report.xlsx');
    await writeXlsx(model, path);
    const wb = await readWorkbook(path);
    const cells: string[] = [];
    wb.getWorksheet('概览')!.eachRow((row) => cells.push((row.values as unknown[]).map((v) => (v == null ? '' : String(v))).join('|')));
    const older = cells.find((c) => c.includes('bank-batch-wanzhou-dibao-first-send.csv|'));
    expect(older).toContain('已被替代');
    expect(older).toContain('已被同一批次的新文件 bank-batch-wanzhou-dibao-resent-corrected.csv 替代');
    expect(cells.find((c) => c.includes('bank-batch-wanzhou-dibao-resent-corrected.csv|'))).toContain('替代了同一批次的旧文件 bank-batch-wanzhou-dibao-first-send.csv');
  });

  it('without a files list, takes the files ingested since the previous run started', async () => {
    const model = await buildReportModel(fx.db, fx.firstRunId, { lang: 'zh', unmask: false });
    expect(model.files.map((f) => f.fileName)).toEqual([
      'roster-wanzhou-dibao-2026-11-three-people.csv',
      'bank-batch-wanzhou-dibao-first-send.csv',
      'roster-yuzhong-dibao-2026-11.csv',
      'bank-yuzhong-dibao-2026-11.csv',
    ]);
    expect(model.rejected.total).toBe(1);
    expect(model.rejected.sample[0]!.cells.join('|')).toContain('500103********0404');
  });

  it('masks ID and account numbers for people, keeps them whole for the export, and lists new findings first', async () => {
    const model = await buildReportModel(fx.db, fx.runId, { lang: 'zh', unmask: false });
    const shown = await all(model.findings.stream());
    const whole = await all(model.findings.exportAll());
    expect(shown).toHaveLength(model.findings.total);
    expect(whole).toHaveLength(model.findings.total);
    const order = { new: 0, persisting: 1, resolved: 2 };
    expect(shown.map((f) => order[f.status])).toEqual([...shown.map((f) => order[f.status])].sort());
    const hostile = shown.find((f) => f.fingerprint === HOSTILE_FINGERPRINT)!;
    expect(hostile.idNumber).toBe(`${HOSTILE_ID.slice(0, 6)}********${HOSTILE_ID.slice(-4)}`);
    expect(hostile.accountNo).toBe(`****${HOSTILE_ACCOUNT.slice(-4)}`);
    expect(hostile.message).not.toContain(HOSTILE_ACCOUNT);
    const exported = whole.find((f) => f.fingerprint === HOSTILE_FINGERPRINT)!;
    expect([exported.idNumber, exported.accountNo]).toEqual([HOSTILE_ID, HOSTILE_ACCOUNT]);
    expect(exported.message).toContain(HOSTILE_ACCOUNT);
    const unmasked = await buildReportModel(fx.db, fx.runId, { lang: 'zh', unmask: true });
    expect((await all(unmasked.findings.stream())).find((f) => f.fingerprint === HOSTILE_FINGERPRINT)!.idNumber).toBe(HOSTILE_ID);
  });

  it('states the money at stake of the open findings, and the new high-severity findings about the most money', async () => {
    const model = await buildReportModel(fx.db, fx.runId, { lang: 'zh', unmask: false });
    const open = await listFindings(fx.db, { runId: fx.runId, openOnly: true });
    // The October bank file pays people nobody approved: that money is at stake, found by unapproved-payment.
    const unapproved = open.filter((f) => f.rule === 'unapproved-payment');
    expect(unapproved.length).toBeGreaterThan(0);
    expect(model.money.byKind.unapproved).toEqual({ fen: unapproved.reduce((s, f) => s + f.actualFen!, 0), count: unapproved.length });
    const withMoney = open.filter((f) => moneyOf(f));
    expect(model.money.count).toBe(withMoney.length);
    expect(model.money.fen).toBe(withMoney.reduce((s, f) => s + moneyOf(f)!.fen, 0));
    expect(model.money.byDistrict.reduce((s, d) => s + d.fen, 0)).toBe(model.money.fen);
    expect(model.money.byRule.reduce((s, r) => s + r.count, 0)).toBe(model.money.count);

    const newHigh = open.filter((f) => f.status === 'new' && f.severity === 'high');
    expect(newHigh.length).toBeGreaterThan(0);
    expect(model.topNew.length).toBe(Math.min(10, newHigh.length));
    const amounts = model.topNew.map((f) => amountOf(f));
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    expect(amounts[0]).toBe(Math.max(...newHigh.map((f) => amountOf(f))));
    expect(model.topNew.every((f) => f.severity === 'high' && f.status === 'new')).toBe(true);
    // Masked like the rest of the human report.
    expect(model.topNew.map((f) => f.idNumber).join()).not.toContain(HOSTILE_ID);
    expect(model.topNew.map((f) => f.message).join()).not.toContain(HOSTILE_ACCOUNT);
  });

  it('writes the charts\' font into a well-formed style attribute of the inline SVG', async () => {
    const page = renderHtml(await buildReportModel(fx.db, fx.runId, { lang: 'zh', unmask: false }));
    const svg = page.slice(page.indexOf('<svg'), page.lastIndexOf('</svg>'));
    expect(svg).toContain("font-family:'Noto Sans CJK SC'");
    // A double quote inside a double-quoted attribute would end it: the font (and what follows) was lost.
    expect(svg).not.toMatch(/style="[^"]*font-family:"/);
  });

  it('says which rules could not run', async () => {
    const model = await buildReportModel(fx.db, fx.runId, { lang: 'zh', unmask: false });
    expect(model.rules.length).toBeGreaterThan(0);
    for (const r of model.rules) expect(['ran', 'off', 'cannot-run', 'failed']).toContain(r.state);
    for (const r of model.rules.filter((x) => x.state === 'cannot-run')) expect(r.reason?.zh).toBeTruthy();
  });
});
