/** The portal's commands as cli.ts would run them (independent of their registration in src/cli/main.ts). */
import { parseCommandArgs, type Command } from '../../src/cli/args.ts';
import { serveCommand } from '../../src/cli/commands/serve.ts';
import { userCommand } from '../../src/cli/commands/user.ts';
import { UserError } from '../../src/errors.ts';

const COMMANDS: Command[] = [serveCommand, userCommand];
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
