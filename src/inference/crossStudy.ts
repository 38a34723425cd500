/**
 * Cross-study comparison of ratings ("Study 1 vs Study 2, per source"): for each response source,
 * `rating ~ study + (1 | post) + (1 | rater)` over that source's ratings in both studies, and the t-test of
 * the `study` coefficient (second study minus first) with Satterthwaite df as lmerTest's summary (or
 * another df method).
 *
 * Rater and post coding (the random effects must not merge different raters or posts):
 * - posts: the second study's post numbers are offset (+1000 by default), since studies number posts from 1;
 * - raterCoding "unique" (default): every rater is their own level (the records' `rater`);
 * - raterCoding "raw": the raw ids as written in the files (`rater_raw`), the second study's offset like
 *   the posts; raters whose ids restart in each group of the first study then share one random effect
 *   (a study can reproduce an analysis that identified raters this way: src/studies/lee2024/models.ts).
 */
import { fitLmm, type LmmFit } from '../model/index';
import { inferenceBasis, type DfMethod } from './dfMethod';
import { formatColumn, formatPValue, formatTRatio, optDigits, renderHtmlTable, renderTextTable, roundTo, zapsmall, type TableColumn } from '../format/index';
import { pTwoSidedT, qt } from '../stats/distributions';
import { dfMessage } from './table';

/** The fields of a rating record the comparison uses (src/data RatingRecord has them). */
export interface StudyRating {
  study: number;
  rater: string;
  rater_raw: string;
  post: number | string;
  source: string;
  measure: string;
  rating: number;
}

/** Options of {@link compareStudies}. */
export interface CrossStudyOptions {
  /** "unique" (default: the records' rater) or "raw" (rater_raw, see the module doc). */
  raterCoding?: 'raw' | 'unique';
  /** How the rater coding is named in the printed table (default: raterCoding). */
  codingLabel?: string;
  /** Measure (default "empathy"). */
  measure?: string;
  /** Sources to compare (default: those rated in both studies, in first-seen order). */
  sources?: readonly string[];
  /** The two studies (default [1, 2]); the first is the reference. */
  studies?: readonly [number, number];
  /** Added to the second study's post numbers and (raw coding) rater numbers (default 1000). */
  offset?: number;
  /** df method (default "satterthwaite", as the paper's lmerTest summary). */
  df?: DfMethod;
  /** Confidence level (default 0.95). */
  level?: number;
}

/** One source's comparison. */
export interface CrossStudyRow {
  source: string;
  /** Ratings used. */
  n: number;
  /** Raw mean rating per study. */
  mean1: number;
  mean2: number;
  /** Study-2-minus-Study-1 coefficient. */
  estimate: number;
  se: number;
  df: number;
  t: number;
  p: number;
  lower: number;
  upper: number;
}

/** Per-source comparisons; prints itself. Fits are kept for inspection. */
export class CrossStudyTable {
  readonly rows: CrossStudyRow[];
  readonly fits: LmmFit[];
  readonly raterCoding: string;
  readonly measure: string;
  readonly studies: readonly [number, number];
  readonly dfMethod: DfMethod;
  readonly level: number;
  readonly formula: string;

  constructor(init: { rows: CrossStudyRow[]; fits: LmmFit[]; raterCoding: string; measure: string; studies: readonly [number, number]; dfMethod: DfMethod; level: number; formula: string }) {
    this.rows = init.rows;
    this.fits = init.fits;
    this.raterCoding = init.raterCoding;
    this.measure = init.measure;
    this.studies = init.studies;
    this.dfMethod = init.dfMethod;
    this.level = init.level;
    this.formula = init.formula;
  }

  get messages(): string[] {
    return [
      `Model per source: ${this.formula} (${this.measure}; estimate = study ${this.studies[1]} - study ${this.studies[0]})`,
      `Rater coding: ${this.raterCoding}`,
      dfMessage(this.dfMethod),
    ];
  }

  private columns(): TableColumn[] {
    let digits = 3;
    for (const r of this.rows) digits = Math.max(digits, optDigits(r.estimate, r.se));
    const num = (xs: number[]) => formatColumn(zapsmall(xs), digits);
    const [s1, s2] = this.studies;
    return [
      { header: 'source', cells: this.rows.map((r) => r.source), align: 'left' },
      { header: 'n', cells: this.rows.map((r) => String(r.n)), align: 'right' },
      { header: `mean.${s1}`, cells: num(this.rows.map((r) => r.mean1)), align: 'right' },
      { header: `mean.${s2}`, cells: num(this.rows.map((r) => r.mean2)), align: 'right' },
      { header: 'estimate', cells: num(this.rows.map((r) => r.estimate)), align: 'right' },
      { header: 'SE', cells: num(this.rows.map((r) => r.se)), align: 'right' },
      { header: 'df', cells: formatColumn(zapsmall(this.rows.map((r) => r.df)).map((x) => roundTo(x, 2)), digits), align: 'right' },
      { header: 't.ratio', cells: this.rows.map((r) => formatTRatio(r.t)), align: 'right' },
      { header: 'p.value', cells: this.rows.map((r) => formatPValue(r.p)), align: 'right' },
    ];
  }

