/**
 * The one error type that ends a command with a message for the user (Chinese first, English with
 * `--lang en`) and an exit code; cli.ts prints it in one place. Anything else is a bug.
 */
export const EXIT = { ok: 0, runFailed: 1, badInput: 2, findingsAtThreshold: 3 } as const;

export class UserError extends Error {
  constructor(
    readonly code: string,
    readonly messageZh: string,
    readonly messageEn: string,
    readonly exitCode: number = EXIT.badInput,
  ) {
    super(messageEn);
    this.name = 'UserError';
  }
}

/**
 * A stop was requested (SIGTERM / Ctrl-C) and a long step reached a safe point between its stages:
 * nothing of the step is half-written. The pipeline records the run interrupted; the next start redoes the step.
 */
export class StopRequested extends Error {
  constructor(readonly where: string) {
    super(`stopped at a safe point (${where})`);
    this.name = 'StopRequested';
  }
}

/**
 * A safe point: lets the event loop turn once (SQLite work is synchronous, so a SIGTERM handler only
 * runs when something yields), then throws StopRequested when `signal` has been aborted.
 */
export async function stopPoint(signal: AbortSignal | undefined, where: string): Promise<void> {
  if (!signal) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (signal.aborted) throw new StopRequested(where);
}
