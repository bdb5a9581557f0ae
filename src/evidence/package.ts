/**
 * The evidence package of one run, for auditors and third-party assessors (plan 五（一）（三））: the
 * run's reports, findings.json, the review log, the config and the rule versions in force, every
 * source file the run could have seen (name, SHA-256, size, row counts, its receipt), optionally the
 * archived originals, and a SHA256SUMS manifest that `sha256sum -c` verifies. Personal data is masked
 * unless the operator unmasks it, and every package made is written to the audit log with who and why.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { basename, join } from 'node:path';
import JSZip from 'jszip';
import { DEFAULT_CONFIG_TEXT, type Config } from '../config.ts';
import { readRunStats, type Db } from '../db/index.ts';
import { nowInShanghai } from '../domain/index.ts';
import { EXIT, UserError } from '../errors.ts';
import { listFindings } from '../findings/index.ts';
import type { Lang } from '../lang.ts';
import { buildReportModel, reportFileNames, writeHtml, writeXlsx } from '../report/index.ts';
import { listRuleDoc, listRuleId, listRules, RULES } from '../rules/index.ts';
import { maskDeep } from './mask.ts';
import { packagePath, sha256, sha256sums } from './sums.ts';

export interface EvidenceOptions {
  runId: number;
  out: string;
  lang: Lang;
  unmask: boolean;
  /** Why the package is made (required with unmask); goes to the audit log. */
  reason: string | null;
  /** Who makes it; default the operating-system user. */
  by: string | null;
  withSources: boolean;
}

export interface EvidenceResult {
  out: string;
  sha256: string;
  entries: { path: string; size: number }[];
}

/** One source file as the package lists it. */
export interface SourceRecord {
  fileId: number;
  fileName: string;
  kind: string;
  sha256: string;
  sizeBytes: number | null;
  ingestedAt: string;
  format: string;
  encoding: string | null;
  sheetName: string | null;
  period: string | null;
  district: string | null;
  program: string | null;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  totalFen: number;
  control: { count: number | null; totalFen: number | null; rowNo: number | null } | null;
  /** In force when the run finished: no file ingested by then had superseded it. */
  inForceAtRun: boolean;
  supersededBy: number | null;
  /** The archived original: whether it was found, and whether its bytes still hash to `sha256`. */
  archive: 'included' | 'found' | 'missing' | 'not-archived' | 'changed';
  originalPath: string | null;
  /** The receipt ingest gave: counts, control figures, and every rejected row with its reasons. */
  rejections: { rowNo: number; reasons: string[]; cells?: unknown }[];
}

function version(rule: (typeof RULES)[string]): string {
  const { id, title, titleEn, severity, clause, messages, defaultOptions } = rule;
  return sha256(JSON.stringify({ id, title, titleEn, severity, clause, messages, defaultOptions }) + '\n' + rule.run.toString());
}

