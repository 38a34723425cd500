/**
 * A rating study as a user brings it: one long CSV (one row per rating) and which columns hold the rater,
 * the item rated, the response's source (human, a model, a prompt), the rating and, optionally, the
 * measure. {@link loadRatingStudy} reads it with the project's one set of rules (src/data/long.ts over
 * src/data/csv.ts: R's missing values, encodings, errors naming file, row and column, the declared scale
 * checked, duplicates named) and returns the ratings twice: with canonical names for the analyses and
 * with the file's own column names for the models (so summaries print the analyst's names).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadLongRatings } from '../data/long';
import { DataError, displayPath } from '../data/errors';
import type { LoadReport } from '../data/report';
import type { LongRatingRecord } from '../data/types';

/** What `new-study` records about a study (the first code cell of its notebook holds it, editable). */
export interface RatingStudySpec {
  /** Short name: the notebook's and the results folder's (letters, digits, '-', '_'). */
  name: string;
  /** The CSV file (relative to the project root, or absolute). */
  data: string;
  /** Encoding of the file: utf8 (default), latin1, windows-1252. */
  encoding?: string;
  /** Column names in the file. */
  columns: { rater: string; item: string; source: string; rating: string; measure?: string };
  /** The rating scale, e.g. { min: 1, max: 5 } (whole numbers). */
  scale: { min: number; max: number };
  /** The source the others are compared with first (default: the first in R's order). */
  reference?: string;
  /** Keep only rows whose column equals a value, e.g. [['measure', 'empathy']]. */
  where?: readonly (readonly [string, string])[];
  /** More texts that mark a missing rating (besides empty, blank, NA, NaN). */
  na?: readonly string[];
}

/** One rating with canonical names. */
export interface StudyRatingRow {
  rater: string;
  item: string;
  source: string;
  rating: number;
}

/** A loaded study. */
export interface RatingStudy {
  spec: RatingStudySpec;
  /** The measure's name ("rating" when the file has no measure column). */
  measure: string;
  /** Ratings with canonical names. */
  ratings: StudyRatingRow[];
  /** The same rows keyed by the file's own column names (for model formulas in the analyst's words). */
  rows: Record<string, string | number>[];
  /** Sources in R's order, the reference first. */
  sources: string[];
  /** What was read, kept and dropped, and why. */
  report: LoadReport;
  /** sha256 of the file's bytes. */
  sha256: string;
}

/** Checks a spec's shape; throws an Error naming the field. */
export function checkStudySpec(spec: RatingStudySpec): RatingStudySpec {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(spec.name)) throw new Error(`study name '${spec.name}': use letters, digits, '-' and '_' (it names a notebook and a folder)`);
  for (const k of ['rater', 'item', 'source', 'rating'] as const) {
    if (!spec.columns?.[k]) throw new Error(`the study needs the ${k} column`);
  }
  const cols = Object.values(spec.columns).filter(Boolean);
  const dup = cols.find((c, i) => cols.indexOf(c) !== i);
  if (dup) throw new Error(`column ${dup} is given for two roles`);
  const { min, max } = spec.scale ?? ({} as { min: number; max: number });
  if (!Number.isInteger(min) || !Number.isInteger(max) || !(min < max)) throw new Error(`the scale must be two whole numbers MIN < MAX (got ${min}-${max})`);
  return spec;
}

/** Reads the study's file (see the module doc). Errors name file, row and column. */
export function loadRatingStudy(spec: RatingStudySpec): RatingStudy {
  checkStudySpec(spec);
  const { columns } = spec;
  const loaded = loadLongRatings(spec.data, {
    columns: { rater: columns.rater, post: columns.item, source: columns.source, rating: columns.rating, ...(columns.measure ? { measure: columns.measure } : {}) },
    scale: { min: spec.scale.min, max: spec.scale.max, integer: true },
    encoding: spec.encoding,
    na: spec.na,
    where: spec.where,
    title: `${spec.name}: ${displayPath(spec.data)}`,
  });
  const records: LongRatingRecord[] = loaded.records;
  const measures = [...new Set(records.map((r) => r.measure))];
  if (columns.measure && measures.length > 1) {
    throw new DataError(
      'BAD_OPTION',
      `column ${columns.measure} holds ${measures.length} measures (${measures.slice(0, 5).join(', ')}): analyse one at a time, e.g. with --where ${columns.measure}=${measures[0]}`,
      { file: spec.data, column: columns.measure },
    );
  }
  const measure = columns.measure ? measures[0]! : 'rating';
  const ratings = records.map((r) => ({ rater: r.rater, item: String(r.post), source: r.source, rating: r.rating }));
  const rows = ratings.map((r) => ({ [columns.rater]: r.rater, [columns.item]: r.item, [columns.source]: r.source, [columns.rating]: r.rating }));
  const levels = [...new Set(ratings.map((r) => r.source))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (spec.reference !== undefined && !levels.includes(spec.reference)) {
    throw new DataError('BAD_OPTION', `reference source '${spec.reference}' is not in column ${columns.source} (sources: ${levels.join(', ')})`, { file: spec.data, column: columns.source });
  }
  const sources = spec.reference === undefined ? levels : [spec.reference, ...levels.filter((l) => l !== spec.reference)];
  const sha256 = createHash('sha256').update(readFileSync(spec.data)).digest('hex');
  return { spec, measure, ratings, rows, sources, report: loaded.report, sha256 };
}
