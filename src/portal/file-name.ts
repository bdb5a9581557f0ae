/**
 * Upload file names. No path is ever taken from the client: a name that carries one (or anything else
 * a file name has no business holding) is refused with a reason, and even an accepted name is stored
 * only after it is reduced to a safe set of characters.
 */
export const UPLOAD_EXTENSIONS = ['.csv', '.txt', '.xlsx', '.xls'] as const;
const MAX_NAME_CHARS = 150;

export type NameCheck = { ok: true; safe: string } | { ok: false; code: string; zh: string; en: string };

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;
// C0 and C1 controls, DEL, and the bidirectional overrides that make `evil‮vsc.exe` read as `evilexe.csv`.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;

function refuse(code: string, zh: string, en: string): NameCheck {
  return { ok: false, code, zh, en };
}

export function checkUploadName(raw: string): NameCheck {
  const name = raw.normalize('NFC');
  if (!name.trim()) return refuse('name-empty', '请选择要上传的文件。', 'Choose a file to upload.');
  if (/[/\\]/.test(name) || name.split(/[/\\]/).includes('..')) {
    return refuse('name-path', '文件名中含有路径（/ 或 \\），已拒收。请只选择文件本身上传，文件名不要带目录。', 'The file name carries a path (/ or \\); refused. Upload the file itself, without folders in its name.');
  }
  if (INVISIBLE.test(name)) return refuse('name-control', '文件名中含有控制字符或不可见的方向字符，已拒收。请把文件改为普通名称（如「万州区低保回盘202611.csv」）后重新上传。', 'The file name holds control or invisible direction characters; refused. Rename the file plainly and upload it again.');
  if (/[<>:"|?*]/.test(name)) return refuse('name-chars', '文件名中含有不允许的字符（< > : " | ? *），已拒收。请改名后重新上传。', 'The file name holds characters that are not allowed (< > : " | ? *); refused. Rename it and upload it again.');
  if (name.startsWith('.') || name.startsWith('~$') || name.startsWith('-')) return refuse('name-hidden', '文件名不能以「.」「~$」或「-」开头（这是隐藏文件或临时文件的名称），已拒收。请改名后重新上传。', 'A file name may not begin with ".", "~$" or "-" (hidden or temporary files); refused. Rename it and upload it again.');
  if ([...name].length > MAX_NAME_CHARS) return refuse('name-long', `文件名过长（超过 ${MAX_NAME_CHARS} 个字符），请改短后重新上传。`, `The file name is longer than ${MAX_NAME_CHARS} characters; shorten it and upload it again.`);
  if (WINDOWS_RESERVED.test(name.trim())) return refuse('name-reserved', '文件名是系统保留名称，请改名后重新上传。', 'The file name is a reserved device name; rename it.');
  const ext = /\.[^.]+$/.exec(name)?.[0].toLowerCase() ?? '';
  if (!(UPLOAD_EXTENSIONS as readonly string[]).includes(ext)) {
    return refuse('name-type', '只接受 CSV、TXT（文本）或 XLSX（Excel）文件。旧版 .xls 请在 Excel / WPS 中另存为 .xlsx。', 'Only CSV, TXT (text) or XLSX (Excel) files are accepted. Save a legacy .xls as .xlsx first.');
  }
  return { ok: true, safe: safeName(name) };
}

/** Letters, digits and a few harmless marks; everything else becomes `_`. Never empty, never hidden. */
export function safeName(name: string): string {
  const base = name.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .replace(/\s+/g, '_')
    .replace(/[^\p{L}\p{N}._()（）【】\-+]/gu, '_')
    .replace(/_+/g, '_')
    .replace(/^[.~_-]+/, '');
  return cleaned || 'upload';
}

/** `name.csv` → `name-7.csv`: a second file of the same name waiting in the inbox keeps its own. */
export function withSuffix(name: string, suffix: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}-${suffix}${name.slice(dot)}` : `${name}-${suffix}`;
}
