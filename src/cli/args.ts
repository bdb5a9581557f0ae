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
    throw new UserError('usage', `参数错误：${(e as Error).message}。用法：${cmd.usage}（--help 查看说明）`, `Bad usage: ${(e as Error).message}. Usage: ${cmd.usage}`, EXIT.badInput);
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
