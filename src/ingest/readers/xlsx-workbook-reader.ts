/**
 * exceljs's streaming WorkbookReader, with three repairs for the files we get. All three hook private
 * methods of exceljs 4.4 (pinned); a changed exceljs fails loudly here and in xlsx.test.ts, never silently.
 *
 * 1. Multi-byte text split between two chunks. exceljs decodes each zip chunk on its own (no streaming
 *    decoder), so a Chinese character cut at a chunk boundary becomes two U+FFFD (exceljs issues #2063,
 *    #2084, #2316, open). We hand it text decoded with a StringDecoder instead.
 * 2. A formula whose cached result is an error (`<c t="e"><f>VLOOKUP(…)</f><v>#N/A</v></c>`) comes out
 *    as NaN. Cells typed `e` are re-typed `str` before parsing, so the error text survives.
 * 3. Excel's built-in Chinese date formats (numFmtId 27–36, 50–58, e.g. 31 = 2026年11月15日) are unknown to
 *    exceljs, so such dates came out as bare serial numbers. We register them after styles are read.
 * 4. The parts are read through the ZIP's central directory (yauzl), the workbook's own parts first, instead of
 *    exceljs's one streaming pass over the file (unzipper). That pass intermittently loses the last parts of the
 *    archive, and a workbook written by exceljs (or a tool built on it) stores xl/workbook.xml last: the sheet was
 *    then read with no workbook model and a valid file was refused as damaged ("Cannot read properties of
 *    undefined (reading 'sheets')", exceljs issue #3064, open; measured here: 1 read in 200 of a two-sheet
 *    workbook). Sheets are still read row by row from their own stream, in the archive's order.
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { inflatedTooLarge, XLSX_LIMITS } from './zip-bounds.ts';

export interface SheetReader extends AsyncIterable<ExcelJS.Row> {
  readonly name: string;
}

interface ReaderInternals {
  parse(): AsyncGenerator<unknown>;
  _parseRels(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
  _parseStyles(entry: NodeJS.ReadableStream): Promise<void>;
  styles?: { index?: { numFmt?: Record<number, string | undefined> } };
  properties?: { model?: { date1904?: boolean } };
}

const ZH_CN_BUILTIN_DATE_FORMATS: Record<number, string> = {
  27: 'yyyy"年"m"月"', 28: 'm"月"d"日"', 29: 'm"月"d"日"', 30: 'm-d-yy', 31: 'yyyy"年"m"月"d"日"',
  32: 'h"时"mm"分"', 33: 'h"时"mm"分"ss"秒"', 34: '上午/下午h"时"mm"分"', 35: '上午/下午h"时"mm"分"ss"秒"',
  36: 'yyyy"年"m"月"', 50: 'yyyy"年"m"月"', 51: 'm"月"d"日"', 52: 'yyyy"年"m"月"', 53: 'm"月"d"日"',
  54: 'm"月"d"日"', 55: '上午/下午h"时"mm"分"', 56: '上午/下午h"时"mm"分"ss"秒"', 57: 'yyyy"年"m"月"',
  58: 'm"月"d"日"',
};

/** Cells typed as errors become strings holding the error text (only `<c …>` tags carry `t="e"`). */
// The attribute span is bounded so a run of `<c<c<c…` without a `>` cannot make the search quadratic.
const errorCellsAsText = (xml: string): string => xml.replace(/(<c\b[^>]{0,400}?\s)t=(["'])e\2/g, '$1t="str"');

/**
 * Whole characters and whole tags: split only after a `>`, decode across chunk boundaries. Linear in
 * the text: a chunk without any `>` (a run of padding, or one enormous value) is set aside as it is,
 * never searched or joined again until the `>` that ends it arrives.
 */
async function* sheetXmlText(chunks: AsyncIterable<Buffer | string>, inflated: { bytes: number }): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let pending: string[] = [];
  for await (const chunk of chunks) {
    // The central directory was checked before (zip-bounds.ts); this catches a file whose entries lie.
    inflated.bytes += chunk.length;
    if (inflated.bytes > XLSX_LIMITS.maxInflatedBytes) throw inflatedTooLarge(inflated.bytes);
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    const cut = text.lastIndexOf('>') + 1;
    if (cut === 0) {
      pending.push(text);
      continue;
    }
    pending.push(text.slice(0, cut));
    yield errorCellsAsText(pending.join(''));
    pending = cut < text.length ? [text.slice(cut)] : [];
  }
  const rest = pending.join('') + decoder.end();
  if (rest.length > 0) yield errorCellsAsText(rest);
}

/** A worksheet part's name: xl/worksheets/sheet3.xml → '3' (as exceljs numbers them). */
const WORKSHEET = /^xl\/worksheets\/sheet(\d+)[.]xml$/;

/** The archive's entries as its central directory lists them (checkZipBounds has bounded their number and sizes). */
async function openArchive(path: string): Promise<{ entries: yauzl.Entry[]; open(entry: yauzl.Entry): Promise<Readable>; close(): void }> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true }, (e, z) => (e ? reject(e) : resolve(z))),
  );
  try {
    const entries = await new Promise<yauzl.Entry[]>((resolve, reject) => {
      const list: yauzl.Entry[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(list));
      zip.on('entry', (entry: yauzl.Entry) => {
        list.push(entry);
        zip.readEntry();
      });
      zip.readEntry();
    });
    return {
      entries,
      open: (entry) => new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (e, stream) => (e ? reject(e) : resolve(stream)))),
      close: () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw error;
  }
}

