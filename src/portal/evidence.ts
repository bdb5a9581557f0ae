/**
 * A finding's evidence: the source rows it points at (file by SHA-256, row by its 1-based number),
 * read back from the stored tables, with ID and account numbers masked unless the viewer may see them.
 */
import type { Db, InputKind } from '../db/index.ts';
import { formatYuan, maskIdNumber } from '../domain/index.ts';
import type { StoredFinding } from '../findings/index.ts';
import { maskAccount, maskNumbersInText } from '../report/index.ts';

export interface EvidenceRow {
  file: string;
  sha256: string;
  rowNo: number | null;
  kind: InputKind | null;
  /** Field → shown value; null when the row was not found (file not stored, or the row was rejected). */
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

function shown(field: string, value: unknown, whole: boolean): string {
  if (value === null || value === undefined || value === '') return '';
  if (field.endsWith('Fen')) return formatYuan(Number(value));
  if (field === 'idValid' || field === 'proxyIdValid' || field === 'recipientIdValid') return Number(value) === 1 ? '✓' : Number(value) === 2 ? '✗（以数字存储，末几位已丢失）' : '✗';
  let text = String(value);
  // A cross-check list's row, kept whole by header: shown as 表头：值，… with long numbers masked.
  if (field === 'cellsJson') text = Object.entries(JSON.parse(text) as Record<string, string>).map(([h, v]) => `${h}：${v}`).join('，');
  if (whole) return text;
  if (field === 'cellsJson') return maskNumbersInText(text);
  if (ID_FIELDS.has(field)) return maskIdNumber(text);
  if (field === 'accountNo') return maskAccount(text);
  return text;
}

export async function evidenceOf(db: Db, finding: Pick<StoredFinding, 'evidence'>, whole: boolean): Promise<EvidenceRow[]> {
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
      if (stored) row.fields = Object.entries(stored).filter(([k]) => !HIDDEN.has(k)).map(([k, v]) => [k, shown(k, v, whole)]);
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
