/**
 * The config file's schema (zod): every key with its type, bounds, default and a Chinese description.
 * `parseConfig` checks a file against it (unknown keys, rule ids, severities and option values refused);
 * `init`'s commented default config is generated from it (config-template.ts), so the two cannot drift.
 * The rules' options come from each rule's own schema (`defineRule`).
 */
import { z } from 'zod';
import { placeholders } from './messages/index.ts';
import { parseProgram, type PaymentStatus } from './domain/index.ts';
import { RULES } from './rules/index.ts';

/** What a schema node carries besides its type, read by the refusal messages and the default-config generator. */
export interface FieldMeta {
  /** Chinese description: the comment above a top-level key, after a nested one, in the default config. */
  description?: string;
  /** English line under the Chinese description (top-level keys). */
  en?: string;
  /** What a good value looks like, for a refusal (replaces the generic 应为文本 / must be text). */
  hint?: { zh: string; en: string };
  /** For a map keyed by the operator's names: what a key must look like. */
  keyHint?: { zh: string; en: string };
  /** The value the default config shows, when it is not the default (a bank profile, a list). */
  example?: unknown;
  /** Shown commented out in the default config: an optional section, by example. */
  commented?: boolean;
}

/** Attaches FieldMeta to a schema node (zod's metadata registry). */
export function meta<T extends z.ZodType>(schema: T, m: FieldMeta): T {
  return schema.meta(m as Record<string, unknown>) as T;
}

export const SEVERITIES = ['high', 'medium', 'low'] as const;
export const RULE_SEVERITIES = ['off', ...SEVERITIES] as const;
export const NAME_MASKS = ['full', 'partial', 'surname'] as const;
export const PORTAL_ROLES = ['operator', 'bank', 'supervisor'] as const;
export const BATCH_NUMBER_GROUPS = ['period', 'district', 'program'] as const;
export const WEIGHT_KEYS = ['recipients', 'hardship', 'effort', 'performance'] as const;
export const STATUSES = ['paid', 'failed', 'returned', 'pending'] as const satisfies readonly PaymentStatus[];
export const BANK_FIELDS = ['accountNo', 'accountHolder', 'idNumber', 'amount', 'fee', 'label', 'paidOn', 'status', 'serialNo', 'batchNo', 'failReason', 'period', 'district', 'program', 'bankName'] as const;
/** Documented defaults of the 因素法 weights (docs/funds.md). */
export const DEFAULT_ALLOCATION_WEIGHTS = { recipients: '50', hardship: '20', effort: '15', performance: '15' } as const;
export const DEFAULT_ID_COLUMNS = ['身份证号码', '身份证号', '公民身份号码', '证件号码', '身份证'];
export const DEFAULT_NAME_COLUMNS = ['姓名', '名称'];
export const DEFAULT_LIST_MESSAGE = '{who}出现在「{list}」中（{listRow}），本月享受{programs}，核定 {approvedFen} 元';
export const DEFAULT_LIST_MESSAGE_EN = '{who} is on the list "{list}" ({listRow}), receives {programs} this month, {approvedFen} yuan approved';
export const DEFAULT_COMPLAINT_CHANNEL = '所在乡镇（街道）社会救助经办机构及县级民政部门';
export const LIST_KEY = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

const TEXT = { zh: '应为文本', en: 'must be text' };
const text = () => meta(z.string().trim().min(1), { hint: TEXT });
const texts = (d: string[]) => z.array(z.string().trim().min(1)).min(1).default(d);
const int = (def: number, min: number, max: number, description: string) =>
  meta(z.number().int().min(min).max(max).default(def), { description, hint: { zh: `应为 ${min} 到 ${max} 之间的整数`, en: `must be a whole number from ${min} to ${max}` } });
const pathField = (def: string, description?: string) => meta(z.string().min(1).default(def), { description, hint: { zh: '应为路径文本', en: 'must be a path' } });

/** A 因素法 weight in percent: a number or a decimal text, kept as written. */
const weight = (k: (typeof WEIGHT_KEYS)[number], description: string) =>
  meta(z.union([z.number(), z.string()]).transform(String).prefault(Number(DEFAULT_ALLOCATION_WEIGHTS[k])), { description, hint: { zh: '应为百分数（如 50）', en: 'must be a percentage (e.g. 50)' } });