function hook<K extends keyof ReaderInternals>(reader: ReaderInternals, name: K): ReaderInternals[K] {
  const original = reader[name];
  if (typeof original !== 'function') throw new Error(`exceljs changed: WorkbookReader.${String(name)} is gone`);
  return original;
}

export interface PatchedWorkbook {
  sheets: AsyncIterable<SheetReader>;
  date1904(): boolean;
}

/** exceljs is loaded on the first workbook (0.4 s of start-up that a run of CSV files, and an ingest worker, never needs). */
export async function openWorkbook(path: string): Promise<PatchedWorkbook> {
  const { default: excel } = await import('exceljs');
  const reader = new excel.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    styles: 'cache', // number formats tell dates from numbers
    hyperlinks: 'ignore', // a hyperlink cell's value is its text already
    worksheets: 'emit',
    entries: 'ignore',
  });
  const internals = reader as unknown as ReaderInternals;

  const parseSharedStrings = hook(internals, '_parseSharedStrings');
  internals._parseSharedStrings = function (entry) {
    entry.setEncoding('utf8');
    return parseSharedStrings.call(this, entry);
  };
  const parseWorksheet = hook(internals, '_parseWorksheet');
  const inflated = { bytes: 0 };
  internals._parseWorksheet = function (iterator, sheetNo) {
    return parseWorksheet.call(this, sheetXmlText(iterator, inflated), sheetNo);
  };
  const parseStyles = hook(internals, '_parseStyles');
  internals._parseStyles = async function (entry) {
    await parseStyles.call(this, entry);
    const numFmt = this.styles?.index?.numFmt;
    if (!numFmt) throw new Error('exceljs changed: styles.index.numFmt is gone');
    for (const [id, format] of Object.entries(ZH_CN_BUILTIN_DATE_FORMATS)) numFmt[Number(id)] ??= format;
  };

  // Replaced below, or called from the replacement: a changed exceljs fails here.
  for (const name of ['parse', '_parseRels', '_parseWorkbook'] as const) hook(internals, name);
  internals.parse = async function* () {
    const archive = await openArchive(path);
    try {
      const part = (name: string) => archive.entries.find((e) => e.fileName === name);
      const rels = part('xl/_rels/workbook.xml.rels');
      if (rels) await this._parseRels(await archive.open(rels));
      const book = part('xl/workbook.xml');
      if (book) await this._parseWorkbook(await archive.open(book));
      const strings = part('xl/sharedStrings.xml');
      if (strings) yield* this._parseSharedStrings(await archive.open(strings));
      const styles = part('xl/styles.xml');
      if (styles) await this._parseStyles(await archive.open(styles));
      for (const entry of archive.entries) {
        const sheetNo = WORKSHEET.exec(entry.fileName)?.[1];
        if (sheetNo === undefined) continue;
        const stream = await archive.open(entry);
        try {
          // The sheet's rows are read from `stream` while this generator waits at the yield.
          yield* this._parseWorksheet(stream, sheetNo);
        } finally {
          // A sheet left part-read (a header looked for and not found) is inflated to its end and dropped, so that
          // its stream ends and the archive's file is closed; destroying it instead failed the read in progress.
          if (!stream.readableEnded) {
            stream.on('error', () => {});
            stream.resume();
          }
        }
      }
    } finally {
      archive.close();
    }
  };

  return {
    sheets: reader as unknown as AsyncIterable<SheetReader>,
    date1904: () => internals.properties?.model?.date1904 === true,
  };
}