  toString(): string {
    return renderTextTable(this.columns(), this.messages);
  }

  toHTML(): string {
    return renderHtmlTable(this.columns(), this.messages);
  }

  toJSON() {
    return { raterCoding: this.raterCoding, measure: this.measure, studies: this.studies, dfMethod: this.dfMethod, formula: this.formula, rows: this.rows.map((r) => ({ ...r })) };
  }
}

/** The model formula of the cross-study comparison. */
export const CROSS_STUDY_FORMULA = 'rating ~ study + (1 | post) + (1 | rater)';

/**
 * The long table of one source's ratings in both studies with the chosen coding (columns rating, study,
 * post, rater; study "1"/"2" as a factor with the first study as reference).
 */
export function crossStudyTable(ratings: readonly StudyRating[], source: string, options: CrossStudyOptions = {}): { rating: number; study: string; post: string; rater: string }[] {
  const coding = options.raterCoding ?? 'unique';
  const measure = options.measure ?? 'empathy';
  const [s1, s2] = options.studies ?? [1, 2];
  const offset = options.offset ?? 1000;
  const out: { rating: number; study: string; post: string; rater: string }[] = [];
  for (const r of ratings) {
    if (r.source !== source || r.measure !== measure || (r.study !== s1 && r.study !== s2)) continue;
    const second = r.study === s2;
    const postNum = Number(r.post);
    const post = second ? (Number.isFinite(postNum) ? String(postNum + offset) : `${s2}-${r.post}`) : String(r.post);
    let rater: string;
    if (coding === 'raw') {
      const raw = Number(r.rater_raw);
      rater = second ? (Number.isFinite(raw) && r.rater_raw.trim() !== '' ? String(raw + offset) : `${s2}-${r.rater_raw}`) : r.rater_raw;
    } else {
      rater = r.rater;
    }
    out.push({ rating: r.rating, study: String(r.study), post, rater });
  }
  return out;
}

/**
 * Compares two studies' ratings per source.
 * @example
 *   const ratings = loadLee2024Ratings().records;
 *   console.log(compareStudies(ratings, { raterCoding: 'paper' }).toString()); // p = .586, .580, .735
 */
export function compareStudies(ratings: readonly StudyRating[], options: CrossStudyOptions = {}): CrossStudyTable {
  const coding = options.raterCoding ?? 'unique';
  if (coding !== 'raw' && coding !== 'unique') throw new Error(`raterCoding must be 'raw' or 'unique', got '${coding}'`);
  const measure = options.measure ?? 'empathy';
  const studies = options.studies ?? ([1, 2] as const);
  const level = options.level ?? 0.95;
  const dfMethod = options.df ?? 'satterthwaite';
  let sources = options.sources?.slice();
  if (!sources) {
    const seen = new Map<string, Set<number>>();
    for (const r of ratings) {
      if (r.measure !== measure) continue;
      if (!seen.has(r.source)) seen.set(r.source, new Set());
      seen.get(r.source)!.add(r.study);
    }
    sources = [...seen].filter(([, st]) => st.has(studies[0]) && st.has(studies[1])).map(([s]) => s);
    if (sources.length === 0) throw new Error(`no source has ${measure} ratings in both study ${studies[0]} and study ${studies[1]}`);
  }
  const rows: CrossStudyRow[] = [];
  const fits: LmmFit[] = [];
  for (const source of sources) {
    const data = crossStudyTable(ratings, source, options);
    const n1 = data.filter((d) => d.study === String(studies[0]));
    const n2 = data.filter((d) => d.study === String(studies[1]));
    if (n1.length === 0 || n2.length === 0) throw new Error(`source '${source}' has no ${measure} ratings in study ${n1.length === 0 ? studies[0] : studies[1]}`);
    const fit = fitLmm(CROSS_STUDY_FORMULA, data, { reference: { study: String(studies[0]) }, dataName: `${source} ratings, studies ${studies[0]} and ${studies[1]}` });
    const j = fit.fixefNames.indexOf(`study${studies[1]}`);
    const L = new Array<number>(fit.p).fill(0);
    L[j] = 1;
    const basis = inferenceBasis(fit, dfMethod);
    const estimate = fit.beta[j]!;
    const se = Math.sqrt(basis.vcov[j * fit.p + j]!);
    const df = basis.df(L);
    const t = estimate / se;
    const cv = -qt((1 - level) / 2, df);
    const mean = (xs: { rating: number }[]) => xs.reduce((s, x) => s + x.rating, 0) / xs.length;
    rows.push({ source, n: data.length, mean1: mean(n1), mean2: mean(n2), estimate, se, df, t, p: pTwoSidedT(t, df), lower: estimate - cv * se, upper: estimate + cv * se });
    fits.push(fit);
  }
  return new CrossStudyTable({ rows, fits, raterCoding: options.codingLabel ?? coding, measure, studies, dfMethod, level, formula: CROSS_STUDY_FORMULA });
}
