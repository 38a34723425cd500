/** Minimal typed option parsing for the CLI commands (node:util parseArgs with clear errors). */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Parses `args` against `options`; unknown options and missing values throw a readable Error. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  return parseArgs({ args, options, allowPositionals: true, strict: true });
}

/** Returns a required string option or throws `--name is required`. */
export function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new Error(`--${name} is required (see --help).`);
  return value;
}
