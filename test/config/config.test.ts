/**
 * The config file against its schema (src/config-schema.ts): an operator's typo is refused with its YAML
 * line, what was found and what is allowed — in Chinese, or English with --lang en — and the command ends
 * with exit 2 and no stack trace. Rules' options are typed by each rule's own schema; init's commented
 * default is generated from the same schema, so it parses, and names every key the schema has.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { main } from '../../src/cli/main.ts';
import { DEFAULT_CONFIG_TEXT, parseConfig } from '../../src/config.ts';
import { configSchema } from '../../src/config-schema.ts';
import { openDatabase } from '../../src/db/index.ts';
import { parseProgram } from '../../src/domain/index.ts';
import { UserError } from '../../src/errors.ts';
import { defineRule } from '../../src/rules/define-rule.ts';
import { RULES, runRules } from '../../src/rules/index.ts';
import { tempDir } from '../ingest/helpers.ts';

function refusal(yaml: string): UserError {
  try {
    parseConfig(yaml, '/etc/relief-recon.yaml', '/etc/relief-recon.yaml');
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error(`accepted:\n${yaml}`);
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), isTty: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('a config with a mistake is refused, naming the line and what is allowed', () => {
  it('a misspelt rule id (which would silently leave staff-proxy on): its line, the known ids, did you mean staff-proxy', () => {
    const e = refusal('lang: zh\nrules:\n  late-payment: medium\n  staf-proxy: off\n');
    expect(e.messageZh).toBe(
      `配置文件 /etc/relief-recon.yaml 第 4 行的「rules.staf-proxy」不是已知的规则编号，是否想写 staff-proxy？（可用：${Object.keys(RULES).join(', ')}）`,
    );
    expect(e.messageEn).toBe(`Config /etc/relief-recon.yaml line 4: "rules.staf-proxy" is not a known rule id; did you mean staff-proxy? (${Object.keys(RULES).join(', ')})`);
    expect(e.exitCode).toBe(2);
    // Far from every id: no guess.
    expect(refusal('rules: { payroll-check: off }').messageZh).not.toContain('是否想写');
  });

  it('severity: urgent, as the setting or inside { severity }, lists off, high, medium, low', () => {
    expect(refusal('rules:\n  late-payment: urgent\n').messageZh).toBe('配置文件 /etc/relief-recon.yaml 第 2 行的「rules.late-payment」只能是 off、high、medium、low（现为 "urgent"）');
    const inside = refusal('rules:\n  late-payment:\n    severity: urgent\n');
    expect(inside.messageZh).toBe('配置文件 /etc/relief-recon.yaml 第 3 行的「rules.late-payment.severity」只能是 off、high、medium、low（现为 "urgent"）');
    expect(inside.messageEn).toBe('Config /etc/relief-recon.yaml line 3: "rules.late-payment.severity" must be one of off, high, medium, low (found "urgent")');
    expect(refusal('rules: { late-payment: hihg }').messageEn).toContain('did you mean high?');
    expect(refusal('referenceLists:\n  vehicles: { name: 车辆登记, title: t, clause: c, severity: urgent }\n').messageZh).toContain('第 2 行的「referenceLists.vehicles.severity」只能是 high、medium、low');
  });

  it('deadlineDay: "x" (and a day out of range) is refused with the bounds the rule declares', () => {
    const e = refusal('rules:\n  late-payment:\n    options:\n      deadlineDay: "x"\n');
    expect(e.messageZh).toBe('配置文件 /etc/relief-recon.yaml 第 4 行的「rules.late-payment.options.deadlineDay」应为 1 到 31 之间的整数（现为 "x"）');
    expect(e.messageEn).toBe('Config /etc/relief-recon.yaml line 4: "rules.late-payment.options.deadlineDay" must be a whole number from 1 to 31 (found "x")');
    expect(refusal('rules: { late-payment: { options: { deadlineDay: 32 } } }').messageZh).toContain('应为 1 到 31 之间的整数（现为 32）');
    expect(refusal('rules: { shared-account: { options: { minRecipients: 1 } } }').messageZh).toContain('「rules.shared-account.options.minRecipients」应为不小于 2 的整数（现为 1）');
    expect(refusal('rules: { funds-idle: { options: { asOf: 2026-13-01 } } }').messageZh).toContain('「rules.funds-idle.options.asOf」应为日期（YYYY-MM-DD）');
    const unknown = refusal('rules: { amount-mismatch: { options: { tolerance: 100 } } }');
    expect(unknown.messageZh).toContain('「rules.amount-mismatch.options.tolerance」不是已知的配置项，是否想写 toleranceFen？（可用：toleranceFen）');
    expect(refusal('rules: { bank-fee: { options: { x: 1 } } }').messageEn).toContain('"rules.bank-fee.options.x" is not a known key (none can be set here)');
  });

  it('an unknown top-level key, and an unknown key deeper in, each with the keys that exist there', () => {
    const e = refusal('lang: zh\nreport: data/reports\n');
    expect(e.messageZh).toBe(
      '配置文件 /etc/relief-recon.yaml 第 2 行的「report」不是已知的配置项，是否想写 reports？（可用：database, inbox, archive, reports, lang, schedule, rules, bankProfiles, batchNumber, inboxProfiles, portal, allocation, notice, referenceLists）',
    );
    expect(refusal('schedule:\n  cron: "0 3 * * *"\n  tz: Asia/Shanghai\n').messageZh).toContain('第 3 行的「schedule.tz」不是已知的配置项（可用：cron, timezone）');
    expect(refusal('bankProfiles:\n  x:\n    delimiter: ","\n    columns: [amount, status, accountNo]\n    header: true\n').messageZh).toContain('第 5 行的「bankProfiles.x.header」不是已知的配置项');
  });

  it('every problem at once, in line order; a missing required key at its parent line', () => {
    const e = refusal('rules:\n  staf-proxy: off\nnotice:\n  days: 0\nreferenceLists:\n  vehicles:\n    name: 车辆登记\n    clause: c\n');
    expect(e.messageZh.split('\n')).toEqual([
      expect.stringMatching(/^配置文件 \/etc\/relief-recon.yaml 第 2 行的「rules.staf-proxy」不是已知的规则编号/),
      '配置文件 /etc/relief-recon.yaml 第 4 行的「notice.days」应为 1 到 90 之间的整数（现为 0）',
      '配置文件 /etc/relief-recon.yaml 第 6 行的「referenceLists.vehicles.title」缺少（必填）：应为文本',
    ]);
  });

  it('the command refuses it: Chinese by default, English with --lang en, exit 2, no stack trace', async () => {
    const dir = tempDir('config-');
    const config = join(dir, 'relief-recon.yaml');
    writeFileSync(config, 'database: relief-recon.db\nrules:\n  staf-proxy: off\n');
    const zh = await cli('check', '--config', config);
    expect(zh.code).toBe(2);
    expect(zh.err).toBe(`错误：配置文件 ${config} 第 3 行的「rules.staf-proxy」不是已知的规则编号，是否想写 staff-proxy？（可用：${Object.keys(RULES).join(', ')}）`);
    const en = await cli('check', '--config', config, '--lang', 'en');
    expect(en.code).toBe(2);
    expect(en.err).toBe(`error: Config ${config} line 3: "rules.staf-proxy" is not a known rule id; did you mean staff-proxy? (${Object.keys(RULES).join(', ')})`);
    expect(en.err).not.toMatch(/\n\s+at /);
    writeFileSync(config, 'rules:\n  late-payment: { severity: urgent }\n');
    expect((await cli('run', '--config', config, '--lang', 'en')).err).toBe(`error: Config ${config} line 2: "rules.late-payment.severity" must be one of off, high, medium, low (found "urgent")`);
  });
});

describe('what a good config gives', () => {
  it('a rule setting as a severity or { severity, options }, the options typed with the defaults filled', () => {
    const c = parseConfig('rules:\n  staff-recipient: off\n  late-payment: { options: { deadlineDay: 25 } }\n  funds-idle: { severity: high, options: { asOf: "2026-09-30" } }\n', 'c.yaml', null);
    expect(c.rules).toEqual({
      'staff-recipient': { severity: 'off' },
      'late-payment': { options: { deadlineDay: 25 } },
      'funds-idle': { severity: 'high', options: { days: 30, yearEndShare: 0.2, asOf: '2026-09-30' } },
    });
  });

  it('a key left empty means its default (rules: with every rule commented out), as before', () => {
    const c = parseConfig('rules:\n  # staff-recipient: off\nportal:\nnotice:\n  issuer:\n', '/srv/rr/relief-recon.yaml', null);
    expect(c.rules).toEqual({});
    expect(c.portal.port).toBe(8640);
    expect(c.notice.issuer).toBeNull();
  });

  it('a declared list is a rule: rules.list-<key> may set it, and only when the list is declared', () => {
    const list = 'referenceLists:\n  vehicles: { name: 车辆登记, title: 名下有机动车, clause: 第十条 }\n';
    expect(parseConfig(`${list}rules:\n  list-vehicles: high\n`, 'c.yaml', null).rules).toEqual({ 'list-vehicles': { severity: 'high' } });
    expect(refusal(`${list}rules:\n  list-vehicles: { options: { x: 1 } }\n`).messageZh).toContain('第 4 行的「rules.list-vehicles.options.x」不是已知的配置项');
    expect(refusal('rules:\n  list-vehicles: high\n').messageZh).toContain('第 2 行的「rules.list-vehicles」不是已知的规则编号');
  });

  it('the engine hands a rule parsed options, and says a rule failed when a caller passes bad ones', async () => {
    const db = await openDatabase(':memory:');
    const result = await runRules(db.kysely, ['2026-11'], { 'late-payment': { options: { deadlineDay: 'x' } } }, ['late-payment']);
    await db.close();
    expect(result.outcomes).toEqual([{ rule: 'late-payment', state: 'failed', error: expect.stringContaining('deadlineDay') }]);
  });

  it("each rule's doc page lists exactly the options its schema declares, with their defaults", () => {
    for (const rule of Object.values(RULES)) {
      const page = readFileSync(new URL(`../../docs/rules/${rule.id}.md`, import.meta.url), 'utf8');
      const rows = [...page.matchAll(/^\| `(\w+)` \| (.+?) \|/gm)].map((m) => [m[1]!, m[2]!] as const);
      expect(rows.map(([k]) => k).sort(), rule.id).toEqual(Object.keys(rule.defaultOptions).sort());
      for (const [k, shown] of rows) {
        const def = (rule.defaultOptions as Record<string, unknown>)[k];
        if (def !== null) expect(shown, `${rule.id}.${k}`).toBe(`\`${String(def)}\``);
      }
    }
  });

  it('defineRule wants a default and a description for every option, and refuses unknown options', () => {
    const base = { id: 'x-rule', title: 't', titleEn: 't', severity: 'low' as const, clause: 'c', reads: [], messages: { default: 'm' }, messagesEn: { default: 'm' }, run: async () => [] };
    expect(() => defineRule({ ...base, options: { n: z.number().meta({ description: '数' }) } })).toThrow(/every option needs a default/);
    expect(() => defineRule({ ...base, options: { n: z.number().default(1) } })).toThrow(/needs .meta\(\{ description \}\)/);
    const rule = defineRule({ ...base, options: { n: z.number().int().default(1).meta({ description: '数' }) } });
    expect(rule.defaultOptions).toEqual({ n: 1 });
    expect(rule.options.safeParse({ m: 1 }).success).toBe(false);
  });
});

/** Every key path of the schema (records by their value's keys), with the rules' ids and options. */
function schemaKeys(schema: z.ZodType, out: string[] = []): string[] {
  let s = schema as z.ZodType & { def: { type: string; innerType?: z.ZodType; in?: z.ZodType; shape?: Record<string, z.ZodType>; valueType?: z.ZodType; options?: z.ZodType[] } };
  while (['default', 'prefault', 'optional', 'nullable', 'pipe'].includes(s.def.type)) s = (s.def.innerType ?? s.def.in) as typeof s;
  if (s.def.type === 'object') for (const [k, v] of Object.entries(s.def.shape!)) out.push(k, ...schemaKeys(v));
  if (s.def.type === 'record') schemaKeys(s.def.valueType!, out);
  if (s.def.type === 'union') for (const o of s.def.options!) schemaKeys(o, out);
  return out;
}

