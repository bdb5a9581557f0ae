/**
 * Throughput of readDelimited on generated 10-column bank files (UTF-8 and GB18030), not a test:
 *   npx tsx src/ingest/readers/bench-delimited.ts [rows=1000000]
 * Files are written once to the system temp folder and reused.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { readDelimited } from './delimited.ts';

const rows = Number(process.argv[2] ?? 1_000_000);
const names = ['陈光荣', '刘玉兰', '王淑芬', '赵德华', '李䶮', '张三', '杨秀英', '周', '吴晓明', '郑伟'];
const towns = ['龙都街道', '高笋塘街道', '太白街道', '牌楼街道', '双河口街道'];

async function generate(path: string, encoding: 'utf8' | 'gb18030'): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string): Promise<void> => {
    if (!out.write(encoding === 'utf8' ? text : iconv.encode(text, 'gb18030'))) await once(out, 'drain');
  };
  await write('区县,乡镇(街道),村(社区),姓名,身份证号码,银行账号,金额,状态,发放日期,备注\r\n');
  let batch = '';
  for (let i = 0; i < rows; i++) {
    const id = `500101${19400101 + (i % 600_000)}${String(i % 1000).padStart(3, '0')}X`;
    const remark = i % 7 === 0 ? '"含,逗号"' : '';
    batch += `万州区,${towns[i % 5]},第${i % 30}村,${names[i % 10]},${id},6217${String(i).padStart(15, '0')},${(i % 900) + 300}.00,成功,2026-11-15,${remark}\r\n`;
    if (i % 5000 === 4999) {
      await write(batch);
      batch = '';
    }
  }
  await write(batch);
  out.end();
  await once(out, 'finish');
}

for (const encoding of ['utf8', 'gb18030'] as const) {
  const path = join(tmpdir(), `relief-recon-bench-${encoding}-${rows}.csv`);
  if (!existsSync(path)) await generate(path, encoding);
  const started = performance.now();
  const table = await readDelimited(path);
  let count = 0;
  for await (const _ of table.records) count++;
  const seconds = (performance.now() - started) / 1000;
  const rate = Math.round(count / seconds).toLocaleString('en');
  console.log(`${table.encoding}: ${count} records in ${seconds.toFixed(2)} s = ${rate} rows/s (${path})`);
}
console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