/** A rule's setting: a severity (or off), or { severity, options } with the rule's own options schema. */
function ruleSetting(options: z.ZodType, title: string) {
  const severity = z.enum(RULE_SEVERITIES);
  return meta(
    z.union([severity.transform((s) => ({ severity: s })), z.strictObject({ severity: severity.optional(), options: options.optional() })]),
    { description: title, hint: { zh: '只能是 off、high、medium、low，或 { severity, options }', en: 'must be off, high, medium or low, or { severity, options }' } },
  );
}

const bankProfile = z
  .strictObject({
    bank: meta(z.string().trim().min(1).transform((s) => s.slice(0, 100)).optional(), {
      description: '这些文件所属的银行：批次只能由同一家银行的文件替代',
      hint: { zh: '应为银行名称，如 重庆农村商业银行', en: 'must be a bank name' },
    }),
    delimiter: meta(z.string().transform((d) => (d === '\\t' ? '\t' : d)).pipe(z.string().length(1)), {
      description: '分隔字符（制表符写 "\\t"）',
      hint: { zh: '应为单个分隔字符，如 "|"', en: 'must be one character' },
    }),
    encoding: meta(z.enum(['auto', 'utf-8', 'utf-8-bom', 'gb18030', 'gbk']).default('auto'), { description: '文件编码：auto、utf-8、utf-8-bom、gb18030（或 gbk）' }),
    columns: meta(z.array(z.enum(BANK_FIELDS).nullable()).min(1), {
      description: '各列对应的标准字段，按顺序；null 表示不用该列',
      hint: { zh: '应为字段名列表', en: 'must be a list of fields' },
    }),
    statusCodes: meta(z.record(z.string(), z.enum(STATUSES)).default({}), { description: '银行自己的状态代码 → paid / failed / returned / pending' }),
    amountsInFen: meta(z.boolean().default(false), { description: '金额以分为单位（整数）' }),
  })
  .superRefine((p, ctx) => {
    if (!p.columns.includes('amount') || !p.columns.includes('status') || !(p.columns.includes('accountNo') || p.columns.includes('idNumber'))) {
      ctx.addIssue({ code: 'custom', path: ['columns'], message: 'needs amount, status, and accountNo or idNumber', params: { zh: '至少要有 amount、status，以及 accountNo 或 idNumber' } });
    }
  });

const batchNumber = z
  .strictObject({
    pattern: meta(z.string().min(1), { description: '正则表达式，命名分组 period / district / program', hint: { zh: '应为正则表达式文本', en: 'must be a regular expression' } }),
    programs: meta(z.record(z.string(), z.string()).default({}), {
      description: '类别代码表：代码 → 低保 / 特困 / 临时救助',
      hint: { zh: '应为「类别代码: 类别」的键值对', en: 'must map program codes to programs' },
    }),
  })
  .superRefine((b, ctx) => {
    try {
      new RegExp(b.pattern, 'u');
    } catch (e) {
      const why = (e as Error).message;
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: `is not a valid regular expression: ${why}`, params: { zh: `不是有效的正则表达式：${why}` } });
      return;
    }
    // The names of the pattern's groups, read off its source.
    const groups = [...b.pattern.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)].map((m) => m[1]!);
    const usable = groups.filter((g) => (BATCH_NUMBER_GROUPS as readonly string[]).includes(g));
    if (usable.length === 0) {
      ctx.addIssue({
        code: 'custom', path: ['pattern'], message: 'has no usable named group: it needs (?<period>…), (?<district>…) or (?<program>…)',
        params: { zh: '没有可用的命名分组：应含 (?<period>…)、(?<district>…) 或 (?<program>…) 至少一个' },
      });
    }
    for (const [code, name] of Object.entries(b.programs)) {
      if (!parseProgram(name)) ctx.addIssue({ code: 'custom', path: ['programs', code], message: 'must be 低保, 特困 or 临时救助', params: { zh: '应为低保、特困或临时救助' } });
    }
    if (usable.includes('program') && Object.keys(b.programs).length === 0) {
      ctx.addIssue({
        code: 'custom', path: ['programs'], message: 'is missing: the pattern has a program group, so give the program-code table (e.g. { "01": 低保 })',
        params: { zh: '缺少：pattern 有 program 分组，需要类别代码表（如 { "01": 低保 }）' },
      });
    }
  });

