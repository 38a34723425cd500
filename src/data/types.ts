/**
 * Record types of the tidy tables the data loaders produce.
 *
 * Every table is "long": one record per observation, one field per variable, the way R's tidy data
 * and lme4 want it. Field names are snake_case so that the CSVs written by `empathy-lab data tidy`
 * and the danfojs DataFrames have exactly the same column names as the records.
 */
import type { DataFrame } from 'danfojs-node';
import type { LoadReport } from './report';

/** Canonical names of the response sources (who wrote the response that was rated). */
export type CanonicalSource = 'human' | 'gpt4' | 'gpt4_high' | 'gpt4_low' | 'llama2' | 'mistral';

/** The canonical sources in the order the paper lists them. */
export const CANONICAL_SOURCES: readonly CanonicalSource[] = ['human', 'gpt4', 'gpt4_high', 'gpt4_low', 'llama2', 'mistral'];

/** The two rating scales of Lee et al. (2024), both 1-5 Likert. */
export type Lee2024Measure = 'empathy' | 'appropriateness';

/**
 * One rating of one response by one rater (the tidy ratings table).
 *
 * - `study`: study number (Lee 2024: 1 or 2).
 * - `group`: rater group within the study (Lee 2024 Study 1: 1 = posts 1-7, 2 = posts 8-15; Study 2 has a
 *   single group, coded 1).
 * - `rater`: rater identifier, unique across groups and studies ("s1g1-17" = Study 1, group 1,
 *   SubjectNum 17; "s2-17" = Study 2, SubjectNum 17).
 * - `rater_raw`: the SubjectNum exactly as in the file. Study 1's SubjectNum restarts at 1 in each group,
 *   so it collides across groups: this is the paper's coding (one random effect for both raters k).
 * - `post`: post number, unique within a study (Study 1 group 2 rated posts 8-15).
 * - `domain`: topic of the post (from the *_post_resp.csv files), e.g. "work", "anger".
 * - `source`: canonical source, see {@link CanonicalSource}.
 * - `measure`: which question was answered.
 * - `rating`: the answer on the 1-5 scale.
 */
export interface RatingRecord {
  study: number;
  group: number;
  rater: string;
  rater_raw: string;
  post: number;
  domain: string;
  source: string;
  measure: 'empathy' | 'appropriateness';
  rating: number;
}

/** Column order of {@link RatingRecord} (the tidy CSVs use exactly these columns). */
export const RATING_COLUMNS = ['study', 'group', 'rater', 'rater_raw', 'post', 'domain', 'source', 'measure', 'rating'] as const;

/**
 * One rating from a generic long-format file ({@link loadLongRatings}): like {@link RatingRecord} but the
 * measure may be any name and the post may be a label (it is a number when every post id in the file is an
 * integer).
 */
export interface LongRatingRecord {
  study: number;
  group: number;
  rater: string;
  rater_raw: string;
  post: number | string;
  domain: string;
  source: string;
  measure: string;
  rating: number;
}

/**
 * One response shown to raters, with the seeker's post it answers.
 * `length` is the post's `length` column of the released file (the seeker post's length in words).
 */
export interface ResponseRecord {
  study: number;
  post: number;
  domain: string;
  source: string;
  text: string;
  seeker_post: string;
  length: number;
}

/** Column order of {@link ResponseRecord}. */
export const RESPONSE_COLUMNS = ['study', 'post', 'domain', 'source', 'text', 'seeker_post', 'length'] as const;

/**
 * One rater's demographics, as coded in the released files (null = left empty).
 * gender: 1 = male, 2 = female, 3 = non-binary, 4 = prefer not to say. english, hispanic, income and
 * education are the survey's numeric codes; native_language is free text as typed.
 */
export interface RaterRecord {
  study: number;
  group: number;
  rater: string;
  rater_raw: string;
  age: number | null;
  gender: number | null;
  native_language: string;
  english: number | null;
  hispanic: number | null;
  income: number | null;
  education: number | null;
}

/** Column order of {@link RaterRecord}. */
export const RATER_COLUMNS = [
  'study', 'group', 'rater', 'rater_raw', 'age', 'gender', 'native_language', 'english', 'hispanic', 'income', 'education',
] as const;

/**
 * What every loader returns: the typed records, a danfojs-node DataFrame of the same rows (built on first
 * call, danfojs is loaded only then), and the load report (rows in, kept, dropped and why).
 */
export interface LoadResult<T> {
  records: T[];
  frame(): DataFrame;
  report: LoadReport;
}

/** A declared rating scale: valid ratings are min..max (and whole numbers when `integer`). */
export interface RatingScale {
  min: number;
  max: number;
  /** Only whole numbers are valid (a Likert scale). Default true. */
  integer?: boolean;
}

/** What to do with a rating that is not a number or not on the scale. */
export type InvalidRatingPolicy = 'error' | 'drop';
