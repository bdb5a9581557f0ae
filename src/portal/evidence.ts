/**
 * A finding's evidence: the source rows it points at (file by SHA-256, row by its 1-based number),
 * read back from the stored tables, with ID and account numbers masked unless the viewer may see them.
 */
import type { Db, InputKind } from '../db/index.ts';
import { formatYuan, maskIdNumber } from '../domain/index.ts';
import type { StoredFinding } from '../findings/index.ts';
import type { Lang } from '../lang.ts';
import { maskAccount, maskNumbersInText, valueText } from '../report/index.ts';

export interface EvidenceRow {
  file: string;
  sha256: string;
  rowNo: number | null;
  kind: InputKind | null;
  /** Field → shown value (masked as the viewer must see it, codes in words); null when the row was not found. */
  fields: [string, string][] | null;
  /** The raw cells of a rejected row, when that is what the row number points at. */
  rejectedCells: string[] | null;
}

const TABLE: Record<InputKind, 'rosterEntries' | 'payments' | 'staff' | 'proxyAgreements' | 'deaths' | 'standards' | 'allocations' | 'pettyCash' | 'referenceRows'> = {
  roster: 'rosterEntries', bank: 'payments', staff: 'staff', proxy: 'proxyAgreements', deaths: 'deaths', standards: 'standards',
  allocation: 'allocations', 'petty-cash': 'pettyCash', list: 'referenceRows',
};
const HIDDEN = new Set(['id', 'fileId', 'rowNo', 'paymentKey']);
const ID_FIELDS = new Set(['idNumber', 'proxyIdNumber', 'recipientIdNumber']);

function shown(field: string, value: unknown, whole: boolean, lang: Lang): string {
  if (value === null || value === undefined || value === '') return '';
  if (field.endsWith('Fen')) return formatYuan(Number(value));
  if (field === 'idValid' || field === 'proxyIdValid' || field === 'recipientIdValid') return Number(value) === 1 ? '✓' : Number(value) === 2 ? '✗（以数字存储，末几位已丢失）' : '✗';
  let text = valueText(lang, field, String(value));
  // A cross-check list's row, kept whole by header: shown as 表头：值，… with long numbers masked.
  if (field === 'cellsJson') text = Object.entries(JSON.parse(text) as Record<string, string>).map(([h, v]) => `${h}：${v}`).join('，');
  if (whole) return text;
  if (field === 'cellsJson') return maskNumbersInText(text);
  if (ID_FIELDS.has(field)) return maskIdNumber(text);
  if (field === 'accountNo') return maskAccount(text);
  return text;
}

/**
 * Each row's stored values as text, for comparing an approval with a payment on the server. Kept beside
 * the row, never on it, so that no unmasked number can travel with a row to a page or a JSON answer.
 */
const STORED = new WeakMap<EvidenceRow, Record<string, string>>();

export async function evidenceOf(db: Db, finding: Pick<StoredFinding, 'evidence'>, whole: boolean, lang: Lang = 'zh'): Promise<EvidenceRow[]> {
  const out: EvidenceRow[] = [];
  for (const e of finding.evidence.slice(0, 50)) {
    const file = await db.kysely.selectFrom('sourceFiles').select(['id', 'kind']).where('sha256', '=', e.sha256).executeTakeFirst();
    const row: EvidenceRow = { file: e.file, sha256: e.sha256, rowNo: e.rowNo, kind: (file?.kind as InputKind | undefined) ?? null, fields: null, rejectedCells: null };
    if (file && e.rowNo !== null) {
      const table = TABLE[file.kind as InputKind];
      const stored = (await db.kysely
        .selectFrom(table as 'payments')
        .selectAll()
        .where('fileId', '=', file.id)
        .where('rowNo', '=', e.rowNo)
        .executeTakeFirst()) as Record<string, unknown> | undefined;
      if (stored) {
        const kept = Object.entries(stored).filter(([k]) => !HIDDEN.has(k));
        row.fields = kept.map(([k, v]) => [k, shown(k, v, whole, lang)]);
        STORED.set(row, Object.fromEntries(kept.map(([k, v]) => [k, v === null || v === undefined ? '' : String(v).normalize('NFKC').trim()])));
      }
      else {
        const rejected = await db.kysely.selectFrom('rejectedRows').select('cellsJson').where('fileId', '=', file.id).where('rowNo', '=', e.rowNo).executeTakeFirst();
        if (rejected) {
          const cells = JSON.parse(rejected.cellsJson) as unknown[];
          row.rejectedCells = cells.map((c) => (c === null ? '' : whole ? String(c) : maskNumbersInText(String(c))));
        }
      }
    }
    out.push(row);
  }
  return out;
}