const referenceList = z.strictObject({
  name: meta(text(), { description: '名单名称（必填）' }),
  files: meta(z.array(z.string().trim().min(1)).min(1).optional(), { description: '收件箱中按此通配符识别为本名单的文件名' }),
  idColumns: meta(texts(DEFAULT_ID_COLUMNS), { description: `身份证号列（任一；默认：${DEFAULT_ID_COLUMNS.join('、')}）` }),
  nameColumns: meta(texts(DEFAULT_NAME_COLUMNS), { description: `姓名列（任一；默认：${DEFAULT_NAME_COLUMNS.join('、')}）` }),
  severity: meta(z.enum(SEVERITIES).default('medium'), { description: '级别：high / medium（默认）/ low' }),
  title: meta(text(), { description: '疑点标题（必填）' }),
  titleEn: meta(text().optional(), { description: '英文标题（可选）' }),
  clause: meta(text(), { description: '政策依据（必填）' }),
  message: meta(text().default(DEFAULT_LIST_MESSAGE), { description: '疑点说明，可用 {who} {list} {listRow} {programs} {approvedFen}' }),
  messageEn: meta(text().optional(), { description: '英文疑点说明（可选），占位符须与 message 的相同' }),
  proxies: meta(z.boolean().default(true), { description: '代领人也比对（默认 true）' }),
}).superRefine((l, ctx) => {
  if (l.messageEn === undefined) return;
  const [zh, en] = [placeholders(l.message).join(', '), placeholders(l.messageEn).join(', ')];
  if (zh !== en) {
    ctx.addIssue({
      code: 'custom', path: ['messageEn'], message: `must have the placeholders of message (${zh || 'none'}), not (${en || 'none'})`,
      params: { zh: `的占位符（${en || '无'}）应与 message 的相同（${zh || '无'}）` },
    });
  }
});

