/**
 * The demo data maker behind `generate` and `demo`: a realistic Chongqing month (rosters, bank result files,
 * staff and proxy registries, deaths, standards) with planted anomalies and a ground-truth file of every
 * finding they must cause (the demo shows what the engine finds, and the ground truth says what it should).
 * Same seed → byte-identical files. See ground-truth.ts for the subject-key conventions. It depends on nothing
 * else in src/ (it has its own GB 11643 check), so the tests that hold the engine to its ground truth compare
 * two independent readings. Test-only support (the oracle, the benchmark files) stays in fixtures/generator.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Rng } from './rng.ts';
import { CHONGQING_DISTRICTS, DEFAULT_DISTRICT_CODES } from './reference-data.ts';
import { buildPopulation } from './population.ts';
import { PlantContext } from './plant-context.ts';
import { placeNearMisses } from './near-misses.ts';
import { plantAnomalies } from './anomalies.ts';
import { plantMultipleApprovals } from './multi-approval.ts';
import { groundTruth } from './expectations.ts';
import { writeBankFile } from './bank-writer.ts';
import { writeRosterFile, type RosterLayout } from './roster-writer.ts';
import { deathsFile, proxyFile, staffFile, standardsFile } from './reference-writer.ts';
import { ANOMALY_KINDS, type AnomalyKind, type GroundTruth } from './ground-truth.ts';
import { PROGRAMS, type BankFormat, type Dataset, type RosterFormat } from './model.ts';
import { compactPeriod } from './naming.ts';
import { fundsFiles, type FundsTruth } from './funds.ts';
import { plantCrossCheckList, type CrossCheckListSpec } from './cross-check-list.ts';

export { BANK_PROFILES, type GeneratorBankProfile, type CanonicalBankField } from './bank-profiles.ts';
export { ANOMALY_KINDS, DEFAULT_SEVERITY, findingKey } from './ground-truth.ts';
export type { AnomalyKind, ExpectedFinding, GroundTruth, NearMiss, PlantedAnomaly, BatchFigures, Subject, Severity } from './ground-truth.ts';
export { BANKS, CHONGQING_DISTRICTS, COMMUNITY_STEMS, GIVEN_CHARS_OLD, GIVEN_CHARS_YOUNG, SURNAMES, VILLAGE_STEMS } from './reference-data.ts';
export { Rng } from './rng.ts';
export { idCheckChar, isValidIdNumber } from './id-number.ts';
export { BATCH_NUMBER_CONFIG } from './multi-approval.ts';
export { FUNDS_RULES, type FundsTruth, type FundsFinding, type FundsRule } from './funds.ts';

export interface GenerateOptions {
  /** Same seed → byte-identical output. */
  seed: number;
  /** Folder to write into (created if missing; existing files of the same names are overwritten). */
  outDir: string;
  /** `YYYY-MM`. */
  period: string;
  /** A count (default: 万州区, 渝中区, 酉阳 first, then seeded picks) or district codes / names. */
  districts?: number | string[];
  /** Approved roster rows across all districts and programs (default 2000). */
  rosterRows?: number;
  /** Fraction of roster rows that get an anomaly planted (default 0.02); 0 = clean (near misses only). */
  anomalyRate?: number;
  /** Kinds to plant (default: all 20); each is planted at least once when the rate is above 0 and rows allow. */
  anomalies?: AnomalyKind[];
  /** Default: rosters by district xlsx / csv / csv-gbk, banks by batch csv / csv-gbk / xlsx / profile-txt. */
  formats?: { roster?: RosterFormat; bank?: BankFormat };
  /** Deaths list and standards table (default true). Without them, deceased / above-standard are not planted. */
  withReferenceLists?: boolean;
  /** The money trail (issue 15, funds.ts): an allocation file and a petty-cash ledger, with their own ground truth. */
  withFunds?: boolean;
  /** Cross-check lists declared in the config to plant matches for (default none); see cross-check-list.ts. */
  crossCheckLists?: CrossCheckListSpec[];
}

export type FileKind = 'roster' | 'bank' | 'staff' | 'proxy' | 'deaths' | 'standards' | 'allocation' | 'petty-cash' | 'list';

export interface GeneratedFile {
  path: string;
  kind: FileKind;
  /** What to pass to ingest: period `YYYY-MM`, district NAME, program code, bank profile name. */
  options: { period?: string; district?: string; program?: string; profile?: string; list?: string };
}

