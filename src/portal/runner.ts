/**
 * "Run now" from the operator page: the nightly pipeline started in the background of the server
 * process, one at a time here, and the pipeline's own lock keeps it from overlapping a scheduled run.
 */
import type { Config } from '../config.ts';
import { nowInShanghai } from '../domain/index.ts';
import { UserError } from '../errors.ts';
import { runPipeline, type PipelineOptions, type PipelineResult } from '../pipeline/index.ts';

export interface RunnerState {
  state: 'idle' | 'running' | 'done' | 'interrupted' | 'failed' | 'locked';
  startedAt: string | null;
  finishedAt: string | null;
  by: string | null;
  runId: number | null;
  message: { zh: string; en: string } | null;
}

export type PipelineStarter = (config: Config, opts: PipelineOptions) => Promise<PipelineResult>;

export class PipelineRunner {
  state: RunnerState = { state: 'idle', startedAt: null, finishedAt: null, by: null, runId: null, message: null };
  private current: Promise<void> | null = null;

  constructor(
    private readonly config: Config,
    private readonly run: PipelineStarter = runPipeline,
    /** Shutting down: a run in progress stops at its next safe point. */
    private readonly signal?: AbortSignal,
  ) {}

  /** Starts a run unless this server already has one going; false when it had. */
  start(by: string): boolean {
    if (this.current) return false;
    this.state = { state: 'running', startedAt: nowInShanghai(), finishedAt: null, by, runId: null, message: null };
    this.current = this.go().finally(() => {
      this.current = null;
    });
    return true;
  }

  private async go(): Promise<void> {
    try {
      const r = await this.run(this.config, { trigger: 'manual', signal: this.signal });
      const failed = r.outcome !== 'done';
      this.state = { ...this.state, state: r.outcome, runId: r.runId, finishedAt: nowInShanghai(), message: failed ? r.error : null };
    } catch (e) {
      const locked = e instanceof UserError && e.code === 'locked';
      const message = e instanceof UserError ? { zh: e.messageZh, en: e.messageEn } : { zh: String(e), en: String(e) };
      this.state = { ...this.state, state: locked ? 'locked' : 'failed', finishedAt: nowInShanghai(), message };
    }
  }

  /** Resolves when the run in progress (if any) has ended: for tests and shutdown. */
  async settled(): Promise<void> {
    await this.current;
  }
}
