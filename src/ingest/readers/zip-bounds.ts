/**
 * A workbook's size as its ZIP central directory states it, checked before a byte is inflated: the
 * total inflated size and each part's compression ratio. A 46 KB upload that inflates to 48 MB (a
 * "zip bomb") is refused here in milliseconds instead of being parsed for minutes. A file whose local
 * entries lie about their sizes is still caught while reading (see xlsx-workbook-reader.ts) and, in the
 * portal, by the parse time budget.
 */
import yauzl from 'yauzl';
import { FileRefusedError } from './types.ts';

export interface ZipLimits {
  /** All parts together, inflated. */
  maxInflatedBytes: number;
  /** Inflated / compressed, for any part above `ratioFromBytes` inflated. */
  maxRatio: number;
  ratioFromBytes: number;
  maxEntries: number;
}

/**
 * Generous for real workbooks: a 100,000-row, 15-column roster is some 60–80 MB of sheet XML that
 * deflates 8–20:1 (a sheet of identical rows still stays under 60:1, measured with exceljs output).
 */
export const XLSX_LIMITS: ZipLimits = { maxInflatedBytes: 400 * 1024 * 1024, maxRatio: 150, ratioFromBytes: 1024 * 1024, maxEntries: 5000 };

const mb = (n: number) => Math.ceil(n / 1024 / 1024);

export function inflatedTooLarge(bytes: number, limits: ZipLimits = XLSX_LIMITS): FileRefusedError {
  return new FileRefusedError(
    'xlsx-too-large',
    `这个 Excel 工作簿解压后超过 ${mb(limits.maxInflatedBytes)} MB（约 ${mb(bytes)} MB），超出可处理的上限，已拒收。请按区县或批次拆分成较小的工作簿，或另存为 CSV 后上传。`,
    `This Excel workbook inflates to more than ${mb(limits.maxInflatedBytes)} MB (about ${mb(bytes)} MB), beyond what is processed; refused. Split it by district or batch, or save it as CSV, and upload again.`,
  );
}

export async function checkZipBounds(path: string, limits: ZipLimits = XLSX_LIMITS): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true }, (e, z) => (e ? reject(e) : resolve(z))),
  );
  let total = 0;
  let count = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        count++;
        total += entry.uncompressedSize;
        if (count > limits.maxEntries) {
          reject(
            new FileRefusedError(
              'xlsx-too-many-parts',
              `这个 Excel 工作簿包含超过 ${limits.maxEntries} 个内部文件，不是正常的工作簿，已拒收。请在 Excel 或 WPS 中打开并另存为 .xlsx 后重新上传。`,
              `This Excel workbook holds more than ${limits.maxEntries} parts, which no ordinary workbook does; refused. Open it in Excel or WPS, save it as .xlsx and upload again.`,
            ),
          );
          return;
        }
        if (total > limits.maxInflatedBytes) return reject(inflatedTooLarge(total, limits));
        const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
        if (entry.uncompressedSize > limits.ratioFromBytes && ratio > limits.maxRatio) {
          reject(
            new FileRefusedError(
              'xlsx-compression-ratio',
              `这个 Excel 工作簿中的「${entry.fileName.slice(0, 80)}」压缩比异常（${Math.round(ratio)}:1，正常工作簿远低于 ${limits.maxRatio}:1），可能是恶意构造的文件，已拒收。请在 Excel 或 WPS 中打开并另存为 .xlsx 后重新上传。`,
              `The part "${entry.fileName.slice(0, 80)}" of this Excel workbook is compressed ${Math.round(ratio)}:1, far beyond any real workbook (under ${limits.maxRatio}:1); it may be built to exhaust the server and is refused. Open it in Excel or WPS, save it as .xlsx and upload again.`,
            ),
          );
          return;
        }
        zip.readEntry();
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}
