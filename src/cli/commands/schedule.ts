import { loadConfig } from '../../config.ts';
import { EXIT } from '../../errors.ts';
import { t } from '../../lang.ts';
import { msg } from '../../messages/index.ts';
import { logPathFor, openRunLog, runPipeline, stopOnSignals } from '../../pipeline/index.ts';
import { startSchedule, validateSchedule, type Schedule } from '../../schedule.ts';
import { str, type Command } from '../args.ts';

export const scheduleCommand: Command = {
  name: 'schedule',
  summaryZh: '按计划定时运行夜间任务（默认每天 2:00 北京时间），直到被停止',
  summaryEn: 'run the nightly job on a schedule (default 02:00 Asia/Shanghai) until stopped',
  usage: 'relief-recon schedule [--cron "0 2 * * *"] [--timezone Asia/Shanghai]',
  helpZh: `持续运行；到点执行与 run 相同的任务，从不重叠（上一次未结束则跳过本次）。每次运行开始和结束各输出一行，
详细日志（JSON 行）写入数据库所在目录的 logs/relief-recon.log。每次运行前重新读取配置文件；cron 与时区以启动时为准。
Ctrl-C 或 SIGTERM：不再开始新运行，当前运行在安全点停止后退出（下次运行会从中断处继续）；再按一次立即退出。
  --cron EXPR           覆盖配置项 schedule.cron（支持 6 段含秒的写法）
  --timezone TZ         覆盖配置项 schedule.timezone`,
  helpEn: `Keeps running; at each time it runs the same job as \`run\`, never two at once (a firing during a run is skipped).
One line per run start and end; the detailed log (JSON lines) goes to logs/relief-recon.log beside the database.
The config file is re-read before each run; cron and time zone are fixed at start.
Ctrl-C or SIGTERM: no new runs, the current run stops at a safe point, then exit (the next run continues it); again to quit at once.
  --cron EXPR           overrides schedule.cron (6 fields with seconds allowed)
  --timezone TZ         overrides schedule.timezone`,
  options: { cron: { type: 'string' }, timezone: { type: 'string' } },
  async run(args, io) {
    const configPath = str(args, 'config');
    const config = loadConfig(configPath);
    const expression = str(args, 'cron') ?? config.schedule.cron;
    const timezone = str(args, 'timezone') ?? config.schedule.timezone;
    validateSchedule(expression, timezone);
    const log = openRunLog(logPathFor(config));
    const lang = args.lang;
    // Signals are handled from before the first firing, so a stop can never kill a run outright.
    let schedule: Schedule | null = null;
    const stop = stopOnSignals({
      onStop: () => void schedule?.stop(),
      onForce: () => io.err(msg(lang, 'cli.schedule.quittingAtOnce')),
    });
    schedule = startSchedule({
      cron: expression,
      timezone,
      log,
      lang,
      out: (line) => io.out(line),
      run: (signal) =>
        runPipeline(loadConfig(configPath), {
          trigger: 'schedule',
          // A manual run in progress at 02:00 is waited for, not skipped: tonight's files still get read.
          wait: true,
          signal,
          log,
          onNotice: (n) => io.out(t(lang, n.zh, n.en)),
        }),
    });
    try {
      await schedule.stopped;
    } finally {
      stop.dispose();
    }
    return EXIT.ok;
  },
};
