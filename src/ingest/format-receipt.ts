/** The receipt as text for a terminal: Chinese by default, English with --lang en. */
import { formatYuan } from '../domain/index.ts';
import type { Lang } from '../lang.ts';
import { batchNumberOf } from './ingest-file.ts';
import { kindZh } from './parse-file.ts';
import type { Receipt } from './receipt.ts';

const MAX_REASONS = 10;

export function formatReceipt(r: Receipt, lang: Lang): string {
  return lang === 'en' ? english(r) : chinese(r);
}

function chinese(r: Receipt): string {
  const lines: string[] = [];
  const head = { ingested: '已入库', validated: '校验完成（未入库）', duplicate: '重复文件，已跳过', refused: '拒收' }[r.status];
  lines.push(`【${head}】${r.fileName}`);
  if (r.status === 'duplicate') {
    lines.push(`  该文件（SHA-256 ${r.sha256.slice(0, 12)}…）已于 ${r.alreadyIngestedAt} 入库，本次不重复处理。`);
    return lines.join('\n');
  }
  if (r.refusal) {
    lines.push(`  ${r.refusal.zh}`);
    return lines.join('\n');
  }
  lines.push(`  类型：${r.kind ? kindZh(r.kind) : '-'}${r.list ? `「${r.list.name}」（${r.list.key}）` : ''}　格式：${r.format}${r.encoding ? `（${r.encoding}）` : ''}${r.sheetName ? `　工作表：${r.sheetName}` : ''}`);
  if (r.kind === 'bank') {
    const batch = batchNumberOf(r.batchKey ?? null);
    lines.push(`  所属银行：${r.bank ?? '（未指定；可用 --bank 或银行配置的 bank 指定）'}${batch ? `　批次号：${batch}` : ''}`);
  }
  if (r.defaults) {
    const d = r.defaults;
    lines.push(`  月份：${d.period ?? '（按行）'}　区县：${d.district ?? '（按行）'}　类别：${d.program ?? '（按行）'}`);
  }
  const money = r.kind === 'roster' || r.kind === 'bank';
  lines.push(`  读取 ${r.rowsRead} 行，接收 ${r.rowsAccepted} 行，拒收 ${r.rowsRejected} 行${money ? `；接收金额合计 ${formatYuan(r.totalFen)} 元` : ''}`);
  if (r.control) {
    const c = r.control;
    lines.push(`  文件自带合计（第 ${c.rowNo} 行）：${c.count ?? '-'} 笔，${c.totalFen === null ? '-' : formatYuan(c.totalFen)} 元`);
  }
  for (const s of r.supersedes) lines.push(`  替代了同一批次的旧文件 ${s.fileName}（${s.ingestedAt} 入库），旧文件保留但不再参与核对。`);
  if (r.periodMissing) lines.push('  注意：无法确定发放月份，请用 --period 指定（例如 --period 2026-11）后重新导入。');
  if (r.firstRejections.length) {
    lines.push('  拒收原因（前几行）：');
    for (const rej of r.firstRejections.slice(0, MAX_REASONS)) lines.push(`    第 ${rej.rowNo} 行：${rej.reasons.map((x) => x.zh).join('；')}`);
    if (r.rowsRejected > MAX_REASONS) lines.push(`    ……另有 ${r.rowsRejected - MAX_REASONS} 行被拒收，详见异常报告的「拒收数据」表。`);
  }
  return lines.join('\n');
}

function english(r: Receipt): string {
  const lines: string[] = [];
  const head = { ingested: 'INGESTED', validated: 'VALID (not stored)', duplicate: 'DUPLICATE, skipped', refused: 'REFUSED' }[r.status];
  lines.push(`[${head}] ${r.fileName}`);
  if (r.status === 'duplicate') {
    lines.push(`  already ingested on ${r.alreadyIngestedAt} (SHA-256 ${r.sha256.slice(0, 12)}…); nothing done.`);
    return lines.join('\n');
  }
  if (r.refusal) {
    lines.push(`  ${r.refusal.en}`);
    return lines.join('\n');
  }
  lines.push(`  kind: ${r.kind}${r.list ? ` ${r.list.key}` : ''}  format: ${r.format}${r.encoding ? ` (${r.encoding})` : ''}${r.sheetName ? `  sheet: ${r.sheetName}` : ''}`);
  if (r.kind === 'bank') {
    const batch = batchNumberOf(r.batchKey ?? null);
    lines.push(`  owning bank: ${r.bank ?? '(not given; use --bank or the profile\'s bank)'}${batch ? `  batch: ${batch}` : ''}`);
  }
  if (r.defaults) {
    const d = r.defaults;
    lines.push(`  period: ${d.period ?? '(per row)'}  district: ${d.district ?? '(per row)'}  program: ${d.program ?? '(per row)'}`);
  }
  const money = r.kind === 'roster' || r.kind === 'bank';
  lines.push(`  rows read ${r.rowsRead}, accepted ${r.rowsAccepted}, rejected ${r.rowsRejected}${money ? `; accepted total ${formatYuan(r.totalFen)} yuan` : ''}`);
  if (r.control) {
    const c = r.control;
    lines.push(`  file's own total (row ${c.rowNo}): ${c.count ?? '-'} rows, ${c.totalFen === null ? '-' : formatYuan(c.totalFen)} yuan`);
  }
  for (const s of r.supersedes) lines.push(`  supersedes the earlier file for this batch: ${s.fileName} (ingested ${s.ingestedAt}); kept, no longer counted.`);
  if (r.periodMissing) lines.push('  note: the period could not be determined; give --period (e.g. --period 2026-11) and ingest again.');
  if (r.firstRejections.length) {
    lines.push('  first rejections:');
    for (const rej of r.firstRejections.slice(0, MAX_REASONS)) lines.push(`    row ${rej.rowNo}: ${rej.reasons.map((x) => x.en).join('; ')}`);
    if (r.rowsRejected > MAX_REASONS) lines.push(`    … ${r.rowsRejected - MAX_REASONS} more rejected rows, listed in the report's rejected-rows sheet.`);
  }
  return lines.join('\n');
}
