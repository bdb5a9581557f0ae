import { describe, expect, it } from 'vitest';
import { readDelimited } from './delimited.ts';
import { sniffDelimiter } from './delimiter-sniff.ts';
import { recordsOf, scenario, tempFile } from './test-helpers.ts';
import { FileRefusedError } from './types.ts';

const ID = {
  chenGuangrong: '500101195803154314',
  liuYulan: '500101196408221622',
  wangShufen: '50010119620512702X',
  zhaoDehua: '500101194711032139',
  liuKun: '500101198102073515',
};

async function read(name: string, opts?: Parameters<typeof readDelimited>[1]) {
  const table = await readDelimited(scenario(name), opts);
  return { table, records: await recordsOf(table) };
}

async function refusalOf(promise: Promise<unknown>): Promise<FileRefusedError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FileRefusedError);
  return error as FileRefusedError;
}

describe('readDelimited on the scenarios', () => {
  it('a GBK tab-separated bank file named .xls, with a title line and a 合计 line', async () => {
    const { table, records } = await read('gbk-bank-file-tab-delimited-named-xls.xls');
    expect(table).toMatchObject({ format: 'csv', encoding: 'gb18030', delimiter: '\t', sheetName: null });
    expect(records).toEqual([
      { rowNo: 1, cells: ['万州区2026年11月城乡低保代发结果（重庆农村商业银行万州分行）'] },
      { rowNo: 2, cells: ['批次号', '账号', '户名', '身份证号码', '金额', '交易状态', '失败原因'] },
      { rowNo: 3, cells: ['WZ202611001', '6228480469876543210', '陈光荣', ID.chenGuangrong, '1070.00', '成功', ''] },
      { rowNo: 4, cells: ['WZ202611001', '6228480469876543228', '刘堃', ID.liuKun, '455.00', '失败', '户名不符'] },
      { rowNo: 5, cells: ['WZ202611001', '6228480469876543236', '王淑芬', ID.wangShufen, '610.00', '成功', ''] },
      { rowNo: 6, cells: ['合计', '3', '2135.00'] },
    ]);
  });

  it('a UTF-8 roster with BOM: cells kept exactly, formula-like text stays text', async () => {
    const { table, records } = await read('utf8-bom-roster-comma.csv');
    expect(table.encoding).toBe('utf-8-bom');
    expect(table.delimiter).toBe(',');
    expect(records.map((r) => r.rowNo)).toEqual([1, 2, 3, 4, 5]);
    expect(records[0]?.cells[0]).toBe('区县'); // no BOM glued to the first header
    expect(records[1]?.cells).toEqual(['万州区', '龙都街道', '石峰村', '陈光荣', ID.chenGuangrong, '农村低保', '2', '1070.00', '6217995550001234567', '=SUM(H2:H3)']);
    expect(records[2]?.cells).toEqual(['万州区', '高笋塘街道', '白岩社区', ' 刘玉兰 ', ID.liuYulan, '城市低保', '1', '725.00', '0062179955500012345', '+8613912345678']);
    expect(records[3]?.cells[9]).toBe('-');
    expect(records[4]?.cells[9]).toBe('@村委会代管');
  });

  it('GB18030 rare characters', async () => {
    const { table, records } = await read('gb18030-rare-char-yan.csv');
    expect(table.encoding).toBe('gb18030');
    expect(records.map((r) => r.cells[0])).toEqual(['姓名', '李䶮', '陈𠮷']);
  });

  it('pipe-delimited, with a quoted pipe inside a cell', async () => {
    const { table, records } = await read('pipe-delimited-bank.txt');
    expect(table.delimiter).toBe('|');
    expect(table.encoding).toBe('utf-8');
    expect(records).toEqual([
      { rowNo: 1, cells: ['ACCOUNT_NO', 'ACCOUNT_NAME', 'AMOUNT', 'STATUS', 'TRADE_DATE', 'MEMO'] },
      { rowNo: 2, cells: ['6217995550001234567', '陈光荣', '1070.00', 'S', '20261115', '11月低保'] },
      { rowNo: 3, cells: ['6217995550001234575', '刘玉兰', '725.00', 'F', '20261115', '户名不符|请核实'] },
      { rowNo: 4, cells: ['6217995550001234583', '王淑芬', '610.00', 'S', '20261115', '11月低保'] },
    ]);
  });

  it('semicolons win over unquoted thousands separators', async () => {
    const { table, records } = await read('semicolon-delimited.csv');
    expect(table.delimiter).toBe(';');
    expect(records[1]?.cells).toEqual(['陈光荣', ID.chenGuangrong, '1,070.00', '成功']);
    expect(records[3]?.cells).toEqual(['赵德华', ID.zhaoDehua, '1,455.00', '失败']);
  });

  it('a quoted field over two lines is one row; a blank line is a row that is not yielded', async () => {
    const { records } = await read('quoted-multiline-field.csv');
    expect(records).toEqual([
      { rowNo: 1, cells: ['姓名', '身份证号码', '金额', '备注'] },
      { rowNo: 2, cells: ['陈光荣', ID.chenGuangrong, '1070.00', '家住龙都街道石峰村\r\n三组'] },
      { rowNo: 3, cells: ['刘玉兰', ID.liuYulan, '725.00', '他说"已领取"'] },
      { rowNo: 5, cells: ['王淑芬', ID.wangShufen, '610.00', '逗号,在引号里'] },
    ]);
  });

  it('CRLF, LF and a lone CR each end a row', async () => {
    const { records } = await read('mixed-line-endings.csv');
    expect(records).toEqual([
      { rowNo: 1, cells: ['姓名', '金额'] },
      { rowNo: 2, cells: ['陈光荣', '1070.00'] },
      { rowNo: 3, cells: ['刘玉兰', '725.00'] },
      { rowNo: 4, cells: ['王淑芬', '610.00'] },
    ]);
  });

  it('keeps a 50,000-character cell whole', async () => {
    const { records } = await read('very-long-cell.csv');
    expect(records.map((r) => r.rowNo)).toEqual([1, 2, 3]);
    const remark = records[1]?.cells[3] as string;
    expect(remark).toHaveLength(50_000);
    expect(remark.startsWith('家庭成员长期患病无劳动能力家庭成员')).toBe(true);
    expect(remark.endsWith('结束')).toBe(true);
    expect(records[2]?.cells).toEqual(['刘玉兰', ID.liuYulan, '725.00', '短']);
  });

  it('an empty file is a table without records (没有数据行 is the ingest layer’s call)', async () => {
    const { table, records } = await read('empty.csv');
    expect(table).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ',' });
    expect(records).toEqual([]);
  });
});

