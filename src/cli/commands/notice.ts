import { join } from 'node:path';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/index.ts';
import { EXIT, UserError } from '../../errors.ts';
import { type Lang } from '../../lang.ts';
import { msg } from '../../messages/index.ts';
import { writeNotice } from '../../notice/index.ts';
import { str, type Command } from '../args.ts';

export const noticeCommand: Command = {
  name: 'notice',
  summaryZh: '生成公示名单（按村/社区分页的 A4 打印版 HTML 和 Excel，不含身份证号、账号、电话）或公示汇总',
  summaryEn: 'write the public notice (公示) lists — A4 HTML, one page per village, and Excel; never an ID, account or phone number — or the public summary',
  usage: 'relief-recon notice --period 2026-11 [--district 区县] [--township 乡镇] [--summary] [--out 目录]',
  helpZh: `按配置 notice 段的设置生成：姓名显示方式（nameMask，默认 partial：张*明）、公示期天数、异议受理渠道。
  --period YYYY-MM   公示月份（--summary 时也可写年份 YYYY，汇总全年各月）
  --district 区县     只生成该区县
  --township 乡镇     只生成该乡镇（街道）
  --summary          生成公示汇总（按区县 × 救助类别 × 月份的户数、人数、金额，不含个人信息）
  --out DIR          输出目录（默认：配置 reports 目录下的「公示」）
名单取自当前有效的审批花名册；任何文字中 6 位以上的数字一律删去，身份证号、账号、电话不会出现在公示中。`,
  helpEn: `Uses the config's notice section: name masking (nameMask, default partial: 张*明), days posted, complaint channel.
  --period YYYY-MM   the month (with --summary also YYYY: every month of the year)
  --district NAME    one district only
  --township NAME    one township only
  --summary          the public summary (households, people, amounts by district × program × month; no personal data)
  --out DIR          output folder (default: 公示 under the config's reports)
Lists come from the rosters in force; any run of 6 or more digits is removed from every text.`,
  options: { period: { type: 'string' }, district: { type: 'string' }, township: { type: 'string' }, summary: { type: 'boolean' }, out: { type: 'string', short: 'o' } },
  async run(args, io) {
    const config = loadConfig(str(args, 'config'));
    const lang: Lang = args.values.lang === undefined ? config.lang : args.lang;
    const period = str(args, 'period');
    const summary = args.values.summary === true;
    const ok = period !== undefined && (/^\d{4}-(0[1-9]|1[0-2])$/.test(period) || (summary && /^\d{4}$/.test(period)));
    if (!ok) {
      throw new UserError('usage', `--period 应为公示月份，如 2026-11${summary ? '（汇总也可写年份，如 2026）' : ''}`, `--period must be a month such as 2026-11${summary ? ' (or a year for --summary)' : ''}`, EXIT.badInput);
    }
    const db = await openDatabase(config.database);
    try {
      const outDir = str(args, 'out') ?? join(config.reports, '公示');
      const w = await writeNotice(db, config.notice, { period, district: str(args, 'district'), township: str(args, 'township'), summary, outDir });
      if (!summary && w.lines === 0) io.err(msg(lang, 'cli.notice.noteNoRosterRows', { period }));
      if (!args.values.quiet) {
        io.out(summary
          ? msg(lang, 'cli.notice.publicSummaryWrittenRows', { lines: w.lines })
          : msg(lang, 'cli.notice.noticeWrittenVillagesHouseholds', { lines: w.lines, pages: w.pages }));
        for (const f of w.files) io.out(`  ${f}`);
      }
      return EXIT.ok;
    } finally {
      await db.close();
    }
  },
};