export async function buildEvidencePackage(db: Db, config: Config, opts: EvidenceOptions): Promise<EvidenceResult> {
  if (opts.unmask && !opts.reason?.trim()) {
    throw new UserError('usage', '--unmask 需要用 --reason 说明用途（将记入审计日志）', '--unmask needs --reason (it goes to the audit log)', EXIT.badInput);
  }
  if (opts.withSources && !opts.unmask) {
    throw new UserError('usage', '--with-sources 附带的原件含完整身份证号和账号，无法打码：请同时使用 --unmask 和 --reason', '--with-sources adds the originals, which cannot be masked: use it with --unmask and --reason', EXIT.badInput);
  }
  const run = await db.kysely.selectFrom('runs').selectAll().where('id', '=', opts.runId).executeTakeFirst();
  if (!run) throw new UserError('no-run', `没有第 ${opts.runId} 次运行`, `There is no run ${opts.runId}`, EXIT.badInput);
  if (run.outcome !== 'done') throw new UserError('no-run', `第 ${opts.runId} 次运行未正常完成（${run.outcome}），没有可交付的结果`, `Run ${opts.runId} did not finish (${run.outcome})`, EXIT.badInput);
  const shown = (v: unknown) => (opts.unmask ? v : maskDeep(v));
  const json = (v: unknown) => Buffer.from(JSON.stringify(v, null, 2) + '\n', 'utf8');
  const entries: { path: string; bytes: Buffer }[] = [];
  const add = (path: string, bytes: Buffer) => entries.push({ path, bytes });
  const madeAt = nowInShanghai();
  const cutoff = run.finishedAt ?? run.startedAt;
  const stats = readRunStats(run.statsJson);

  // The run and its findings.
  add('run.json', json(shown({ id: run.id, startedAt: run.startedAt, finishedAt: run.finishedAt, trigger: run.trigger, outcome: run.outcome, stats })));
  const findings = await listFindings(db, { runId: run.id });
  add('findings.json', json({
    format: 'relief-recon/evidence-findings', version: 1, run: run.id, masked: !opts.unmask,
    findings: findings.map((f) => shown({
      fingerprint: f.fingerprint, rule: f.rule, severity: f.severity, title: f.title, message: f.message, messageEn: f.messageEn, status: f.status, firstSeen: f.firstSeen,
      period: f.period, district: f.district, districtCode: f.districtCode, program: f.program, idNumber: f.idNumber, name: f.name, accountNo: f.accountNo,
      expectedFen: f.expectedFen, actualFen: f.actualFen, subject: f.subject, evidence: f.evidence, data: f.data, review: f.review,
    })),
  }));
  // The review log: every mark ever made on this run's findings, in order (not only the one in force).
  const fingerprints = [...new Set(findings.map((f) => f.fingerprint))];
  const reviews = fingerprints.length
    ? await db.kysely.selectFrom('reviews').selectAll().where('fingerprint', 'in', fingerprints).orderBy('id').execute()
    : [];
  add('reviews.json', json(reviews.map((r) => shown({ fingerprint: r.fingerprint, mark: r.mark, note: r.note, reviewer: r.reviewer, markedAt: r.markedAt }))));

  // The config and the rules in force.
  add('config.yaml', Buffer.from(config.file && existsSync(config.file) ? readFileSync(config.file, 'utf8') : DEFAULT_CONFIG_TEXT, 'utf8'));
  add('rules.json', json([...Object.values(RULES), ...listRules(config.referenceLists)].map((r) => {
    const setting = config.rules[r.id];
    return {
      rule: r.id, title: r.title, clause: r.clause, defaultSeverity: r.severity, severity: setting?.severity ?? r.severity,
      options: { ...r.defaultOptions, ...(setting?.options ?? {}) }, version: version(r),
      inRun: stats.rules?.find((o) => o.rule === r.id) ?? null,
    };
  })));

  // The doc page of each cross-check list declared in the config (built-in rules' pages are in the repository).
  for (const l of config.referenceLists) add(`rules/${listRuleId(l)}.md`, Buffer.from(listRuleDoc(l), 'utf8'));

  // Every source file the run could have seen.
  const files = await db.kysely.selectFrom('sourceFiles').selectAll().where('ingestedAt', '<=', cutoff).orderBy('id').execute();
  const ingestedAt = new Map(files.map((f) => [f.id, f.ingestedAt]));
  const sources: SourceRecord[] = [];
  for (const f of files) {
    const rejected = await db.kysely.selectFrom('rejectedRows').select(['rowNo', 'reasonsJson', 'cellsJson']).where('fileId', '=', f.id).orderBy('rowNo').execute();
    let archive: SourceRecord['archive'] = f.archivePath ? 'missing' : 'not-archived';
    let sizeBytes: number | null = null;
    let originalPath: string | null = null;
    if (f.archivePath && existsSync(f.archivePath)) {
      const bytes = await readFile(f.archivePath);
      sizeBytes = bytes.length;
      archive = sha256(bytes) === f.sha256 ? 'found' : 'changed';
      if (opts.withSources && archive === 'found') {
        originalPath = `originals/${f.id}-${packagePath(f.fileName)}`;
        add(originalPath, bytes);
        archive = 'included';
      }
    }
    const supersededAtRun = f.supersededBy !== null && (ingestedAt.get(f.supersededBy) ?? '\uffff') <= cutoff;
    sources.push({
      fileId: f.id, fileName: f.fileName, kind: f.kind, sha256: f.sha256, sizeBytes, ingestedAt: f.ingestedAt, format: f.format, encoding: f.encoding,
      sheetName: f.sheetName, period: f.period, district: f.district, program: f.program, rowsRead: f.rowsRead, rowsAccepted: f.rowsAccepted,
      rowsRejected: f.rowsRejected, totalFen: Number(f.totalFen),
      control: f.controlCount === null && f.controlTotalFen === null ? null : { count: f.controlCount, totalFen: f.controlTotalFen === null ? null : Number(f.controlTotalFen), rowNo: f.controlRowNo },
      inForceAtRun: !supersededAtRun, supersededBy: f.supersededBy, archive, originalPath,
      rejections: rejected.map((r) => ({
        rowNo: r.rowNo,
        reasons: (JSON.parse(r.reasonsJson) as { zh: string }[]).map((x) => x.zh),
        ...(opts.unmask ? { cells: JSON.parse(r.cellsJson) } : {}),
      })),
    });
  }
  add('sources.json', json(sources.map((s) => shown(s))));

  // The human reports of the run, masked like the package.
  const work = await mkdtemp(join(tmpdir(), 'relief-recon-evidence-'));
  try {
    const model = await buildReportModel(db, run.id, { lang: opts.lang, unmask: opts.unmask });
    const names = reportFileNames(opts.lang);
    await writeXlsx(model, join(work, names.xlsx));
    await writeHtml(model, join(work, names.html));
    add(`reports/${names.xlsx}`, await readFile(join(work, names.xlsx)));
    add(`reports/${names.html}`, await readFile(join(work, names.html)));
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  add('README.txt', Buffer.from(readme(run.id, madeAt, opts, sources.length, findings.length), 'utf8'));
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const manifest = Buffer.from(sha256sums(entries), 'utf8');

  const zip = new JSZip();
  const date = new Date(Date.parse(madeAt));
  for (const e of [...entries, { path: 'SHA256SUMS', bytes: manifest }]) zip.file(e.path, e.bytes, { date, createFolders: false });
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'UNIX' });
  const part = `${opts.out}.part`;
  await writeFile(part, bytes, { mode: opts.unmask ? 0o600 : 0o644 });
  if (opts.unmask) await chmod(part, 0o600);
  await rename(part, opts.out);
  const zipSha = sha256(bytes);

  await db.kysely
    .insertInto('auditLog')
    .values({
      at: madeAt, userId: null, userName: opts.by ?? osUser(), action: 'evidence-export', target: `run ${run.id}`, outcome: 'ok', ip: null,
      detailJson: JSON.stringify({ unmask: opts.unmask, withSources: opts.withSources, reason: opts.reason, file: basename(opts.out), sha256: zipSha, findings: findings.length, sources: sources.length }),
    })
    .execute();
  const size = (await stat(opts.out)).size;
  return { out: opts.out, sha256: zipSha, entries: [...entries.map((e) => ({ path: e.path, size: e.bytes.length })), { path: 'SHA256SUMS', size: manifest.length }, { path: '(zip)', size }] };
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

