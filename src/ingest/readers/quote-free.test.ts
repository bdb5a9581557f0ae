/**
 * d3-dsv reads the lines before a file's first double quote, csv-parse the rest (delimited.ts). Whatever the
 * text and wherever the reader's chunks end, the records, their row numbers and any refusal must be those of
 * csv-parse reading the whole file, as every line was read before.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { csvRecords, parseRecords, readDelimited } from './delimited.ts';
import { recordsOf, tempFile } from './test-helpers.ts';
import { FileRefusedError, type RawRecord } from './types.ts';

/** A source that yields `text` (UTF-8) in the given chunk sizes, anew each time it is read. */
function chunked(text: string, sizes: number[]): AsyncIterable<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  return {
    async *[Symbol.asyncIterator]() {
      let at = 0;
      for (let i = 0; at < bytes.length; i++) {
        const n = Math.max(1, sizes[i % sizes.length]!);
        yield bytes.subarray(at, at + n);
        at += n;
      }
    },
  };
}

type Outcome = { records: RawRecord[] } | { refused: { code: string; zh: string; en: string } };

async function outcome(records: AsyncIterable<RawRecord>): Promise<Outcome> {
  const out: RawRecord[] = [];
  try {
    for await (const r of records) out.push(r);
    return { records: out };
  } catch (e) {
    if (!(e instanceof FileRefusedError)) throw e;
    return { refused: { code: e.code, zh: e.messageZh, en: e.messageEn } };
  }
}

/** csv-parse alone over the whole text: the reference. */
const reference = (text: string, delimiter = ',') => outcome(csvRecords(chunked(text, [1 << 20]), chunked(text, [1 << 20]), delimiter, 1, 0));

/** mulberry32: a seeded generator whose low bits are as random as its high ones. */
function random(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

describe('the quote-free lines through d3-dsv, the rest through csv-parse', () => {
  it('read every text as csv-parse alone does, wherever the chunks end (line ends, blank lines, quotes, multi-byte)', async () => {
    const pieces = ['a', 'bc', '中文', '𠮷', ',', ',', ',', '\n', '\n', '\r\n', '\r', ' ', '"', '""', '=1', '\t'];
    const rnd = random(12);
    let withQuote = 0;
    let refused = 0;
    for (let n = 0; n < 300; n++) {
      const quoteFree = n % 2 === 0;
      let text = '';
      const length = 1 + rnd(60);
      for (let i = 0; i < length; i++) {
        const p = pieces[rnd(pieces.length)]!;
        text += quoteFree && p.includes('"') ? 'x' : p;
      }
      if (text.includes('"')) withQuote++;
      const sizes = [1 + rnd(7), 1 + rnd(3), 1 + rnd(20)];
      const expected = await reference(text);
      if ('refused' in expected) refused++;
      expect(await outcome(parseRecords(chunked(text, sizes), ',', 1)), JSON.stringify({ text, sizes })).toEqual(expected);
    }
    expect(withQuote).toBeGreaterThan(100);
    expect(refused).toBeLessThan(withQuote);
    expect(refused).toBeGreaterThan(5);
  });

  it('a quote first seen at row 3,001 of a large file: the rows before and after it read alike, numbered from the file’s start', async () => {
    const lines: string[] = ['批次号,账号,户名,金额,状态'];
    for (let i = 0; i < 6000; i++) {
      if (i === 3000) lines.push('B1,6228480000000003000,"张,明华",770.00,"成功"');
      else if (i === 4000) lines.push('B1,6228480000000004000,"多行\r\n备注",770.00,成功');
      else if (i === 5000) lines.push('');
      else lines.push(`B1,62284800000000${String(i).padStart(5, '0')},张明华,770.00,成功`);
    }
    lines.push('合计,,,4620000.00,');
    const text = lines.join('\r\n') + '\r\n';
    const file = tempFile('bank-quote-at-row-3001.csv', text);
    expect(Buffer.byteLength(text)).toBeGreaterThan(256 * 1024); // several of the reader's chunks
    const records = await recordsOf(await readDelimited(file));
    expect(records).toEqual((await reference(text) as { records: RawRecord[] }).records);
    expect(records.find((r) => r.rowNo === 3001)?.cells).toEqual(['B1', '6228480000000002999', '张明华', '770.00', '成功']);
    expect(records.find((r) => r.rowNo === 3002)?.cells).toEqual(['B1', '6228480000000003000', '张,明华', '770.00', '成功']);
    expect(records.find((r) => r.rowNo === 4002)?.cells[2]).toBe('多行\r\n备注');
    expect(records.find((r) => r.rowNo === 4003)?.cells[1]).toBe('6228480000000004001');
    expect(records.some((r) => r.rowNo === 5002)).toBe(false); // the blank line: counted, not yielded
    expect(records.at(-1)).toEqual({ rowNo: 6002, cells: ['合计', '', '', '4620000.00', ''] });
  });

  it('an unclosed quote on line 5,001 of a large file is refused naming that line', async () => {
    const lines = ['姓名,身份证号码,金额'];
    for (let i = 0; i < 8000; i++) lines.push(i === 5000 ? '陈光荣,"500101195803154314,1070.00' : `刘玉兰,500101196408221622,${i}.00`);
    const text = lines.join('\n') + '\n';
    const error = await recordsOf(await readDelimited(tempFile('unclosed-at-5001.csv', text))).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FileRefusedError);
    expect((error as FileRefusedError).messageZh.startsWith('第 5002 行的引号没有闭合')).toBe(true);
    expect(await outcome(parseRecords(chunked(text, [4096]), ',', 1))).toEqual(await reference(text));
  });

  it('a GBK file with a BOM-less title, CR LF line ends and a quote half-way reads as csv-parse reads it', async () => {
    const lines = ['万州区2026年11月城乡低保代发结果'];
    lines.push('账号\t户名\t金额\t状态');
    for (let i = 0; i < 20_000; i++) lines.push(i === 12_000 ? `6228480000${i}\t"王""淑芬"\t610.00\t成功` : `6228480000${i}\t陈光荣\t1070.00\t成功`);
    const text = lines.join('\r\n') + '\r\n';
    const table = await readDelimited(tempFile('gbk-quote-half-way.txt', iconv.encode(text, 'gb18030')));
    expect(table).toMatchObject({ encoding: 'gb18030', delimiter: '\t' });
    const records = await recordsOf(table);
    expect(records).toEqual((await reference(text, '\t') as { records: RawRecord[] }).records);
    expect(records.find((r) => r.rowNo === 12_003)?.cells[1]).toBe('王"淑芬');
    expect(records.length).toBe(20_002);
  });

  it('reading can stop early after the quote, and start again', async () => {
    const text = 'a,b\n1,2\n"3",4\n5,6\n';
    const table = await readDelimited(tempFile('stop-early.csv', text));
    for await (const r of table.records) if (r.rowNo === 3) break;
    expect((await recordsOf(table)).map((r) => r.cells)).toEqual([['a', 'b'], ['1', '2'], ['3', '4'], ['5', '6']]);
  });

  it('a delimiter of more than one character is read by csv-parse alone', async () => {
    const text = 'a||b\n1||"2"\n';
    expect(await outcome(parseRecords(chunked(text, [3]), '||', 1))).toEqual({ records: [{ rowNo: 1, cells: ['a', 'b'] }, { rowNo: 2, cells: ['1', '2'] }] });
  });
});