export interface GenerateStats {
  districts: string[];
  rosterRows: number;
  bankRows: number;
  batches: number;
  staff: number;
  proxies: number;
  deaths: number;
  planted: number;
  plantedByKind: Record<string, number>;
  expectedFindings: number;
  expectedByRule: Record<string, number>;
  nearMisses: number;
  files: number;
}

export interface GenerateResult {
  files: GeneratedFile[];
  groundTruth: GroundTruth;
  stats: GenerateStats;
  /** With `withFunds`: the funds rules' ground truth (funds-ground-truth.json). */
  funds?: FundsTruth;
}

const ROSTER_LAYOUTS: readonly RosterLayout[] = ['full', 'alt', 'per-program'];
const ROSTER_FORMATS: readonly RosterFormat[] = ['xlsx', 'csv', 'csv-gbk'];
const BANK_FORMATS: readonly BankFormat[] = ['csv', 'csv-gbk', 'xlsx', 'profile-txt'];

function resolveDistricts(rng: Rng, districts: number | string[] | undefined): string[] {
  if (Array.isArray(districts)) {
    const codes = districts.map((d) => {
      const info = CHONGQING_DISTRICTS.find((x) => x.code === d || x.name === d);
      if (!info) throw new Error(`unknown Chongqing district: ${d}`);
      return info.code;
    });
    if (codes.length === 0 || new Set(codes).size !== codes.length) throw new Error('districts must be distinct and not empty');
    return codes;
  }
  const n = districts ?? DEFAULT_DISTRICT_CODES.length;
  if (!Number.isInteger(n) || n < 1 || n > CHONGQING_DISTRICTS.length) throw new Error(`districts must be 1–${CHONGQING_DISTRICTS.length}`);
  const others = rng.shuffle(CHONGQING_DISTRICTS.map((d) => d.code).filter((c) => !DEFAULT_DISTRICT_CODES.includes(c)));
  return [...DEFAULT_DISTRICT_CODES, ...others].slice(0, n);
}

/** Final touches after planting: serial numbers, registry order, roster order. */
function finalize(ds: Dataset): void {
  ds.batches.forEach((b, bi) => {
    const day = compactPeriod(b.period) + String(b.payDay).padStart(2, '0');
    b.rows.forEach((r, i) => (r.serialNo = `${day}${String(bi + 1).padStart(3, '0')}${String(i + 1).padStart(6, '0')}`));
  });
  ds.proxies.sort((a, b) => (a.filedOn < b.filedOn ? -1 : a.filedOn > b.filedOn ? 1 : a.agreementNo < b.agreementNo ? -1 : 1));
  ds.deaths.sort((a, b) => (a.diedOn < b.diedOn ? -1 : a.diedOn > b.diedOn ? 1 : a.idNumber < b.idNumber ? -1 : 1));
  const unitOrder = (s: { districtCode: string; township: string; unit: string; idNumber: string }): string => `${s.districtCode}|${s.township}|${s.unit}|${s.idNumber}`;
  ds.staff.sort((a, b) => (unitOrder(a) < unitOrder(b) ? -1 : 1));
  const districtOrder = new Map(ds.districts.map((d, i) => [d.info.code, i]));
  const place = (r: { districtCode: string; township: string; village: string }): string => `${String(districtOrder.get(r.districtCode)).padStart(3, '0')}|${r.township}|${r.village}`;
  ds.roster.sort((a, b) => (place(a) < place(b) ? -1 : place(a) > place(b) ? 1 : a.ref - b.ref));
}

