/**
 * Reads a 因素表 (CSV in any encoding ingest reads, or XLSX): a header row naming 区县 and the four factors
 * (aliases below, normalised like every header), one row per district; a 合计 row is skipped. Refused with
 * a clear message when the header or a column cannot be found.
 */
import { findDistrict } from '../domain/index.ts';
import { EXIT, UserError } from '../errors.ts';
import { FileRefusedError, normaliseHeader, openSource, type CellValue } from '../ingest/index.ts';
import { FACTOR_ZH, FACTORS, type Factor, type FactorRow } from './allocate.ts';

const ALIASES: Readonly<Record<Factor | 'district', readonly string[]>> = {
  district: ['区县', '区县名称', '地区', '单位'],
  recipients: ['救助对象人数', '对象人数', '救助人数', '保障对象人数'],
  hardship: ['财政困难程度', '财政困难系数', '困难程度', '财力系数'],
  effort: ['工作努力程度', '努力程度', '工作努力'],
  performance: ['绩效评价', '绩效评价得分', '绩效得分', '绩效'],
};
const INDEX = new Map<string, Factor | 'district'>(Object.entries(ALIASES).flatMap(([field, names]) => names.map((n) => [normaliseHeader(n), field as Factor | 'district'])));

const text = (c: CellValue | undefined): string => (c === null || c === undefined ? '' : c instanceof Date ? c.toISOString().slice(0, 10) : String(c).trim());

export async function readFactors(path: string): Promise<FactorRow[]> {
  let opened;
  try {
    opened = await openSource(path);
  } catch (e) {
    if (e instanceof FileRefusedError) throw new UserError('factors-refused', e.messageZh, e.messageEn, EXIT.badInput);
    throw e;
  }
  for await (const table of opened.tables) {
    let columns: Map<Factor | 'district', number> | null = null;
    const rows: FactorRow[] = [];
    for await (const record of table.records) {
      const cells = record.cells.map(text);
      if (cells.every((c) => c === '')) continue;
      if (!columns) {
        const found = new Map<Factor | 'district', number>();
        cells.forEach((c, i) => {
          const f = INDEX.get(normaliseHeader(c));
          if (f && !found.has(f)) found.set(f, i);
        });
        if (found.has('district') && FACTORS.some((f) => found.has(f))) {
          const missing = FACTORS.filter((f) => !found.has(f));
          if (missing.length) {
            throw new UserError('factors-refused', `因素表缺少列：${missing.map((f) => FACTOR_ZH[f]).join('、')}（表头在第 ${record.rowNo} 行）`, `the factors table lacks columns: ${missing.join(', ')} (header on row ${record.rowNo})`, EXIT.badInput);
          }
          columns = found;
        }
        continue;
      }
      const name = cells[columns.get('district')!] ?? '';
      if (/^(合计|总计|小计)$/.test(name.replace(/\s+/g, ''))) continue;
      const values = Object.fromEntries(FACTORS.map((f) => [f, cells[columns!.get(f)!] ?? ''])) as Record<Factor, string>;
      rows.push({ district: name ? (findDistrict(name)?.name ?? name) : '', rowNo: record.rowNo, values });
    }
    if (columns) return rows;
  }
  throw new UserError('factors-refused', `因素表中找不到表头：需要「区县」和${FACTORS.map((f) => `「${FACTOR_ZH[f]}」`).join('')}各列`, 'no header found in the factors table: it needs 区县 and the four factor columns', EXIT.badInput);
}
