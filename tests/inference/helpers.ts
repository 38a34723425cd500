/**
 * Helpers of the inference tests: the R reference values (tests/reference/emmeans/*.json and lmm/*.json,
 * written by tests/reference/R/emmeans.R and lmm.R), their data, and the Lee et al. (2024) tables rebuilt
 * with loadLee2024Ratings.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import { loadLee2024Ratings } from '../../src/studies/lee2024/data';
import type { RatingRecord } from '../../src/data/types';
import { fitLmm, type LmmFit } from '../../src/model';
import { fromRoot } from '../../src/util/paths';

/** Loose shape of a reference JSON (schema: tests/reference/README.md). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Reference = any;

export function readJson(...parts: string[]): Reference {
  return JSON.parse(readFileSync(fromRoot(...parts), 'utf8'));
}

/** Names of the emmeans reference files (without .json). */
export function emmeansCases(): string[] {
  const dir = fromRoot('tests', 'reference', 'emmeans');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

/** A reference CSV as R wrote it: quoted fields are text, unquoted fields numbers. */
export function readReferenceCsv(path: string): Record<string, unknown>[] {
  return parse(readFileSync(fromRoot(path), 'utf8'), {
    columns: true,
    cast: (value: string, ctx: { header: boolean; quoting: boolean }) => (ctx.header || ctx.quoting ? value : Number(value)),
  }) as Record<string, unknown>[];
}

let ratingsCache: RatingRecord[] | null = null;

/** All Lee et al. (2024) ratings (both studies, both measures), loaded once. */
export function leeRatings(): RatingRecord[] {
  if (!ratingsCache) ratingsCache = loadLee2024Ratings().records;
  return ratingsCache;
}

/** The within-study table of a reference's `{ lee2024: { study, measure, rater_coding } }` data spec. */
export function leeWithinStudyRows(spec: { study: number; measure: string; rater_coding: 'paper' | 'unique' }): Record<string, unknown>[] {
  return leeRatings()
    .filter((r) => r.study === spec.study && r.measure === spec.measure)
    .map((r) => ({ rating: r.rating, source: r.source, post: String(r.post), rater: spec.rater_coding === 'paper' ? r.rater_raw : r.rater }));
}

const fitCache = new Map<string, LmmFit>();

/** Fits the model of an emmeans reference file (cached by case and formula). */
export function fitForReference(ref: Reference): LmmFit {
  const key = JSON.stringify([ref.model.formula, ref.model.data]);
  let fit = fitCache.get(key);
  if (!fit) {
    const data = ref.model.data.csv ? readReferenceCsv(ref.model.data.csv) : leeWithinStudyRows(ref.model.data.lee2024);
    const reference = ref.grid?.levels && ref.specs ? { [ref.specs]: ref.grid.levels[0] } : undefined;
    fit = fitLmm(ref.model.formula, data, { reference });
    fitCache.set(key, fit);
  }
  return fit;
}

/** |actual - expected| <= rel |expected| + abs. */
export function expectClose(actual: number, expected: number, rel: number, abs = 0, what = ''): void {
  const tol = rel * Math.abs(expected) + abs;
  if (!(Math.abs(actual - expected) <= tol)) {
    expect.fail(`${what}: ${actual} vs R ${expected} (difference ${Math.abs(actual - expected).toExponential(3)} > tolerance ${tol.toExponential(3)})`);
  }
}
