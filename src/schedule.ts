/**
 * node-cron around the pipeline, nothing more: fire a run at each time the expression names (in the
 * configured time zone), never two at once, one line per run start and end, and a clean stop — no
 * new runs, the current one asked to stop at its next safe point and waited for.
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import cron, { type Logger, type ScheduledTask } from 'node-cron';
import { nowInShanghai } from './domain/index.ts';
import { EXIT, UserError } from './errors.ts';
import { t, type Lang } from './lang.ts';
import { msg } from './messages/index.ts';
import type { PipelineResult, RunLog } from './pipeline/index.ts';

export interface ScheduleOptions {
  cron: string;
  timezone: string;
  /** One run; the signal fires when the schedule is being stopped. */
  run(signal: AbortSignal): Promise<PipelineResult>;
  log: RunLog;
  /** One line per run start and end (and when the schedule starts and stops). */
  out(line: string): void;
  lang: Lang;
  /** How late a firing may be (a busy machine at 02:00) and still run; default ten minutes. */
  lateToleranceMs?: number;
}

export interface Schedule {
  nextRun(): Date | null;
  /** Runs fired so far. */
  readonly fired: number;
  /** Stop firing, ask a run in progress to stop at its next safe point, wait for it. */
  stop(): Promise<void>;
  /** Settles once stopped. */
  readonly stopped: Promise<void>;
}

export function validateSchedule(expression: string, timezone: string): void {
  if (!cron.validate(expression)) {
    const detail = cron.validateDetailed(expression).errors.map((e) => e.message).join('; ');
    throw new UserError(
      'config',
      `配置项「schedule.cron」的值 "${expression}" 不是有效的 cron 表达式（${detail}）。示例：每天凌晨 2 点为 "0 2 * * *"。`,
      `schedule.cron "${expression}" is not a valid cron expression (${detail}). Example: "0 2 * * *" for 02:00 daily.`,
      EXIT.badInput,
    );
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw new UserError('config', `配置项「schedule.timezone」的值 "${timezone}" 不是有效的时区名称（例如 Asia/Shanghai）。`, `schedule.timezone "${timezone}" is not a time zone name (e.g. Asia/Shanghai).`, EXIT.badInput);
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

function endLine(lang: Lang, r: PipelineResult): string {
  const files = r.files;
  const n = (s: string) => files.filter((f) => f.status === s).length;
  const outcomeZh = { done: '完成', interrupted: '已中断（下次运行继续）', failed: '失败' }[r.outcome];
  const reports = r.reports ? msg(lang, 'schedule.reports', { dir: r.reports.dir }) : '';
  const error = r.error ? t(lang, `，原因：${r.error.zh}`, `, reason: ${r.error.en}`) : '';
  return t(
    lang,
    `${nowInShanghai()} 运行结束：第 ${r.runId} 次运行${outcomeZh}；文件 入库 ${n('ingested')}、重复 ${n('duplicate')}、拒收 ${n('refused')}；未结疑点 高 ${r.open.high}、中 ${r.open.medium}、低 ${r.open.low}；用时 ${seconds(r.ms)} 秒${reports}${error}`,
    `${nowInShanghai()} run end: run ${r.runId} ${r.outcome}; files ingested ${n('ingested')}, duplicate ${n('duplicate')}, refused ${n('refused')}; open findings high ${r.open.high}, medium ${r.open.medium}, low ${r.open.low}; ${seconds(r.ms)} s${reports}${error}`,
  );
}

export function startSchedule(opts: ScheduleOptions): Schedule {
  validateSchedule(opts.cron, opts.timezone);
  const { log, out, lang } = opts;
  const controller = new AbortController();
  let current: Promise<void> | null = null;
  let fired = 0;

  const fire = async () => {
    fired++;
    const t0 = performance.now();
    out(msg(lang, 'schedule.runStartScheduledFiring', { fired, now: nowInShanghai() }));
    log.write({ runId: null, stage: 'schedule', event: 'fire', counts: { firing: fired } });
    try {
      out(endLine(lang, await opts.run(controller.signal)));
    } catch (e) {
      if (controller.signal.aborted) {
        out(msg(lang, 'schedule.runEndNotStarted', { now: nowInShanghai() }));
        return;
      }
      // A run that could not start (or a bug) must not stop the schedule: say so, try again next time.
      const why = e instanceof UserError ? t(lang, e.messageZh, e.messageEn) : e instanceof Error ? e.message : String(e);
      out(msg(lang, 'schedule.runEndFailedS', { now: nowInShanghai(), seconds: seconds(performance.now() - t0), why }));
      log.write({ runId: null, stage: 'schedule', event: 'run-error', code: e instanceof UserError ? e.code : e instanceof Error ? e.name : 'Error' });
    }
  };

  // node-cron's own messages (overlap, missed) go to the log as events, never to the terminal as free text.
  const logger: Logger = {
    info() {},
    debug() {},
    warn() {},
    error() {
      log.write({ runId: null, stage: 'schedule', event: 'cron-error' });
    },
  };
  const task: ScheduledTask = cron.createTask(
    opts.cron,
    async () => {
      if (controller.signal.aborted) return;
      const p = fire();
      current = p;
      try {
        await p;
      } finally {
        current = null;
      }
    },
    { timezone: opts.timezone, noOverlap: true, name: 'relief-recon-nightly', logger, missedExecutionTolerance: opts.lateToleranceMs ?? 10 * 60_000 },
  );
  task.on('execution:overlap', () => {
    log.write({ runId: null, stage: 'schedule', event: 'skipped-still-running' });
  });
  task.on('execution:missed', () => {
    log.write({ runId: null, stage: 'schedule', event: 'missed' });
  });
  void task.start();
  log.write({ runId: null, stage: 'schedule', event: 'started' });
  const nextDate = task.getNextRun();
  const next = nextDate ? format(new TZDate(nextDate.getTime(), opts.timezone), "yyyy-MM-dd'T'HH:mm:ssXXX") : '—';
  out(
    msg(lang, 'schedule.scheduleStartedNextRun', { next, now: nowInShanghai(), cron: opts.cron, timezone: opts.timezone }),
  );

  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let stopping: Promise<void> | null = null;
  return {
    nextRun: () => task.getNextRun(),
    get fired() {
      return fired;
    },
    stopped,
    stop() {
      stopping ??= (async () => {
        await task.stop();
        controller.abort();
        if (current) {
          out(msg(lang, 'schedule.stoppingLettingTheCurrent', { now: nowInShanghai() }));
          await current;
        }
        await task.destroy();
        log.write({ runId: null, stage: 'schedule', event: 'stopped', counts: { fired } });
        out(msg(lang, 'schedule.scheduleStopped', { now: nowInShanghai() }));
        resolveStopped();
      })();
      return stopping;
    },
  };
}
