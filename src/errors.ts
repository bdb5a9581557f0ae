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
