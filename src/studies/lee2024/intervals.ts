/**
 * Per-source means with the two "across posts" intervals side by side: the paper's Figure 2 bars
 * (empathy mean +/- z x SD of per-post APPROPRIATENESS means / sqrt(posts), the defect documented in
 * the data README) and the corrected interval (SD of per-post means of the plotted measure, t quantile).
 */
import { ciAcrossPosts, type MeanCi, type RatingLike } from '../../describe/descriptives';
import { SOURCE_ORDER } from './labels';

/** One source's mean with the paper's interval and the corrected one. */
export interface PaperVsCorrected {
  source: string;
  measure: string;
  mean: number;
  paper: MeanCi;
  corrected: MeanCi;
}

/**
 * For every source present (in the paper's order), the paper's interval and the corrected one.
 * `spreadMeasure` is the measure the paper's spread was (wrongly) taken from.
 */
export function paperVsCorrectedIntervals(
  rows: readonly RatingLike[],
  measure = 'empathy',
  spreadMeasure = 'appropriateness',
  level = 0.95,
): PaperVsCorrected[] {
  const present = new Set(rows.filter((r) => r.measure === measure).map((r) => r.source));
  const sources = [...SOURCE_ORDER.filter((s) => present.has(s)), ...[...present].filter((s) => !SOURCE_ORDER.includes(s)).sort()];
  return sources.map((source) => {
    const paper = ciAcrossPosts(rows, source, measure, { level, quantile: 'normal', spreadFrom: spreadMeasure });
    const corrected = ciAcrossPosts(rows, source, measure, { level, quantile: 't' });
    return { source, measure, mean: paper.mean, paper, corrected };
  });
}