describe("init's default config, generated from the schema", () => {
  it('parses, and gives the same config as no config at all (bar the example bank profile)', () => {
    const generated = parseConfig(DEFAULT_CONFIG_TEXT, '/srv/rr/relief-recon.yaml', null);
    const empty = parseConfig('', '/srv/rr/relief-recon.yaml', null);
    expect({ ...generated, bankProfiles: {}, inboxProfiles: [] }).toEqual(empty);
    expect(generated.bankProfiles['cq-rcb']).toMatchObject({ delimiter: '|', encoding: 'gb18030', amountsInFen: true, bank: '重庆农村商业银行' });
  });

  it('names every key of the schema, every rule with its options, each key with a Chinese description', () => {
    const keys = [...new Set(schemaKeys(configSchema(['public-employees'])))];
    expect(keys).toContain('deadlineDay');
    expect(keys).toContain('amountsInFen');
    for (const key of keys) expect(DEFAULT_CONFIG_TEXT, key).toMatch(new RegExp(`(^|[\\s{,#])${key.replace(/-/g, '\\-')}:`, 'm'));
    for (const rule of Object.values(RULES)) expect(DEFAULT_CONFIG_TEXT).toContain(`#   ${rule.id}: `);
    // A nested key of the schema carries its Chinese description after it (the operator's own names, such as a bank profile's, do not).
    const nested = DEFAULT_CONFIG_TEXT.split('\n').filter((l) => keys.includes(/^(?:# )? +(?:# )?([A-Za-z]+):/.exec(l)?.[1] ?? ''));
    expect(nested.length).toBeGreaterThan(35);
    for (const line of nested) expect(line, line).toMatch(/:.*  # .*[\u4e00-\u9fff]/);
  });

  it('its commented examples parse once uncommented: the rule list, the batch-number pattern, the list, the issuer', () => {
    const lines = DEFAULT_CONFIG_TEXT.split('\n');
    const ruleLines = lines.filter((l) => /^#   ([a-z-]+): /.exec(l)?.[1]! in RULES).map((l) => l.replace(/^#   /, '  ').replace(/   # .*$/, ''));
    let block = false;
    const uncommented = lines.map((l) => {
      if (l === '# batchNumber:' || l === '# referenceLists:') block = true;
      else if (!l.startsWith('#   ')) block = false;
      if (block) return l.slice(2);
      return l.replace(/^  # issuer:/, '  issuer:');
    });
    const text = uncommented.join('\n').replace(/^rules: \{\}$/m, `rules:\n${ruleLines.join('\n')}`);
    const c = parseConfig(text, '/srv/rr/relief-recon.yaml', null);
    expect(Object.keys(c.rules)).toEqual(Object.keys(RULES));
    expect(c.rules['late-payment']).toEqual({ severity: 'medium', options: { deadlineDay: 28 } });
    expect(c.batchNumber?.programs).toEqual({ '01': parseProgram('低保'), '02': parseProgram('特困'), '03': parseProgram('临时救助') });
    expect(Object.values(c.batchNumber!.programs)).not.toContain(null);
    expect(c.batchNumber?.pattern.exec('20261150010301000123')?.groups).toMatchObject({ period: '202611', district: '500103', program: '01' });
    expect(c.referenceLists).toEqual([expect.objectContaining({ key: 'public-employees', name: '财政供养人员', severity: 'high', files: ['财政供养人员*'] })]);
    expect(c.notice.issuer).toBe('某某镇人民政府');
  });
});
