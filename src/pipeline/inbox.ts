/**
 * The inbox folder: which files wait in it, which bank profile a header-less file takes (by file-name
 * pattern from the config), and where each file goes once handled — the archive for stored and duplicate
 * files, `rejected/` with a `.error.txt` beside it for refused ones. Files are moved, never deleted, and
 * only after the database has committed, so a crash in between finds the file again (a duplicate).
 */
import { copyFile, lstat, mkdir, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Config } from '../config.ts';

export interface InboxFile {
  path: string;
  name: string;
  /** Bank profile named by the first `inboxProfiles` pattern the name matches. */
  profile: string | null;
}

export const REJECTED_DIR = 'rejected';

/** Office lock files, partial downloads and hidden files are someone's work in progress, not input. */
function isInProgress(name: string): boolean {
  return name.startsWith('.') || name.startsWith('~$') || /\.(tmp|part|crdownload|partial|filepart)$/i.test(name);
}

/** `*` any run of characters, `?` one character; the whole name must match (case-insensitive). */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (const ch of pattern) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'iu');
}

/** The declared cross-check list whose `files` patterns the name matches (config order), if any. */
export function listFor(name: string, lists: Config['referenceLists']): Config['referenceLists'][number] | undefined {
  return lists.find((l) => l.files.some((p) => globToRegExp(p).test(name)));
}

export function profileFor(name: string, patterns: Config['inboxProfiles']): string | null {
  for (const p of patterns) if (globToRegExp(p.pattern).test(name)) return p.profile;
  return null;
}

/** Regular files directly in the inbox, by name (code-point order, so the same on every machine). */
export async function listInbox(inbox: string, patterns: Config['inboxProfiles']): Promise<InboxFile[]> {
  let names: string[];
  try {
    names = await readdir(inbox);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: InboxFile[] = [];
  for (const name of names.sort()) {
    if (isInProgress(name)) continue;
    const path = join(inbox, name);
    const s = await lstat(path).catch(() => null);
    if (!s?.isFile()) continue;
    out.push({ path, name, profile: profileFor(name, patterns) });
  }
  return out;
}

/** The archive's own naming (`<sha256 prefix>-<safe name>`), for a duplicate that has no record of its own. */
export function archiveName(sha256: string, fileName: string): string {
  return `${sha256.slice(0, 16)}-${basename(fileName).replace(/[^\p{L}\p{N}._-]+/gu, '_')}`;
}

/** rename, or copy + unlink when the archive is on another file system. */
export async function moveFile(from: string, to: string): Promise<void> {
  await mkdir(join(to, '..'), { recursive: true });
  try {
    await rename(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    await copyFile(from, to);
    await unlink(from);
  }
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** Where a refused file goes: `rejected/<name>`, or with a time prefix when that name is taken. */
export async function rejectedTarget(inbox: string, name: string, stamp: string): Promise<string> {
  const dir = join(inbox, REJECTED_DIR);
  const plain = join(dir, name);
  if (!(await exists(plain))) return plain;
  return join(dir, `${stamp.replace(/[^0-9]/g, '').slice(0, 14)}_${name}`);
}

export interface RefusalNote {
  fileName: string;
  time: string;
  inbox: string;
  refusal: { code: string; zh: string; en: string };
}

const HINT_ZH: Record<string, string> = {
  'header-unrecognised':
    '如果这是没有表头的银行回盘文本文件：请在配置文件的 bankProfiles 中为该银行添加读取配置，并在 inboxProfiles 中按文件名指定它（例如 "CQRCB_DF_*.txt": cq-rcb），然后把文件放回收件箱。',
  'legacy-xls': '旧版 .xls 文件转换为 .xlsx 后放回收件箱即可，内容无需改动。',
};
const HINT_EN: Record<string, string> = {
  'header-unrecognised':
    'If this is a header-less bank result file: add a profile for the bank under bankProfiles in the config and name it for this file under inboxProfiles (e.g. "CQRCB_DF_*.txt": cq-rcb), then put the file back in the inbox.',
  'legacy-xls': 'Converting the .xls to .xlsx and putting it back in the inbox is enough; the content need not change.',
};

/** UTF-8 with BOM and CRLF: the bureau's older Windows Notepad shows it correctly. */
export function errorText(n: RefusalNote): string {
  const hintZh = HINT_ZH[n.refusal.code];
  const hintEn = HINT_EN[n.refusal.code];
  return [
    `文件未能导入：${n.fileName}`,
    `时间：${n.time}`,
    '',
    `原因：${n.refusal.zh}`,
    '',
    '怎么办：',
    '1. 按上面的原因修改文件，或请报送单位（区县民政 / 代发银行）重新导出；',
    `2. 把改好的文件放回收件箱（${n.inbox}），下一次运行会自动处理；`,
    '3. 本文件已移到 rejected 目录，不会再被处理；问题解决后可删除本文件和这份说明。',
    ...(hintZh ? [`提示：${hintZh}`] : []),
    `（错误代码：${n.refusal.code}）`,
    '',
    '--- English ---',
    `File refused: ${n.fileName} (${n.time})`,
    `Reason: ${n.refusal.en}`,
    `What to do: fix the file as the reason says (or ask the sender to export it again), put the fixed file back in the inbox (${n.inbox}); the next run takes it. This copy was moved to rejected/ and will not be read again.`,
    ...(hintEn ? [`Hint: ${hintEn}`] : []),
    '',
  ].join('\r\n');
}

export async function writeErrorNote(target: string, note: RefusalNote): Promise<string> {
  const path = `${target}.error.txt`;
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, `\uFEFF${errorText(note)}`);
  return path;
}
