/**
 * Argument parsing shared by the commands (node:util parseArgs), with usage errors in Chinese.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT, UserError } from '../errors.ts';
import type { Lang } from '../lang.ts';

export interface Command {
  name: string;
  summaryZh: string;
  summaryEn: string;
  usage: string;
  helpZh: string;
  helpEn: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(args: ParsedArgs, io: Io): Promise<number>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  lang: Lang;
}

export interface Io {
  out(line: string): void;
  err(line: string): void;
  isTty: boolean;
  /** Standard input (a password for `user add` from a script); process.stdin when not given. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
}

export const COMMON_OPTIONS = {
  config: { type: 'string', short: 'c' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  quiet: { type: 'boolean', short: 'q' },
} as const;

export function parseCommandArgs(cmd: Command, argv: string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...cmd.options }, allowPositionals: true, strict: true });
  } catch (e) {
    const { zh, en } = usageProblem(e as Error & { code?: string }, { ...COMMON_OPTIONS, ...cmd.options });
    throw new UserError('usage', `${zh}。用法：${cmd.usage}（--help 查看说明）`, `${en}. Usage: ${cmd.usage} (--help for more)`, EXIT.badInput);
  }
  const lang = parsed.values.lang === 'en' ? 'en' : 'zh';
  if (parsed.values.lang !== undefined && parsed.values.lang !== 'en' && parsed.values.lang !== 'zh') {
    throw new UserError('usage', '--lang 只能是 zh 或 en', '--lang must be zh or en', EXIT.badInput);
  }
  return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals, lang };
}

export function str(args: ParsedArgs, key: string): string | undefined {
  const v = args.values[key];
  return typeof v === 'string' ? v : undefined;
}

/** An option as a person types it: --name (or -x for a short one). */
function shown(options: NonNullable<ParseArgsConfig['options']>): string[] {
  return Object.keys(options).map((k) => `--${k}`);
}

/**
 * The option parser's complaint in our own words, in both languages (its English text never reaches a
 * Chinese message): an unknown option, an option missing its value, a value given to a switch, a stray argument.
 */
export function usageProblem(e: Error & { code?: string }, options: NonNullable<ParseArgsConfig['options']>): { zh: string; en: string } {
  const quoted = /'([^']+)'/.exec(e.message)?.[1] ?? '';
  const name = /--[\w-]+/.exec(quoted)?.[0] ?? quoted.split(/[ ,]/)[0] ?? quoted;
  const valid = shown(options);
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return { zh: `未知选项 ${name}（可用：${valid.join('、')}）`, en: `unknown option ${name} (valid: ${valid.join(', ')})` };
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(e.message)) return { zh: `选项 ${name} 不带取值`, en: `option ${name} takes no value` };
      return { zh: `选项 ${name} 缺少取值`, en: `option ${name} needs a value` };
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return { zh: `多余的参数 ${quoted}`, en: `unexpected argument ${quoted}` };
    default:
      return { zh: '参数无法解析', en: 'the arguments cannot be parsed' };
  }
}
