import { describe, expect, it } from 'vitest';
import { FileRefusedError, openSource } from './index.ts';
import { recordsOf, scenario } from './test-helpers.ts';

describe('openSource', () => {
  it('opens tab-separated GBK text named .xls as text', async () => {
    const { fileType, tables } = await openSource(scenario('gbk-bank-file-tab-delimited-named-xls.xls'));
    expect(fileType).toBe('text');
    const all = [];
    for await (const table of tables) all.push({ table, records: await recordsOf(table) });
    expect(all).toHaveLength(1);
    expect(all[0]?.table).toMatchObject({ format: 'csv', encoding: 'gb18030', delimiter: '\t' });
    expect(all[0]?.records[2]?.cells[2]).toBe('陈光荣');
  });

  it('opens a workbook as one table per sheet', async () => {
    const { fileType, tables } = await openSource(scenario('workbook-data-on-second-sheet.xlsx'));
    expect(fileType).toBe('xlsx');
    const names: (string | null)[] = [];
    for await (const table of tables) names.push(table.sheetName);
    expect(names).toEqual(['说明', '发放明细']);
  });

  it('refuses a legacy .xls with the conversion hint', async () => {
    const error: unknown = await openSource(scenario('legacy-biff.xls')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileRefusedError);
    expect((error as FileRefusedError).code).toBe('legacy-xls');
    expect((error as FileRefusedError).messageZh).toContain('libreoffice --headless --convert-to xlsx legacy-biff.xls');
  });

  it('refuses a password-protected workbook (an OLE2 file too) with its own message, not the .xls hint', async () => {
    const error: unknown = await openSource(scenario('password-protected-workbook.xlsx')).catch((e: unknown) => e);
    expect((error as FileRefusedError).code).toBe('encrypted-workbook');
    expect((error as FileRefusedError).messageZh).toContain('设置了打开密码');
    expect((error as FileRefusedError).messageZh).not.toContain('libreoffice');
  });

  it('refuses a ZIP that holds no worksheet (a zipped CSV) when its tables are read', async () => {
    const { fileType, tables } = await openSource(scenario('zipped-csv-not-a-workbook.zip'));
    expect(fileType).toBe('xlsx');
    const error: unknown = await (async () => {
      for await (const _ of tables) {
        // none
      }
    })().catch((e: unknown) => e);
    expect((error as FileRefusedError).code).toBe('not-a-workbook');
    expect((error as FileRefusedError).messageZh).toContain('请解压后上传');
  });

  it('refuses a workbook cut short in transfer, in words rather than FILE_ENDED', async () => {
    const { tables } = await openSource(scenario('truncated-workbook.xlsx'));
    const error: unknown = await (async () => {
      for await (const table of tables) await recordsOf(table);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileRefusedError);
    expect((error as FileRefusedError).code).toBe('unreadable-xlsx');
    expect((error as FileRefusedError).messageZh).toContain('文件可能已损坏或不完整');
  });

  it('refuses UTF-8 with a pasted GBK row when opening, before any record', async () => {
    const error: unknown = await openSource(scenario('utf8-with-gbk-row-pasted.csv')).catch((e: unknown) => e);
    expect((error as FileRefusedError).code).toBe('invalid-utf8');
    expect((error as FileRefusedError).messageZh).toContain('第 5 行');
  });

  it('passes a bank profile’s encoding and delimiter to text files', async () => {
    const { tables } = await openSource(scenario('pipe-delimited-bank.txt'), { encoding: 'utf-8', delimiter: ',' });
    for await (const table of tables) {
      expect(table.delimiter).toBe(',');
      const records = await recordsOf(table);
      expect(records[0]?.cells).toEqual(['ACCOUNT_NO|ACCOUNT_NAME|AMOUNT|STATUS|TRADE_DATE|MEMO']);
    }
  });
});