describe('unclosed quotes', () => {
  it('are refused, naming the line where the quote opened', async () => {
    const error = await refusalOf(read('unclosed-quote.csv'));
    expect(error.code).toBe('unclosed-quote');
    expect(error.messageZh).toBe(
      '第 3 行的引号没有闭合：这一行的一个单元格以双引号 " 开头，但直到文件末尾都没有找到与之配对的结束引号。请检查该行后重新上传。',
    );
    expect(error.messageEn).toContain('line 3 ');
  });

  it.each([
    ['after a multi-line record and a blank line', 'a,b,c\r\n1,"x\r\ny",3\r\n\r\n4,5,"open\r\nmore\r\n', 5],
    ['in the first cell of the first line', '"open,b\nc,d\n', 1],
    ['after a multi-line cell of the same record', 'a,b,c\n1,"x\ny","open\nmore\n', 3],
    ['in GBK text', '姓名,备注\r\n陈光荣,"未闭合\r\n刘玉兰,正常\r\n', 2],
  ])('%s', async (_, text, line) => {
    const bytes = text.startsWith('姓名') ? (await import('iconv-lite')).default.encode(text, 'gb18030') : text;
    const table = await readDelimited(tempFile('unclosed.csv', bytes));
    const error = await refusalOf(recordsOf(table));
    expect(error.messageZh.startsWith(`第 ${line} 行的引号没有闭合`)).toBe(true);
  });
});

describe('options', () => {
  it('a forced delimiter and encoding are used as given', async () => {
    const { table, records } = await read('gbk-bank-file-ascii-header.csv', { encoding: 'gb18030', delimiter: '|' });
    expect(table.encoding).toBe('gb18030');
    expect(table.delimiter).toBe('|');
    expect(records[1]?.cells).toEqual(['6217995550001234567,陈光荣,1070.00,0']);
  });

  it('records can be read twice, and reading can stop early', async () => {
    const table = await readDelimited(scenario('utf8-bom-roster-comma.csv'));
    for await (const record of table.records) {
      expect(record.rowNo).toBe(1);
      break;
    }
    const again = await recordsOf(table);
    expect(again.map((r) => r.rowNo)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('sniffDelimiter', () => {
  it('ignores title lines without delimiters and quoted delimiters', () => {
    const head = [
      '重庆市万州区2026年11月城乡低保发放名册',
      '填报单位：万州区民政局',
      '姓名\t身份证号码\t金额\t备注',
      '陈光荣\t500101195803154314\t1,070.00\t"甲,乙,丙"',
      '刘玉兰\t500101196408221622\t725.00\t',
    ].join('\r\n');
    expect(sniffDelimiter(head)).toBe('\t');
  });

  it('prefers the candidate that agrees on more lines, then on more columns', () => {
    expect(sniffDelimiter('a;b,c\nd;e,f\ng;h\n')).toBe(';');
    expect(sniffDelimiter('a|b|c;d\ne|f|g;h\n')).toBe('|');
  });

  it('falls back to a comma for a single column', () => {
    expect(sniffDelimiter('姓名\n陈光荣\n')).toBe(',');
    expect(sniffDelimiter('')).toBe(',');
  });

  it('survives a sample that ends inside a quoted field', () => {
    expect(sniffDelimiter('a|b|c\n1|2|3\n4|5|"unfinished\n')).toBe('|');
  });
});
