/**
 * Typed option parsing for the CLI commands (node:util parseArgs) and the checks every command shares.
 * A {@link UsageError} (unknown option, extra argument, malformed or contradictory value) makes the
 * command exit with status 2 and one line saying what is wrong; other errors exit with status 1.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in how a command was called: exit status 2, one line. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Parses `args` against `options`: unknown options, positional arguments (unless `positionals` allows
 * them) and missing values are UsageErrors.
 */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, config: { positionals?: boolean } = {}) {
  try {
    return parseArgs({ args, options, allowPositionals: config.positionals ?? false, strict: true });
  } catch (err) {
    const e = err as Error & { code?: string };
    if (typeof e.code === 'string' && e.code.startsWith('ERR_PARSE_ARGS')) {
      // node's messages run over several sentences; the first says what is wrong, except for an option
      // value that starts with a dash, where the hint ("use --na=-99") is the point.
      const text = e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ? e.message.replace(/\s*\n\s*/g, ' ') : e.message.split(/\.\s|\n/)[0]!;
      throw new UsageError(text.replace(/\.$/, '').replace(/^Unexpected argument/, 'unexpected extra argument'));
    }
    throw err;
  }
}

/** Returns a required string option or throws a UsageError `--name is required`. */
export function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new UsageError(`--${name} is required (see --help)`);
  return value;
}

/** Largest seed: seeds are whole numbers 0 .. 2^32 - 1 (no silent wrap-around). */
export const MAX_SEED = 2 ** 32 - 1;

/** Parses a --seed value: a whole number from 0 to 2^32 - 1, else a UsageError. */
export function parseSeed(value: string | undefined, fallback: number, name = 'seed'): number {
  if (value === undefined) return fallback;
  const s = value.trim();
  const n = /^\d+$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(n) || n > MAX_SEED) throw new UsageError(`--${name} must be a whole number from 0 to ${MAX_SEED} (got '${value}')`);
  return n;
}

/** Parses a whole-number option >= min, else a UsageError. */
export function parseInteger(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const s = value.trim();
  const n = /^[+-]?\d+$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number >= ${min} (got '${value}')`);
  return n;
}

/** Parses a confidence level strictly between 0 and 1, else a UsageError. */
export function parseLevel(value: string | undefined, name = 'level'): number {
  if (value === undefined) return 0.95;
  const n = Number(value);
  if (value.trim() === '' || !(n > 0 && n < 1)) throw new UsageError(`--${name} must be a number between 0 and 1 (got '${value}')`);
  return n;
}

/** One of the allowed values, else a UsageError listing them. */
export function parseChoice<T extends string>(value: string | undefined, name: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got '${value}')`);
  return value as T;
}

/** COL=VALUE pairs of a repeatable option, else a UsageError. */
export function parsePairs(values: readonly string[] | undefined, name: string): [string, string][] {
  return (values ?? []).map((v) => {
    const i = v.indexOf('=');
    if (i <= 0 || v.slice(0, i).trim() === '') throw new UsageError(`--${name} expects COL=VALUE (got '${v}')`);
    return [v.slice(0, i).trim(), v.slice(i + 1).trim()];
  });
}

/** Values of a repeatable option, each possibly a comma-separated list. */
export function listOption(values: readonly string[] | string | undefined): string[] {
  const arr = values === undefined ? [] : typeof values === 'string' ? [values] : values;
  return arr.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

/** Throws a one-line Error unless the folder an output file goes into exists (no raw ENOENT). */
export function requireOutputFolder(path: string, option: string): void {
  const dir = dirname(resolve(path));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`--${option} ${path}: the folder ${dir} does not exist (create it first)`);
}
