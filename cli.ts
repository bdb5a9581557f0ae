#!/usr/bin/env node
/** relief-recon's command line: arguments in, one call into src, exit code out. */
import { terminalIo } from './src/cli/io.ts';
import { main } from './src/cli/main.ts';

process.exitCode = await main(process.argv.slice(2), terminalIo(process.stdout, process.stderr, process.stdin));
