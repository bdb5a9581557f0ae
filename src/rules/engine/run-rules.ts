/**
 * Runs the enabled rules over a set of periods and turns their hits into findings: severity from the
 * config, message text, fingerprint, evidence with file name and hash. A rule that cannot run, or
 * fails, is reported as such — never as clean.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { RuleSetting } from '../../config.ts';
import type { Database } from '../../db/index.ts';
import { stopPoint } from '../../errors.ts';
import { fingerprint } from './fingerprint.ts';
import { fillMessage } from './message.ts';
import { RULES } from '../index.ts';
import type { RuleDefinition, RuleHit, Severity } from '../types.ts';

export interface Evidence {
  file: string;
  sha256: string;
  /** 1-based source row; null when the evidence is the whole file (batch totals). */
  rowNo: number | null;
}

export interface Finding {
  rule: string;
  severity: Severity;
  title: string;
  /** The message in Chinese (the `message` column, as before) and in English (`message_en`, 0015-messages). */
  message: string;
  messageEn: string;
  fingerprint: string;
  subject: Record<string, string>;
  period: string | null;
  district: string | null;
  districtCode: string | null;
  program: string | null;
  idNumber: string | null;
  name: string | null;
  accountNo: string | null;
  expectedFen: number | null;
  actualFen: number | null;
  evidence: Evidence[];
  data: Record<string, unknown>;
}

/** What a rule declared in the config (a cross-check list) is, kept in the run record: it is in no registry. */
export interface RuleMeta {
  title: string;
  titleEn: string;
  clause: string;
  severity: Severity;
}

export type RuleOutcome = (
  | { rule: string; state: 'ran'; findings: number; ms: number }
  | { rule: string; state: 'off' }
  | { rule: string; state: 'cannot-run'; zh: string; en: string }
  | { rule: string; state: 'failed'; error: string }
) & { meta?: RuleMeta };

export interface EngineResult {
  findings: Finding[];
  outcomes: RuleOutcome[];
}

export function ruleSeverity(rule: RuleDefinition<Record<string, unknown>>, setting: RuleSetting | undefined): Severity | 'off' {
  return setting?.severity ?? rule.severity;
}

export async function runRules(
  db: Kysely<Database>,
  periods: readonly string[],
  settings: Record<string, RuleSetting> = {},
  only?: readonly string[],
  /** A stop request is honoured between rules (StopRequested); no finding is stored by this function. */
  signal?: AbortSignal,
  /** Rules declared in the config (cross-check lists), run after the registry's. */
  declared: readonly RuleDefinition[] = [],
  /** Shared by the rules of this call and of other calls given the same map (RuleContext.memo). */
  memo?: Map<string, unknown>,
): Promise<EngineResult> {
  const files = new Map((await db.selectFrom('sourceFiles').select(['id', 'fileName', 'sha256']).execute()).map((f) => [f.id, f]));
  const findings: Finding[] = [];
  const outcomes: RuleOutcome[] = [];
  for (const rule of [...Object.values(RULES), ...declared.filter((d) => !RULES[d.id])]) {
    if (only && !only.includes(rule.id)) continue;
    await stopPoint(signal, `rules:${rule.id}`);
    const setting = settings[rule.id];
    const severity = ruleSeverity(rule, setting);
    if (severity === 'off') {
      outcomes.push({ rule: rule.id, state: 'off' });
      continue;
    }
    const started = performance.now();
    let result: RuleHit[] | { cannotRun: { zh: string; en: string } };
    try {
      // Options are parsed here too (the config already refused bad ones): the rule gets typed values with the defaults filled.
      const options = rule.options.safeParse(setting?.options ?? {});
      if (!options.success) throw new Error(`options: ${z.prettifyError(options.error)}`);
      result = await rule.run({ db, periods, options: options.data, memo });
    } catch (e) {
      outcomes.push({ rule: rule.id, state: 'failed', error: e instanceof Error ? e.message : String(e) });
      continue;
    }
    if (!Array.isArray(result)) {
      outcomes.push({ rule: rule.id, state: 'cannot-run', ...result.cannotRun });
      continue;
    }
    const seen = new Set<string>();
    for (const hit of result) {
      const fp = fingerprint(rule.id, hit.subject);
      if (seen.has(fp)) continue;
      seen.add(fp);
      // A configured severity replaces the default; a per-hit raise (forbidden label) applies over the default only.
      const sev = setting?.severity && setting.severity !== 'off' ? setting.severity : (hit.severity ?? severity);
      const messageId = hit.messageId !== undefined && rule.messages[hit.messageId] !== undefined ? hit.messageId : 'default';
      findings.push({
        rule: rule.id,
        severity: sev,
        title: rule.title,
        message: fillMessage(rule.messages[messageId]!, hit.values, 'zh'),
        messageEn: fillMessage(rule.messagesEn[messageId] ?? rule.messages[messageId]!, { ...hit.values, ...hit.valuesEn }, 'en'),
        fingerprint: fp,
        subject: hit.subject,
        period: hit.period ?? hit.subject.period ?? null,
        district: hit.district ?? null,
        districtCode: hit.districtCode ?? null,
        program: hit.program ?? null,
        idNumber: hit.idNumber ?? null,
        name: hit.name ?? null,
        accountNo: hit.accountNo ?? null,
        expectedFen: hit.expectedFen ?? null,
        actualFen: hit.actualFen ?? null,
        evidence: hit.evidence.map((e) => {
          const f = files.get(e.fileId);
          return { file: f?.fileName ?? `#${e.fileId}`, sha256: f?.sha256 ?? '', rowNo: e.rowNo };
        }),
        data: hit.data ?? {},
      });
    }
    outcomes.push({ rule: rule.id, state: 'ran', findings: seen.size, ms: Math.round(performance.now() - started) });
  }
  const meta = new Map(declared.map((r): [string, RuleMeta] => [r.id, { title: r.title, titleEn: r.titleEn, clause: r.clause, severity: r.severity }]));
  return { findings, outcomes: outcomes.map((o) => (meta.has(o.rule) ? { ...o, meta: meta.get(o.rule)! } : o)) };
}
