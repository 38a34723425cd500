/**
 * Real analysis results for the adapter tests: linear mixed models of
 * tests/reference/datasets/ordinal_crossed.csv (600 ratings 1–5 of three conditions a, b, c by 40
 * subjects on 15 items), fitted with fitLmm, then marginal means (emmeans) and contrasts. A second
 * measure, "helpfulness", is the same ratings on a 1–3 scale (1–2 -> 1, 3 -> 2, 4–5 -> 3), and
 * "half" (items 1–8 vs 9–15) gives a two-factor grid.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { emmeans, type EmmGrid } from '../../src/inference/emmeans';
import { fitLmm, type LmmFit } from '../../src/model/index';
import { fromRoot } from '../../src/util/paths';

export interface CrossedRating {
  rating: number;
  helpfulness: number;
  cond: string;
  subj: string;
  item: string;
  half: string;
}

let rowsCache: CrossedRating[] | undefined;

/** The ratings with the derived 1–3 measure and item half. */
export function crossedRatings(): CrossedRating[] {
  if (!rowsCache) {
    const raw = parse(readFileSync(fromRoot('tests', 'reference', 'datasets', 'ordinal_crossed.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    rowsCache = raw.map((r) => {
      const rating = Number(r.rating);
      return { rating, helpfulness: rating <= 2 ? 1 : rating === 3 ? 2 : 3, cond: r.cond, subj: r.subj, item: r.item, half: Number(r.item.slice(1)) <= 8 ? 'first' : 'second' };
    });
  }
  return rowsCache;
}

const fits = new Map<string, LmmFit>();

/** A fitted model (cached by formula). */
export function crossedFit(formula: string): LmmFit {
  let fit = fits.get(formula);
  if (!fit) {
    fit = fitLmm(formula, crossedRatings());
    fits.set(formula, fit);
  }
  return fit;
}

/** Marginal means of condition for the 1–3 "helpfulness" ratings. */
export function helpfulnessMeans(level = 0.95): EmmGrid {
  return emmeans(crossedFit('helpfulness ~ cond + (1 | subj) + (1 | item)'), 'cond', { level });
}

/** Marginal means of condition x item half for the 1–5 ratings. */
export function ratingMeansByHalf(): EmmGrid {
  return emmeans(crossedFit('rating ~ cond * half + (1 | subj) + (1 | item)'), ['cond', 'half']);
}