/** Chinese names of the stored fields (English shows the field name itself). */
export const FIELD_ZH: Record<string, string> = {
  period: '发放月份', district: '区县', districtCode: '区划代码', township: '乡镇（街道）', village: '村（社区）', name: '姓名',
  idNumber: '身份证号码', idValid: '身份证校验', program: '救助类别', householdSize: '保障人数', approvedFen: '核定金额（元）',
  bankName: '开户银行', accountNo: '银行账号', accountHolder: '户名', proxyName: '代领人', proxyIdNumber: '代领人身份证号码',
  proxyIdValid: '代领人身份证校验', agreementNo: '代领协议编号', batchNo: '批次号', serialNo: '流水号', amountFen: '实发金额（元）',
  feeFen: '手续费（元）', label: '用途', paidOn: '交易日期', status: '状态', failReason: '失败原因', unit: '单位', role: '岗位',
  recipientIdNumber: '救助对象身份证号码', recipientIdValid: '救助对象身份证校验', filedOn: '备案日期', relationship: '关系',
  diedOn: '死亡日期', cellsJson: '名单行', effectiveFrom: '执行日期', area: '城乡', monthlyStandardFen: '保障标准（元）', maxSupplementFen: '最高补差（元）',
};

/**
 * The fields an approval (roster row) and a payment (bank row) have in common, paired: what a
 * reviewer holds side by side. Names differ between the two (姓名 on the roster, 户名 at the bank).
 */
export const PAIRED_FIELDS: readonly { roster: string; bank: string; zh: string; en: string }[] = [
  { roster: 'name', bank: 'accountHolder', zh: '姓名 / 户名', en: 'Name / account holder' },
  { roster: 'idNumber', bank: 'idNumber', zh: '身份证号码', en: 'ID number' },
  { roster: 'idValid', bank: 'idValid', zh: '身份证校验', en: 'ID check' },
  { roster: 'accountNo', bank: 'accountNo', zh: '银行账号', en: 'Account number' },
  { roster: 'accountHolder', bank: 'accountHolder', zh: '账户名', en: 'Account name' },
  { roster: 'approvedFen', bank: 'amountFen', zh: '核定 / 实发金额（元）', en: 'Approved / paid (yuan)' },
  { roster: 'period', bank: 'period', zh: '发放月份', en: 'Period' },
  { roster: 'district', bank: 'district', zh: '区县', en: 'District' },
  { roster: 'program', bank: 'program', zh: '救助类别', en: 'Program' },
];

export interface SideBySide {
  approval: EvidenceRow;
  payment: EvidenceRow;
  rows: { zh: string; en: string; approval: string; payment: string; differs: boolean }[];
}

/** The first approval and the first payment among a finding's rows, field against field; null without both. */
export function sideBySide(rows: EvidenceRow[]): SideBySide | null {
  const approval = rows.find((r) => r.kind === 'roster' && r.fields && STORED.has(r));
  const payment = rows.find((r) => r.kind === 'bank' && r.fields && STORED.has(r));
  if (!approval || !payment) return null;
  const approvalStored = STORED.get(approval)!;
  const paymentStored = STORED.get(payment)!;
  const a = new Map(approval.fields!);
  const p = new Map(payment.fields!);
  const out: SideBySide['rows'] = [];
  const paired = new Set<string>();
  for (const f of PAIRED_FIELDS) {
    const av = approvalStored[f.roster] ?? '';
    const pv = paymentStored[f.bank] ?? '';
    if (!av && !pv) continue;
    // The roster's 账户名 is worth its own line only when it is not the recipient's own name (else the
    // 姓名 / 户名 line above already holds the comparison).
    if (f.roster === 'accountHolder' && (av === '' || av === approvalStored.name)) {
      paired.add(`r:${f.roster}`);
      continue;
    }
    paired.add(`r:${f.roster}`).add(`b:${f.bank}`);
    // Only a value on both sides can differ: a bank file without ID numbers does not "differ" in them.
    out.push({ zh: f.zh, en: f.en, approval: a.get(f.roster) ?? '', payment: p.get(f.bank) ?? '', differs: av !== '' && pv !== '' && av !== pv });
  }
  for (const [k, v] of approval.fields!) if (!paired.has(`r:${k}`) && v) out.push({ zh: FIELD_ZH[k] ?? k, en: k, approval: v, payment: '', differs: false });
  for (const [k, v] of payment.fields!) if (!paired.has(`b:${k}`) && v) out.push({ zh: FIELD_ZH[k] ?? k, en: k, approval: '', payment: v, differs: false });
  return { approval, payment, rows: out };
}
