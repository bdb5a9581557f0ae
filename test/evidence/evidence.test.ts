/**
 * The evidence package: made through the real command line from a realistic run, unzipped, verified
 * with GNU `sha256sum -c`, then tampered with (one byte) and seen to fail. Masked by default — the
 * fixture's hostile ID and account numbers appear nowhere in any byte; --unmask needs a reason, and
 * both kinds of package are written to the audit log with who made them and why.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { checkNow } from '../../src/check.ts';
import { main } from '../../src/cli/main.ts';
import { openDatabase } from '../../src/db/index.ts';
import { RULES } from '../../src/rules/index.ts';
import { ingest, ROWS, tempDir } from '../ingest/helpers.ts';
import { buildFixtureRun, HOSTILE_ACCOUNT, HOSTILE_FINGERPRINT, HOSTILE_ID } from '../report/fixture-run.ts';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), isTty: false }, out, err };
}

/** Unzips into `dir` (jszip, the same library that wrote it) and returns the file paths inside. */
async function unzip(zipPath: string, dir: string): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(readFileSync(zipPath));
  const files = new Map<string, Buffer>();
  for (const f of Object.values(zip.files)) {
    if (f.dir) continue;
    const bytes = await f.async('nodebuffer');
    mkdirSync(dirname(join(dir, f.name)), { recursive: true });
    writeFileSync(join(dir, f.name), bytes);
    files.set(f.name, bytes);
  }
  return files;
}

function sha256sumCheck(dir: string) {
  return spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
}

async function everyText(files: Map<string, Buffer>): Promise<string> {
  const parts: string[] = [];
  for (const [name, bytes] of files) {
    if (name.endsWith('.xlsx')) {
      const inner = await JSZip.loadAsync(bytes);
      for (const f of Object.values(inner.files)) if (!f.dir) parts.push(await f.async('string'));
    } else parts.push(bytes.toString('utf8'));
  }
  return parts.join('\n');
}

