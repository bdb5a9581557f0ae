#!/usr/bin/env -S npx tsx
/** relief-recon's command line: arguments in, one call into src, exit code out. */
import { main } from './src/cli/main.ts';

process.exitCode = await main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTty: Boolean(process.stdout.isTTY),
});
