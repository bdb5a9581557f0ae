import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isEncryptedWorkbook, refuseXls, sniffFileType } from './sniff.ts';
import { scenario, tempFile } from './test-helpers.ts';
import { FileRefusedError } from './types.ts';

describe('sniffFileType', () => {
  it('knows a workbook by its ZIP signature', async () => {
    expect(await sniffFileType(scenario('roster-with-title-merged-cells-total-row.xlsx'))).toBe('xlsx');
    expect(await sniffFileType(scenario('workbook-data-on-second-sheet.xlsx'))).toBe('xlsx');
  });

  it('knows a legacy BIFF workbook by its OLE2 signature', async () => {
    expect(await sniffFileType(scenario('legacy-biff.xls'))).toBe('xls');
  });

  it('calls tab-separated GBK text named .xls text', async () => {
    expect(await sniffFileType(scenario('gbk-bank-file-tab-delimited-named-xls.xls'))).toBe('text');
  });

  it('ignores the name: a workbook renamed .csv is still a workbook', async () => {
    const renamed = tempFile('发放名册.csv', readFileSync(scenario('workbook-data-on-second-sheet.xlsx')));
    expect(await sniffFileType(renamed)).toBe('xlsx');
  });

  it('calls empty and tiny files text', async () => {
    expect(await sniffFileType(scenario('empty.csv'))).toBe('text');
    expect(await sniffFileType(tempFile('one-byte.csv', 'P'))).toBe('text');
    expect(await sniffFileType(tempFile('pk-but-not-zip.csv', 'PK,金额\n'))).toBe('text');
  });
});

describe('isEncryptedWorkbook', () => {
  it('tells a password-protected .xlsx from a legacy .xls (both OLE2)', async () => {
    expect(await sniffFileType(scenario('password-protected-workbook.xlsx'))).toBe('xls');
    expect(await isEncryptedWorkbook(scenario('password-protected-workbook.xlsx'))).toBe(true);
    expect(await isEncryptedWorkbook(scenario('legacy-biff.xls'))).toBe(false);
  });
});

describe('refuseXls', () => {
  it('gives the conversion command in Chinese and English', () => {
    const error = refuseXls();
    expect(error).toBeInstanceOf(FileRefusedError);
    expect(error.code).toBe('legacy-xls');
    expect(error.messageZh).toContain('libreoffice --headless --convert-to xlsx 文件名.xls');
    expect(error.messageZh).toContain('另存为 .xlsx');
    expect(error.messageEn).toContain('libreoffice --headless --convert-to xlsx 文件名.xls');
    expect(error.message).toBe(error.messageEn);
  });

  it('names the file when it is known', () => {
    const error = refuseXls('/srv/inbox/万州区11月低保名册.xls');
    expect(error.messageZh).toContain('libreoffice --headless --convert-to xlsx 万州区11月低保名册.xls');
  });

  it('quotes a file name the shell would split', () => {
    expect(refuseXls('/srv/inbox/11月 低保名册(终稿).xls').messageEn).toContain(
      'libreoffice --headless --convert-to xlsx "11月 低保名册(终稿).xls"',
    );
  });
});
