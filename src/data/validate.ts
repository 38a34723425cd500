/**
 * Checks shared by the loaders: reading a rating against its declared scale, finding duplicate keys, and
 * refusing a factor with a single level.
 */
import { DataError, quoteValue, type DataLocation } from './errors';
import type { RatingScale } from './types';

/** Result of reading one rating cell. */
export type RatingCell =
  | { kind: 'empty' }
  | { kind: 'ok'; value: number }
  | { kind: 'invalid'; code: 'NOT_NUMERIC' | 'OUT_OF_SCALE'; reason: string; problem: string };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** "1-5" or "1-5 (whole numbers)". */
export function describeScale(scale: RatingScale): string {
  return `${scale.min}-${scale.max}${scale.integer === false ? '' : ', whole numbers'}`;
}

/** Throws BAD_OPTION unless the scale is two finite numbers with min < max. */
export function checkScale(scale: RatingScale | undefined): RatingScale {
  if (scale === undefined || !Number.isFinite(scale.min) || !Number.isFinite(scale.max) || !(scale.min < scale.max)) {
    throw new DataError('BAD_OPTION', `the rating scale must have finite min < max (got ${JSON.stringify(scale)})`);
  }
  return scale;
}

/**
 * Reads a rating cell: empty (after trimming), a number on the scale, or invalid with the reason
 * (`reason` is the short text used to count drops, `problem` the full sentence for an error).
 */
export function readRating(raw: string, scale: RatingScale): RatingCell {
  const s = raw.trim();
  if (s === '') return { kind: 'empty' };
  if (!NUMBER.test(s)) {
    return { kind: 'invalid', code: 'NOT_NUMERIC', reason: 'rating is not a number', problem: `rating ${quoteValue(s)} is not a number` };
  }
  const v = Number(s);
  const integer = scale.integer !== false;
  if (v < scale.min || v > scale.max || (integer && !Number.isInteger(v))) {
    return {
      kind: 'invalid',
      code: 'OUT_OF_SCALE',
      reason: `rating not on the declared scale (${describeScale(scale)})`,
      problem: `rating ${s} is not on the declared scale (${describeScale(scale)})`,
    };
  }
  return { kind: 'ok', value: v };
}

/** Reads an integer id field (post number, study, group); throws NOT_NUMERIC / MISSING_VALUE otherwise. */
export function readInteger(raw: string, what: string, where: DataLocation): number {
  const s = raw.trim();
  if (s === '') throw new DataError('MISSING_VALUE', `${what} is empty`, where);
  if (!/^[+-]?\d+(\.0*)?$/.test(s)) throw new DataError('NOT_NUMERIC', `${what} ${quoteValue(s)} is not a whole number`, where);
  return Number(s);
}

/** Remembers keys with the row they came from and throws DUPLICATE naming both rows on a repeat. */
export class DuplicateFinder {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly file: string,
    private readonly what: string,
  ) {}

  /** Records `key` at `row`; throws DUPLICATE if it was seen before. `label` describes the key for humans. */
  check(key: string, label: string, where: DataLocation & { row: number }, hint = ''): void {
    const before = this.seen.get(key);
    if (before !== undefined) {
      throw new DataError('DUPLICATE', `duplicate ${this.what} ${label}: rows ${before} and ${where.row}${hint}`, { file: this.file, ...where });
    }
    this.seen.set(key, where.row);
  }
}

/**
 * Throws SINGLE_LEVEL when a factor has fewer than two levels: nothing can be compared or estimated.
 * `column` names where the factor comes from in the file(s).
 */
export function requireLevels(values: Iterable<unknown>, factor: string, column: string, file: string): void {
  const levels = new Set<unknown>();
  for (const v of values) {
    levels.add(v);
    if (levels.size >= 2) return;
  }
  const only = [...levels].map((x) => JSON.stringify(x)).join('');
  throw new DataError(
    'SINGLE_LEVEL',
    `factor ${factor} has a single level${only ? ` (${only})` : ''}: a rating study needs at least two ${factor}s to compare or model`,
    { file, column },
  );
}