function readme(runId: number, madeAt: string, opts: EvidenceOptions, sources: number, findings: number): string {
  return `relief-recon 证据包 / evidence package
运行 / run: ${runId}
生成时间 / made at: ${madeAt}
个人信息 / personal data: ${opts.unmask ? `未打码（原因：${opts.reason}）/ whole numbers` : '已打码：身份证号 500101********123X，账号 ****1234 / masked'}
疑点 / findings: ${findings}　源文件 / source files: ${sources}${opts.withSources ? '（附原件 / originals included）' : ''}

内容 / contents
  run.json          本次运行记录：触发方式、月份、各规则是否运行、计数 / the run record
  findings.json     本次运行的全部疑点及证据行 / every finding with its evidence rows
  reviews.json      这些疑点的全部复核标记（按时间） / every review mark on them, in order
  config.yaml       生成本包时的配置文件 / the config at packaging time
  rules.json        规则清单：条款、级别、参数、版本（定义的 SHA-256）、本次运行状态 / rules in force
  rules/            配置中声明的比对名单规则的说明页 / doc pages of the declared cross-check lists
  sources.json      运行结束前入库的每个源文件：文件名、SHA-256、大小、行数、控制数、拒收行及原因 / every source file
  reports/          本次运行的 Excel 和 HTML 报告 / the run's reports
  originals/        归档原件（仅 --with-sources）/ archived originals
  SHA256SUMS        以上每个文件的 SHA-256

校验 / verify:  unzip 包.zip -d 包 && cd 包 && sha256sum -c SHA256SUMS
报告中的“疑点”是待核实的线索，不是结论。Findings are leads to verify, not verdicts.
`;
}