/** The config's schema; `listKeys` are the reference lists the file declares, whose rules `list-<key>` may be set under `rules`. */
export function configSchema(listKeys: readonly string[] = []) {
  const ruleFields: Record<string, z.ZodType> = {};
  for (const rule of Object.values(RULES)) ruleFields[rule.id] = ruleSetting(rule.options, rule.title).optional();
  for (const key of listKeys) ruleFields[`list-${key}`] ??= ruleSetting(z.strictObject({}), `比对名单 ${key}`).optional();
  return z
    .strictObject({
      database: meta(pathField('data/relief-recon.db'), {
        description: '数据库：SQLite 文件路径（默认内置），或 PostgreSQL 地址 postgres://用户@主机:端口/库名（密码用环境变量 RELIEF_DB_PASSWORD）。',
        en: 'Database: a SQLite file path, or postgres://user@host:port/db (password in the RELIEF_DB_PASSWORD environment variable).',
      }),
      inbox: meta(pathField('data/inbox'), { description: '待处理文件目录（夜间任务从这里取文件）。', en: 'Inbox: the nightly run takes its files from here.' }),
      archive: meta(pathField('data/archive'), { description: '原件归档目录。', en: 'Archive of the original files.' }),
      reports: meta(pathField('data/reports'), { description: '报告输出目录。', en: 'Where the reports are written.' }),
      lang: meta(z.enum(['zh', 'en']).default('zh'), { description: '界面语言：zh（中文）或 en。', en: 'Language of the output: zh or en.' }),
      schedule: meta(
        z.strictObject({
          cron: meta(z.string().min(1).default('0 2 * * *'), { description: 'cron 表达式（分 时 日 月 周）', hint: { zh: '应为 cron 表达式文本', en: 'must be a cron expression' } }),
          timezone: meta(z.string().min(1).default('Asia/Shanghai'), { description: '时区', hint: { zh: '应为时区名称', en: 'must be a time zone name' } }),
        }).prefault({}),
        { description: '夜间定时任务（node-cron 表达式，北京时间）。', en: 'Nightly schedule.' },
      ),
      rules: meta(z.strictObject(ruleFields).prefault({}), {
        description: '规则设置：规则编号: off | high | medium | low，或 { severity: ..., options: {...} }。全部规则及其选项（默认值）：',
        en: 'Rule settings: a severity, off, or { severity, options }. Every rule and its options (defaults):',
      }),
      bankProfiles: meta(z.record(z.string().min(1), bankProfile).default({}), {
        description: '银行配置：没有表头的银行回盘文本文件按此读取。新增银行只需在此添加，无需改代码。\n例：重庆农村商业银行代发回盘：竖线分隔、GBK、无表头，金额以分为单位，第 8 列（网点号）不用。',
        en: 'Bank profiles for header-less result files. columns: the canonical field of each column, in order\n(' + BANK_FIELDS.join(', ') + '; null = ignore the column).',
        example: {
          'cq-rcb': {
            bank: '重庆农村商业银行', delimiter: '|', encoding: 'gb18030',
            columns: ['batchNo', 'serialNo', 'accountNo', 'accountHolder', 'idNumber', 'amount', 'fee', null, 'label', 'paidOn', 'status', 'failReason'],
            statusCodes: { S: 'paid', F: 'failed', B: 'returned', P: 'pending' }, amountsInFen: true,
          },
        },
      }),
      batchNumber: meta(batchNumber.nullable().default(null), {
        description:
          '批次号规则（可选）：文件既未指定、也没有区县/类别列时，从银行批次号中读出所属期、区县和类别，用于把每笔发放\n对应到正确的核定记录。正则表达式的命名分组：period（YYYYMM）、district（6 位区划代码或区县名）、program（类别代码，\n按 programs 表查找）。例如重庆各代发银行的「年月 + 区划代码 + 类别代码 + 序号」：',
        en: "Batch-number pattern (optional): decodes a batch's period / district / program when neither the ingest facts\nnor the file's columns give them. Named groups: period, district, program (looked up in programs).",
        example: { pattern: '^(?<period>\\d{6})(?<district>\\d{6})(?<program>\\d{2})\\d+$', programs: { '01': '低保', '02': '特困', '03': '临时救助' } },
        commented: true,
      }),
      inboxProfiles: meta(z.record(z.string().min(1), z.string().min(1)).default({}), {
        description: '收件箱中没有表头的银行文件按文件名选用银行配置（通配符：* 任意字符，? 单个字符；按顺序取第一个匹配）。',
        en: 'Header-less bank files in the inbox: file-name pattern → bank profile (first match wins).',
        hint: { zh: '应为「文件名通配符: 银行配置名」的键值对', en: 'must map file-name patterns to bank profiles' },
        example: { 'CQRCB_DF_*.txt': 'cq-rcb' },
      }),
      portal: meta(
        z.strictObject({
          host: meta(z.string().min(1).default('127.0.0.1'), { description: '监听地址 / listen address', hint: TEXT }),
          port: int(8640, 0, 65535, '端口 / port'),
          trustProxy: meta(z.union([z.boolean(), z.number().int().min(0), z.string().min(1)]).default(false), {
            description: '反向代理地址（如 "127.0.0.1"）或 true；经 HTTPS 代理时 Cookie 带 Secure',
            hint: { zh: '应为 true / false、代理层数，或代理地址（如 "127.0.0.1"）', en: 'must be true / false, a hop count, or proxy addresses' },
          }),
          staging: pathField('data/staging', '上传暂存目录（确认后才移入收件箱）'),
          maxUploadMb: int(50, 1, 2048, '单个上传文件大小上限（MB）'),
          parseSeconds: int(60, 1, 3600, '上传文件校验的时间上限（秒），超时即停止并拒收'),
          sessionHours: int(8, 1, 24 * 30, '登录有效时长（小时）'),
          secretFile: pathField('data/portal-secret.key', 'Cookie 签名密钥文件（首次启动自动生成，权限 0600）'),
          unmaskRoles: meta(z.array(z.enum(PORTAL_ROLES)).default(['operator']), {
            description: '可看完整身份证号、账号的角色（operator / bank / supervisor）；其余一律打码',
            hint: { zh: `应为角色列表（可用：${PORTAL_ROLES.join('、')}）`, en: `must be a list of roles (${PORTAL_ROLES.join(', ')})` },
          }),
          loginAttempts: int(5, 1, 1000, '同一账号或同一地址在下述时间内允许的登录失败次数'),
          loginWindowMinutes: int(15, 1, 24 * 60, '登录失败计数的时间窗（分钟）'),
        }).prefault({}),
        {
          description: '网页门户（serve 命令）：银行联络员上传回盘文件，监督人员查看报告、标记疑点，操作员管理运行。',
          en: 'Web portal (the serve command). Put it behind an HTTPS reverse proxy; keep host 127.0.0.1 then.',
        },
      ),
      allocation: meta(
        z.strictObject({
          weights: meta(
            z.strictObject({
              recipients: weight('recipients', '救助对象人数'),
              hardship: weight('hardship', '财政困难程度'),
              effort: weight('effort', '工作努力程度'),
              performance: weight('performance', '绩效评价'),
            }).prefault({}),
            { description: '各因素权重（百分数）' },
          ),
        }).prefault({}),
        { description: '因素法分配（allocate 命令）各因素权重（百分数，合计须为 100）。', en: 'Factor weights of the allocate command (percent, sum 100).' },
      ),
      notice: meta(
        z.strictObject({
          nameMask: meta(z.enum(NAME_MASKS).default('partial'), { description: '姓名显示：partial（张*明，默认）、surname（张**）、full（全名）' }),
          days: int(7, 1, 90, '公示期（天）'),
          complaintChannel: meta(text().default(DEFAULT_COMPLAINT_CHANNEL), { description: '异议受理渠道（可写电话、地址）' }),
          issuer: meta(text().nullable().default(null), { description: '公示单位；不写则为每页所在的乡镇（街道）', example: '某某镇人民政府', commented: true }),
        }).prefault({}),
        { description: '公示名单（notice 命令，方案五（四））：按村（社区）打印张贴的救助对象名单，从不含身份证号、账号、电话。', en: 'Public notice lists (the notice command): never an ID, account or phone number.' },
      ),
      referenceLists: meta(z.record(z.string().regex(LIST_KEY), referenceList).default({}), {
        description:
          '比对名单（可选）：按名称声明任意名单（财政供养人员、车辆登记、工商登记、服刑人员……），入库后与救助对象\n及代领人按身份证号比对，每个名单是一条规则 list-<代号>。ingest --list 代号 文件，或按 files 通配符从收件箱识别。',
        en: 'Cross-check lists declared by name; each is a rule list-<key>. Example:',
        keyHint: { zh: '的代号只能用小写字母、数字和连字符（如 public-employees）', en: 'key must be lower-case words joined by hyphens' },
        example: {
          'public-employees': {
            name: '财政供养人员', files: ['财政供养人员*'], idColumns: ['身份证号码', '公民身份号码'], nameColumns: ['姓名'], severity: 'high',
            title: '救助对象为财政供养人员', titleEn: 'Recipient or proxy is on the public payroll', clause: '渝民发〔2020〕5号 四（二）', message: DEFAULT_LIST_MESSAGE, proxies: true,
          },
        },
        commented: true,
      }),
    })
    .superRefine((c, ctx) => {
      for (const [pattern, profile] of Object.entries(c.inboxProfiles)) {
        if (c.bankProfiles[profile]) continue;
        const known = Object.keys(c.bankProfiles);
        ctx.addIssue({
          code: 'custom', path: ['inboxProfiles', pattern], message: `must name a profile defined under bankProfiles (${known.join(', ') || 'none'})`,
          params: { zh: `应为 bankProfiles 中已定义的银行配置名（已有：${known.join('、') || '无'}）` },
        });
      }
    });
}

export type ConfigSchema = ReturnType<typeof configSchema>;
export type ParsedConfig = z.output<ConfigSchema>;
