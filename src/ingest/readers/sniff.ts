/**
 * File type by content, never by name: many bank "Excel exports" are tab-separated GBK text named `.xls`,
 * and a renamed workbook is still a workbook.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { FileRefusedError } from './types.ts';

export type SniffedFileType = 'xlsx' | 'xls' | 'text';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(head: Uint8Array, magic: readonly number[]): boolean {
  return head.length >= magic.length && magic.every((byte, i) => head[i] === byte);
}

export async function sniffFileType(path: string): Promise<SniffedFileType> {
  const handle = await open(path, 'r');
  try {
    const head = new Uint8Array(8);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const got = head.subarray(0, bytesRead);
    if (startsWith(got, ZIP_MAGIC)) return 'xlsx';
    if (startsWith(got, OLE2_MAGIC)) return 'xls';
    return 'text';
  } finally {
    await handle.close();
  }
}

/** The refusal for a legacy BIFF workbook: we have no well-kept reader, and LibreOffice converts it faithfully. */
export function refuseXls(path?: string): FileRefusedError {
  const name = path === undefined ? '文件名.xls' : basename(path);
  const quoted = /[\s'"$`\\&;|()<>*?]/.test(name) ? `"${name.replace(/["$`\\]/g, '\\$&')}"` : name;
  const command = `libreoffice --headless --convert-to xlsx ${quoted}`;
  return new FileRefusedError(
    'legacy-xls',
    `这是旧版 Excel 97-2003 (.xls) 工作簿，系统无法直接读取。请在 Excel 或 WPS 中另存为 .xlsx，或运行：${command}，然后重新上传。`,
    `This is a legacy Excel 97-2003 (.xls, BIFF) workbook, which cannot be read. Save it as .xlsx in Excel or WPS, or run: ${command}, then upload it again.`,
  );
}

/** UTF-16LE, as OLE2 directory entries store stream names. */
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

/**
 * A password-protected .xlsx is not a ZIP but an OLE2 container holding an `EncryptedPackage` stream;
 * it must not be refused as a legacy .xls, whose conversion hint would not help.
 */
export async function isEncryptedWorkbook(path: string): Promise<boolean> {
  let tail = Buffer.alloc(0);
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const data = Buffer.concat([tail, chunk]);
      if (data.includes(ENCRYPTED_PACKAGE)) return true;
      tail = data.subarray(Math.max(0, data.length - ENCRYPTED_PACKAGE.length + 1));
    }
    return false;
  } finally {
    stream.destroy();
  }
}

export function refuseEncryptedWorkbook(): FileRefusedError {
  return new FileRefusedError(
    'encrypted-workbook',
    '这个 Excel 工作簿设置了打开密码，系统无法读取。请在 Excel 或 WPS 中取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码），另存为 .xlsx 后重新上传。',
    'This Excel workbook is protected by a password to open, so it cannot be read. Remove the password in Excel or WPS, save it as .xlsx and upload it again.',
  );
}