export async function generateDataset(opts: GenerateOptions): Promise<GenerateResult> {
  if (!Number.isInteger(opts.seed)) throw new Error('seed must be an integer');
  const rosterRows = opts.rosterRows ?? 2000;
  const rate = opts.anomalyRate ?? 0.02;
  if (!Number.isInteger(rosterRows) || rosterRows < 1) throw new Error('rosterRows must be a positive integer');
  if (!(rate >= 0 && rate <= 1)) throw new Error('anomalyRate must be between 0 and 1');
  const kinds = opts.anomalies ?? [...ANOMALY_KINDS];
  for (const k of kinds) if (!ANOMALY_KINDS.includes(k)) throw new Error(`unknown anomaly kind: ${k}`);
  const withReferenceLists = opts.withReferenceLists ?? true;

  const rng = new Rng(opts.seed);
  const districtCodes = resolveDistricts(rng.fork('districts'), opts.districts);
  const { dataset: ds, identities } = buildPopulation(rng.fork('population'), {
    seed: opts.seed,
    period: opts.period,
    districtCodes,
    rosterRows,
    bankFormat: (i) => opts.formats?.bank ?? BANK_FORMATS[i % BANK_FORMATS.length]!,
    withReferenceLists,
  });
  const ctx = new PlantContext(rng.fork('plant'), ds, identities);
  placeNearMisses(ctx);
  if (rate > 0 && kinds.length > 0) plantAnomalies(ctx, [...new Set(kinds)], Math.round(rate * rosterRows));
  if (rate > 0 && kinds.length === ANOMALY_KINDS.length) plantMultipleApprovals(ctx);
  finalize(ds);
  const truth = groundTruth(ds);

  await mkdir(opts.outDir, { recursive: true });
  const files: GeneratedFile[] = [];
  const put = async (f: { name: string; bytes: Buffer }, kind: FileKind, options: GeneratedFile['options']): Promise<void> => {
    const path = join(opts.outDir, f.name);
    await writeFile(path, f.bytes);
    files.push({ path, kind, options });
  };

  const writerRng = rng.fork('writers');
  for (const [i, d] of ds.districts.entries()) {
    const layout = ROSTER_LAYOUTS[i % ROSTER_LAYOUTS.length]!;
    const format = opts.formats?.roster ?? ROSTER_FORMATS[i % ROSTER_FORMATS.length]!;
    const rows = ds.roster.filter((r) => r.districtCode === d.info.code);
    const base = { layout, format, period: ds.period, district: d.info.name, districtCode: d.info.code };
    if (layout === 'per-program') {
      for (const program of PROGRAMS) {
        const pr = rows.filter((r) => r.program === program);
        if (pr.length === 0) continue;
        await put(await writeRosterFile({ ...base, program, rows: pr }), 'roster', { period: ds.period, district: d.info.name, program });
      }
    } else {
      await put(await writeRosterFile({ ...base, rows }), 'roster', { period: ds.period, district: d.info.name });
    }
  }
  for (const b of ds.batches) {
    const options: GeneratedFile['options'] = b.factsWithheld ? { period: b.period } : { period: b.period, district: b.district, program: b.program };
    if (b.format === 'profile-txt') options.profile = 'cq-rcb';
    await put(await writeBankFile(b, writerRng.fork(b.fileName)), 'bank', options);
  }
  await put(staffFile(ds), 'staff', {});
  await put(proxyFile(ds), 'proxy', {});
  if (withReferenceLists) {
    await put(deathsFile(ds), 'deaths', {});
    await put(standardsFile(ds), 'standards', {});
  }
  for (const spec of opts.crossCheckLists ?? []) {
    const list = plantCrossCheckList(ds, rng.fork(`list:${spec.key}`), identities, spec);
    for (const f of list.files) await put(f, 'list', { list: spec.key });
    truth.planted.push(...list.planted);
    truth.expectedFindings.push(...list.expected);
    truth.nearMisses.push(...list.nearMisses);
  }
  await writeFile(join(opts.outDir, 'ground-truth.json'), JSON.stringify(truth, null, 2) + '\n');
  let funds: FundsTruth | undefined;
  if (opts.withFunds) {
    const f = await fundsFiles(ds);
    await put(f.allocation, 'allocation', {});
    await put(f.pettyCash, 'petty-cash', { district: f.pettyCash.district });
    await writeFile(join(opts.outDir, 'funds-ground-truth.json'), JSON.stringify(f.truth, null, 2) + '\n');
    funds = f.truth;
  }

  const count = (xs: readonly string[]): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const x of xs) out[x] = (out[x] ?? 0) + 1;
    return out;
  };
  const stats: GenerateStats = {
    districts: ds.districts.map((d) => d.info.name),
    rosterRows: ds.roster.length,
    bankRows: ds.batches.reduce((s, b) => s + b.rows.length, 0),
    batches: ds.batches.length,
    staff: ds.staff.length,
    proxies: ds.proxies.length,
    deaths: ds.deaths.length,
    planted: truth.planted.length,
    plantedByKind: count(truth.planted.map((p) => p.kind)),
    expectedFindings: truth.expectedFindings.length,
    expectedByRule: count(truth.expectedFindings.map((f) => f.rule)),
    nearMisses: truth.nearMisses.length,
    files: files.length,
  };
  return { files, groundTruth: truth, stats, ...(funds ? { funds } : {}) };
}
