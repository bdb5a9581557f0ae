/** The notice tests' roster: 渝中区 解放碑街道, two communities, a GBK file with a title row, a phone column and a 合计 row. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { id } from '../report/fixture-run.ts';

export const A = id('500103198001010', 1);
export const B = id('500103197505050', 2);
export const C = id('500103196512120', 3);
export const D = id('500241195002020', 4);

export function writeRoster(dir: string): string {
  const lines = [
    '渝中区2026年11月城乡低保资金发放花名册',
    '发放月份,区县,乡镇(街道),村(社区),姓名,身份证号码,救助类别,保障人数,核定金额,银行账号,账户名,联系电话',
    `2026-11,渝中区,解放碑街道,民族路社区,陈国强,${A},城市低保,1,770.00,6217000012340001,陈国强,13800138000`,
    `2026-11,渝中区,解放碑街道,民族路社区,周玉兰,${B},城市低保,2,"1,540.00",6217000012340002,周玉兰,13800138001`,
    `2026-11,渝中区,解放碑街道,较场口社区,吴德明,${C},特困供养,1,"1,001.00",6217000012340003,吴德明,13800138002`,
    `2026-11,渝中区,解放碑街道,较场口社区,欧阳娜娜,${D},城市低保,3,"2,310.00",6217000012340004,欧阳娜娜,`,
    '合计,,,,,,,7,"5,621.00",,,',
  ];
  const path = join(dir, 'roster-yuzhong-2026-11-two-communities.csv');
  writeFileSync(path, iconv.encode(lines.join('\r\n') + '\r\n', 'gbk'));
  return path;
}

