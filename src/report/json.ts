/**
 * findings.json for other systems: the run, its counts, and every finding with the fields of
 * rules.md — ID and account numbers whole (the file is written with mode 0600). Streamed one finding
 * at a time.
 */
import type { ReportFinding, ReportModel } from './model-types.ts';
import { writeOutput } from './output-file.ts';

export const MACHINE_FILE_MODE = 0o600;

export function exportRecord(f: ReportFinding) {
  return {
    fingerprint: f.fingerprint,
    rule: f.rule,
    severity: f.severity,
    title: f.title,
    message: f.message,
    status: f.status,
    firstSeen: f.firstSeen,
    period: f.period,
    district: f.district,
    districtCode: f.districtCode,
    program: f.program,
    idNumber: f.idNumber,
    name: f.name,
    accountNo: f.accountNo,
    expectedFen: f.expectedFen,
    actualFen: f.actualFen,
    subject: f.subject,
    evidence: f.evidence,
    data: f.data,
    review: f.review,
  };
}

export async function writeJson(model: ReportModel, path: string): Promise<void> {
  const { run, counts } = model;
  const head = {
    format: 'relief-recon/findings',
    version: 1,
    generatedAt: model.generatedAt,
    run: { id: run.id, startedAt: run.startedAt, finishedAt: run.finishedAt, trigger: run.trigger, outcome: run.outcome, periods: run.periods, previousRunId: run.previousRunId },
    counts: { total: counts.total, open: counts.open, byStatus: counts.byStatus, bySeverity: counts.bySeverity, falsePositive: counts.falsePositive },
    rulesNotRun: model.rules.filter((r) => r.state === 'cannot-run' || r.state === 'failed').map((r) => ({ rule: r.rule, state: r.state, reason: r.reason })),
  };
  await writeOutput(path, MACHINE_FILE_MODE, async (out) => {
    await out.write(`${JSON.stringify(head).slice(0, -1)},"findings":[`);
    let first = true;
    for await (const f of model.findings.exportAll()) {
      await out.write(`${first ? '\n' : ',\n'}${JSON.stringify(exportRecord(f))}`);
      first = false;
    }
    await out.write('\n]}\n');
  });
}
