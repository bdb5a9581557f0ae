/**
 * File type by content, never by name: many bank "Excel exports" are tab-separated GBK text named `.xls`,
 * and a renamed workbook is still a workbook.
 */
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
  const command = `libreoffice --headless --convert-to xlsx ${name}`;
  return new FileRefusedError(
    'legacy-xls',
    `这是旧版 Excel 97-2003 (.xls) 工作簿，系统无法直接读取。请在 Excel 或 WPS 中另存为 .xlsx，或运行：${command}，然后重新上传。`,
    `This is a legacy Excel 97-2003 (.xls, BIFF) workbook, which cannot be read. Save it as .xlsx in Excel or WPS, or run: ${command}, then upload it again.`,
  );
}
