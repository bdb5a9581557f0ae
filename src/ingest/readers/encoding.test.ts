import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readDelimited } from './delimited.ts';
import { classifyWindow, completeUtf8Prefix, detectEncoding, resolveEncoding } from './encoding.ts';
import { recordsOf, scenario, tempFile } from './test-helpers.ts';
import { FileRefusedError } from './types.ts';
import { utf8Source } from './utf8-stream.ts';

const gbk = (text: string): Buffer => iconv.encode(text, 'gb18030');
const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

async function decodedText(path: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of utf8Source(path, await resolveEncoding(path, 'auto'))) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function refusalOf(promise: Promise<unknown>): Promise<FileRefusedError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FileRefusedError);
  return error as FileRefusedError;
}

describe('completeUtf8Prefix', () => {
  const 张 = utf8('张'); // e5 bc a0
  it('keeps whole characters and cuts a character split at the end', () => {
    expect(completeUtf8Prefix(Buffer.concat([utf8('ab'), 张]))).toBe(5);
    expect(completeUtf8Prefix(Buffer.concat([utf8('ab'), 张.subarray(0, 1)]))).toBe(2);
    expect(completeUtf8Prefix(Buffer.concat([utf8('ab'), 张.subarray(0, 2)]))).toBe(2);
    expect(completeUtf8Prefix(utf8('𠮷').subarray(0, 3))).toBe(0);
    expect(completeUtf8Prefix(utf8('𠮷'))).toBe(4);
    expect(completeUtf8Prefix(new Uint8Array(0))).toBe(0);
  });
});

describe('classifyWindow', () => {
  it('reads valid UTF-8 as UTF-8', () => {
    expect(classifyWindow(utf8('姓名,金额\n陈光荣,1070.00\n'), true)).toEqual({ kind: 'utf-8' });
  });

  it('reads GBK as GB18030', () => {
    expect(classifyWindow(gbk('姓名,金额\r\n陈光荣,1070.00\r\n'), true)).toEqual({ kind: 'gb18030' });
  });

  it('is not fooled by a short GBK line that happens to be valid UTF-8', () => {
    // 郑伟 in GBK is d6 a3 ce b0, which UTF-8 reads as "֣ΰ".
    const window = gbk('6217995550001234567,郑伟,610.00,0\r\n6217995550001234575,刘玉兰,725.00,1\r\n');
    expect(classifyWindow(window, true)).toEqual({ kind: 'gb18030' });
  });

  it('calls UTF-8 text with a GBK line mixed, pointing at that line', () => {
    const head = utf8('姓名,金额\n陈光荣,1070.00\n刘玉兰,725.00\n');
    const window = Buffer.concat([head, gbk('王淑芬,610.00\n'), utf8('赵德华,1455.00\n')]);
    expect(classifyWindow(window, true)).toEqual({ kind: 'mixed', badLineOffset: head.length });
  });

  it('ignores an incomplete last line when the window does not reach the end of the file', () => {
    const window = Buffer.concat([utf8('姓名,金额\n陈光荣,1070.00\n'), utf8('刘玉兰').subarray(0, 4)]);
    expect(classifyWindow(window, false)).toEqual({ kind: 'utf-8' });
  });
});

describe('detectEncoding on the scenarios', () => {
  it.each([
    ['utf8-bom-roster-comma.csv', 'utf-8-bom', 3],
    ['gbk-bank-file-tab-delimited-named-xls.xls', 'gb18030', 0],
    ['gb18030-rare-char-yan.csv', 'gb18030', 0],
    ['gbk-bank-file-ascii-header.csv', 'gb18030', 0],
    ['pipe-delimited-bank.txt', 'utf-8', 0],
    ['quoted-multiline-field.csv', 'utf-8', 0],
    ['empty.csv', 'utf-8', 0],
  ])('%s → %s', async (name, encoding, bodyStart) => {
    expect(await detectEncoding(scenario(name))).toEqual({ encoding, bodyStart });
  });

  it('refuses UTF-8 with a GBK row pasted in, naming the row', async () => {
    const error = await refusalOf(detectEncoding(scenario('utf8-with-gbk-row-pasted.csv')));
    expect(error.code).toBe('invalid-utf8');
    expect(error.messageZh).toBe(
      '第 5 行含有无法按 UTF-8 解读的字节（可能混入了 GBK 编码的内容）。请将整个文件另存为 UTF-8 或 GBK 后重新上传。',
    );
    expect(error.messageEn).toContain('Line 5 ');
  });
});