describe('evidence --run N --out FILE.zip', () => {
  it('packages the run, verifies with sha256sum -c, fails on one tampered byte, masks by default and is audited', async () => {
    const dir = tempDir('evidence-');
    const fx = await buildFixtureRun(dir, join(dir, 'relief-recon.db'));
    await fx.db.close();
    const config = join(dir, 'relief-recon.yaml');
    writeFileSync(config, 'database: relief-recon.db\nreports: reports\nrules:\n  late-payment: { options: { deadlineDay: 25 } }\n');
    const zipPath = join(dir, 'evidence-run.zip');

    const a = io();
    expect(await main(['evidence', '--config', config, '--run', String(fx.runId), '--out', zipPath, '--by', '审计联络员'], a.io)).toBe(0);
    expect(a.out[0]).toMatch(new RegExp(`^第 ${fx.runId} 次运行的证据包已写入 .*evidence-run\\.zip（SHA-256 [0-9a-f]{64}）：$`));
    expect(a.out.slice(1).map((l) => l.trim().split(/\s+/)[1])).toEqual([
      'README.txt', 'config.yaml', 'findings.json', 'reports/异常预警报告.html', 'reports/异常预警报告.xlsx', 'reviews.json', 'rules.json', 'run.json', 'sources.json', 'SHA256SUMS',
    ]);

    const unpacked = join(dir, 'unpacked');
    const files = await unzip(zipPath, unpacked);
    const ok = sha256sumCheck(unpacked);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout.trim().split('\n')).toHaveLength(9);
    expect(ok.stdout).toContain('findings.json: OK');

    // Masked: the hostile ID and account are nowhere, in any file, the Excel's insides included.
    const text = await everyText(files);
    expect(text).not.toContain(HOSTILE_ID);
    expect(text).not.toContain(HOSTILE_ACCOUNT);
    const findings = JSON.parse(files.get('findings.json')!.toString('utf8'));
    expect(findings.masked).toBe(true);
    const hostile = findings.findings.find((f: { fingerprint: string }) => f.fingerprint === HOSTILE_FINGERPRINT);
    expect(hostile).toMatchObject({ idNumber: `${HOSTILE_ID.slice(0, 6)}********${HOSTILE_ID.slice(-4)}`, accountNo: '****9876', rule: 'account-holder-mismatch', expectedFen: 77000, actualFen: 70000 });
    expect(hostile.message).toContain('账号 ****9876');

    // The review log carries the mark the fixture made; the rules their versions and the config's options.
    const reviews = JSON.parse(files.get('reviews.json')!.toString('utf8'));
    expect(reviews).toContainEqual(expect.objectContaining({ fingerprint: fx.falsePositive, mark: 'false-positive', reviewer: '陈科长', note: '已核实为正常' }));
    const rules = JSON.parse(files.get('rules.json')!.toString('utf8'));
    expect(rules.map((r: { rule: string }) => r.rule)).toEqual(Object.keys(RULES));
    expect(rules.find((r: { rule: string }) => r.rule === 'late-payment')).toMatchObject({ options: { deadlineDay: 25 }, version: expect.stringMatching(/^[0-9a-f]{64}$/), inRun: { state: 'ran' } });
    expect(files.get('config.yaml')!.toString('utf8')).toContain('deadlineDay: 25');

    // Every source file the run could see: name, hash, counts; the receipt's rejected rows with reasons.
    const sources = JSON.parse(files.get('sources.json')!.toString('utf8'));
    const bad = sources.find((s: { fileName: string }) => s.fileName === 'bank-rows-with-every-kind-of-bad-value.csv');
    const badBytes = readFileSync(join(ROWS, 'bank-rows-with-every-kind-of-bad-value.csv'));
    expect(bad).toMatchObject({ kind: 'bank', sha256: createHash('sha256').update(badBytes).digest('hex'), archive: 'not-archived', sizeBytes: null, inForceAtRun: true });
    expect(bad.rowsRejected).toBeGreaterThan(0);
    expect(bad.rejections).toHaveLength(bad.rowsRejected);
    expect(bad.rejections[0].reasons.length).toBeGreaterThan(0);
    expect(bad.rejections[0].cells).toBeUndefined();
    const first = sources.find((s: { fileName: string }) => s.fileName === 'bank-batch-wanzhou-dibao-first-send.csv');
    expect(first.inForceAtRun).toBe(false);

    // Tamper with one byte: the manifest catches it and names the file.
    const target = join(unpacked, 'findings.json');
    const bytes = readFileSync(target);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0x01;
    writeFileSync(target, bytes);
    const tampered = sha256sumCheck(unpacked);
    expect(tampered.status).not.toBe(0);
    expect(tampered.stdout).toContain('findings.json: FAILED');
    expect(tampered.stdout).toContain('sources.json: OK');

    // Audited, with who.
    const db = await openDatabase(join(dir, 'relief-recon.db'));
    const log = await db.kysely.selectFrom('auditLog').selectAll().where('action', '=', 'evidence-export').execute();
    await db.close();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ userName: '审计联络员', target: `run ${fx.runId}`, outcome: 'ok' });
    expect(JSON.parse(log[0]!.detailJson!)).toMatchObject({ unmask: false, withSources: false, reason: null, file: 'evidence-run.zip' });
  });

  it('unmasks only with a reason, includes the archived originals only unmasked, and records who and why', async () => {
    const dir = tempDir('evidence-unmask-');
    const archive = join(dir, 'archive');
    const db = await openDatabase(join(dir, 'relief-recon.db'));
    await ingest(db, { path: join(ROWS, 'roster-wanzhou-dibao-2026-11-three-people.csv') }, archive);
    await ingest(db, { path: join(ROWS, 'bank-batch-wanzhou-dibao-first-send.csv') }, archive);
    const { runId } = await checkNow(db, { rules: {} }, { trigger: 'manual' });
    await db.close();
    const config = join(dir, 'relief-recon.yaml');
    writeFileSync(config, 'database: relief-recon.db\n');
    const zipPath = join(dir, 'whole.zip');

    const noReason = io();
    expect(await main(['evidence', '-c', config, '--run', String(runId), '--out', zipPath, '--unmask'], noReason.io)).toBe(2);
    expect(noReason.err[0]).toBe('错误：--unmask 需要用 --reason 说明用途（将记入审计日志）');
    const maskedSources = io();
    expect(await main(['evidence', '-c', config, '--run', String(runId), '--out', zipPath, '--with-sources'], maskedSources.io)).toBe(2);
    expect(maskedSources.err[0]).toMatch(/原件含完整身份证号和账号，无法打码/);
    const noRun = io();
    expect(await main(['evidence', '-c', config, '--run', '99', '--out', zipPath], noRun.io)).toBe(2);
    expect(noRun.err[0]).toBe('错误：没有第 99 次运行');

    const a = io();
    expect(await main(['evidence', '-c', config, '--run', String(runId), '--out', zipPath, '--unmask', '--with-sources', '--reason', '区审计局2026年专项审计', '--by', '李审计'], a.io)).toBe(0);
    expect(a.err[0]).toMatch(/完整身份证号/);
    expect(statSync(zipPath).mode & 0o777).toBe(0o600);
    const unpacked = join(dir, 'unpacked');
    const files = await unzip(zipPath, unpacked);
    const check = sha256sumCheck(unpacked);
    expect(check.status, check.stderr).toBe(0);
    const original = readFileSync(join(ROWS, 'roster-wanzhou-dibao-2026-11-three-people.csv'));
    const inside = [...files.keys()].find((k) => k.startsWith('originals/') && k.endsWith('roster-wanzhou-dibao-2026-11-three-people.csv'))!;
    expect(files.get(inside)!.equals(original)).toBe(true);
    const sources = JSON.parse(files.get('sources.json')!.toString('utf8'));
    expect(sources[0]).toMatchObject({ archive: 'included', sizeBytes: original.length, originalPath: inside });
    expect(JSON.parse(files.get('findings.json')!.toString('utf8')).masked).toBe(false);
    expect(files.get('README.txt')!.toString('utf8')).toContain('未打码（原因：区审计局2026年专项审计）');

    const again = await openDatabase(join(dir, 'relief-recon.db'));
    const log = await again.kysely.selectFrom('auditLog').selectAll().where('action', '=', 'evidence-export').execute();
    await again.close();
    expect(log).toHaveLength(1);
    expect(log[0]!.userName).toBe('李审计');
    expect(JSON.parse(log[0]!.detailJson!)).toMatchObject({ unmask: true, withSources: true, reason: '区审计局2026年专项审计', file: 'whole.zip' });
    execFileSync('sha256sum', ['--version']);
  });
});
