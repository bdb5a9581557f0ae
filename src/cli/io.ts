/**
 * The terminal's Io: lines to stdout and stderr. A reader that goes away (`relief-recon findings | head`)
 * closes the pipe: the rest of the output is dropped quietly — no EPIPE stack trace, the command still
 * ends with its own exit code.
 */
import type { Io } from './args.ts';

interface OutStream {
  write(text: string): unknown;
  on(event: 'error', listener: (e: NodeJS.ErrnoException) => void): unknown;
  isTTY?: boolean;
}

export function terminalIo(stdout: OutStream, stderr: OutStream, stdin?: Io['stdin']): Io {
  const closed = { out: false, err: false };
  const guard = (stream: OutStream, which: keyof typeof closed) =>
    stream.on('error', (e) => {
      if (e.code !== 'EPIPE') throw e;
      closed[which] = true;
    });
  guard(stdout, 'out');
  guard(stderr, 'err');
  return {
    out: (line) => void (closed.out || stdout.write(`${line}\n`)),
    err: (line) => void (closed.err || stderr.write(`${line}\n`)),
    isTty: Boolean(stdout.isTTY),
    stdin,
  };
}