describe('decoding', () => {
  it('decodes 䶮 and a four-byte GB18030 character exactly', async () => {
    expect(await decodedText(scenario('gb18030-rare-char-yan.csv'))).toBe(
      '姓名,身份证号码,银行账号,金额,状态\r\n' +
        '李䶮,500101199001180025,6217995550001234609,725.00,成功\r\n' +
        '陈𠮷,500101197612305414,6217995550001234617,610.00,成功\r\n',
    );
  });

  it('removes the BOM and nothing else', async () => {
    const text = await decodedText(scenario('utf8-bom-roster-comma.csv'));
    expect(text.startsWith('区县,乡镇(街道)')).toBe(true);
    expect(text.endsWith(',@村委会代管\r\n')).toBe(true);
  });

  it('keeps characters that straddle read-chunk boundaries, in UTF-8 and in GB18030', async () => {
    // 256 KiB chunks: pad so that a character is cut by the boundary, then many more.
    const line = '陈光荣,重庆市万州区龙都街道石峰村三组,1070.00\n';
    const text = 'x'.repeat(262_143) + line.repeat(20_000);
    expect(await decodedText(tempFile('straddle-utf8.csv', utf8(text)))).toBe(text);
    expect(await decodedText(tempFile('straddle-gbk.csv', gbk(text)))).toBe(text);
  });
});

describe('a late first non-ASCII byte', () => {
  // Well past the 64 KiB sample that a naive detector would look at.
  const asciiLines = Array.from({ length: 3000 }, (_, i) => `62179955500${String(i).padStart(8, '0')},ZHANG SAN,610.00,0\r\n`);

  it('after 3000 ASCII lines, GBK names make the whole file GB18030', async () => {
    const path = tempFile('ascii-then-gbk.csv', gbk(['account_no,account_name,amount,status\r\n', ...asciiLines, '6217995550009999999,王淑芬,610.00,0\r\n'].join('')));
    expect(await detectEncoding(path)).toEqual({ encoding: 'gb18030', bodyStart: 0 });
    const records = await recordsOf(await readDelimited(path));
    expect(records).toHaveLength(3002);
    expect(records[3001]).toEqual({ rowNo: 3002, cells: ['6217995550009999999', '王淑芬', '610.00', '0'] });
  });

  it('after valid UTF-8 text, a GBK row far down is refused by line number, mid-stream', async () => {
    const utf8Rows = Array.from({ length: 12_000 }, (_, i) => `62179955500${String(i).padStart(8, '0')},陈光荣,1070.00,成功\r\n`);
    const bytes = Buffer.concat([utf8('账号,户名,金额,状态\r\n' + utf8Rows.join('')), gbk('6217995550009999999,王淑芬,610.00,成功\r\n'), utf8('6217995550009999998,刘玉兰,725.00,成功\r\n')]);
    const path = tempFile('utf8-then-gbk-row.csv', bytes);
    expect(await detectEncoding(path)).toEqual({ encoding: 'utf-8', bodyStart: 0 });
    const table = await readDelimited(path);
    let seen = 0;
    const error = await refusalOf(
      (async () => {
        for await (const _ of table.records) seen++;
      })(),
    );
    expect(error.code).toBe('invalid-utf8');
    expect(error.messageZh).toContain('第 12002 行含有无法按 UTF-8 解读的字节');
    expect(seen).toBeGreaterThan(1000); // it streamed; nothing waited for the whole file
  });
});

describe('a forced encoding', () => {
  it('is used as given', async () => {
    expect(await resolveEncoding(scenario('gbk-bank-file-ascii-header.csv'), 'gb18030')).toEqual({ encoding: 'gb18030', bodyStart: 0 });
    expect(await resolveEncoding(scenario('utf8-bom-roster-comma.csv'), 'utf-8')).toEqual({ encoding: 'utf-8-bom', bodyStart: 3 });
  });

  it('refuses bytes it cannot decode instead of replacing them', async () => {
    const path = scenario('gbk-bank-file-tab-delimited-named-xls.xls');
    const error = await refusalOf(readDelimited(path, { encoding: 'utf-8' }).then(recordsOf));
    expect(error.messageZh).toContain('第 1 行含有无法按 UTF-8 解读的字节');
  });

  it('names the line of an invalid GB18030 byte', async () => {
    const path = tempFile('bad-gb.csv', Buffer.concat([gbk('姓名,金额\r\n陈光荣,1070.00\r\n'), Buffer.from([0xff]), gbk('刘玉兰,725.00\r\n')]));
    const error = await refusalOf(readDelimited(path, { encoding: 'gb18030' }).then(recordsOf));
    expect(error.code).toBe('invalid-gb18030');
    expect(error.messageZh).toBe('第 3 行含有无法按 GBK/GB18030 解读的字节。请确认文件的编码，将整个文件另存为 UTF-8 或 GBK 后重新上传。');
  });
});
