/**
 * The command line as cli.ts runs it, for the commands of this suite (so the tests do not depend on
 * their registration in src/cli/main.ts): arguments in, exit code out, user errors printed once.
 */
import { parseCommandArgs, type Command } from '../../src/cli/args.ts';
import { demoCommand } from '../../src/cli/commands/demo.ts';
import { runCommand } from '../../src/cli/commands/run.ts';
import { scheduleCommand } from '../../src/cli/commands/schedule.ts';
import { UserError } from '../../src/errors.ts';

const COMMANDS: Command[] = [runCommand, scheduleCommand, demoCommand];
const [name, ...rest] = process.argv.slice(2);
const cmd = COMMANDS.find((c) => c.name === name);
if (!cmd) throw new Error(`unknown command ${name}`);
try {
  process.exitCode = await cmd.run(parseCommandArgs(cmd, rest), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    isTty: Boolean(process.stdout.isTTY),
  });
} catch (e) {
  if (!(e instanceof UserError)) throw e;
  process.stderr.write(`错误：${e.messageZh}\n`);
  process.exitCode = e.exitCode;
}
