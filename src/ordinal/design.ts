/**
 * The design of a cumulative link mixed model, built with the mixed-model engine's formula parser and
 * design code (src/model/design.ts, lme4's lFormula): the same formula language, factor coding, reference
 * levels, missing-value handling and random-term order as the LMM. Then, as ordinal::clmm:
 * - the response is an ordered factor: categories are the sorted distinct values (numbers numerically) or
 *   `options.levels`; every category must be observed (a threshold between empty categories is not
 *   identified);
 * - the intercept column is dropped: the J - 1 thresholds take its place;
 * - random effects are scalar intercepts (1 | g), one variance per grouping factor.
 */
import type { DataTable } from '../data/table';
import { levelLabel, sortLevels, ModelDataError, type DataInput } from '../model/data';
import { buildDesign, type DesignOptions, type FactorCoding, type LmmDesign } from '../model/design';
import { isModelFrame, modelFrame, type ModelFrame } from '../model/frame';
import { parseFormula, type ParsedFormula } from '../model/formula';

/**
 * The data a CLMM accepts, as the LMM: a CSV file read with readTable, a model frame, the engine's DataInput,
 * or an array of typed records (e.g. RatingRecord[], whose interface has no index signature and so is not a
 * DataInput to TypeScript).
 */
export type ClmmData = DataInput | DataTable | ModelFrame | readonly object[];

/** Options of {@link buildClmmDesign}. */
export interface ClmmDesignOptions extends DesignOptions {
  /**
   * Order of the response categories, lowest first, e.g. `[1, 2, 3, 4, 5]` or
   * `['disagree', 'neutral', 'agree']` (default: the sorted distinct values; numbers numerically).
   */
  levels?: readonly (string | number)[];
}

/** One random-intercept term (1 | g). */
export interface ClmmReTerm {
  /** Grouping factor as lme4 and ordinal print it ("rater", "post:rater"). */
  group: string;
  /** Levels of the grouping factor (observed only), in R's order. */
  levels: string[];
  /** Level (0-based) of each observation. */
  refs: Int32Array;
}

/** Everything the likelihood needs, independent of the parameters. */
export interface ClmmDesign {
  /** Parsed formula. */
  formula: ParsedFormula;
  /** Number of observations used. */
  n: number;
  /** Response categories, lowest first (R's levels of the ordered factor). */
  responseLevels: string[];
  /** Category (0-based) of each observation. */
  y: Int32Array;
  /** Number of categories J. */
  nCat: number;
  /** Fixed-effect columns without the intercept, n x p row-major. */
  X: Float64Array;
  /** Number of fixed-effect columns p (without the intercept). */
  p: number;
  /** Names of the fixed-effect columns (R's names, e.g. "sourcegpt4"). */
  fixefNames: string[];
  /** Names of columns dropped for rank deficiency. */
  droppedFixef: string[];
  /** Fixed-effect factors with their level order and reference. */
  factors: Record<string, FactorCoding>;
  /** Random-intercept terms in lme4's order (most levels first). */
  reterms: ClmmReTerm[];
  /** Threshold names "1|2", "2|3", ... */
  thresholdNames: string[];
  /** Original (0-based) data row of each observation. */
  rows: Int32Array;
  /** Messages for the user (rows dropped for missing values, rank deficiency). */
  messages: string[];
  /** The model frame (rows in, rows kept, why the others were dropped: frame.report). */
  frame: ModelFrame;
  /** The underlying mixed-model design (X with intercept, numeric response codes). */
  base: LmmDesign;
}

/**
 * Builds the design of `formula` on `data`.
 * @example buildClmmDesign('rating ~ temp + contact + (1 | judge)', wine).thresholdNames // ['1|2', '2|3', '3|4', '4|5']
 */
export function buildClmmDesign(formula: string | ParsedFormula, data: ClmmData, options: ClmmDesignOptions = {}): ClmmDesign {
  const f = typeof formula === 'string' ? parseFormula(formula) : formula;
  for (const r of f.random) {
    if (r.lhs.terms.length > 0 || !r.lhs.intercept) {
      throw new ModelDataError(`random-effects term (${r.text}): only random intercepts (1 | g) are supported in cumulative link mixed models here`);
    }
  }
  if (f.random.length === 0) {
    throw new ModelDataError(`no random-effects terms in "${f.text}": a cumulative link MIXED model needs at least one (1 | group) term`);
  }
  // The one way in (R's model.frame): where filters, missing values, factor coding, row numbers and the
  // load report as for the LMM; the response may be any column (its values are the categories).
  const frame = isModelFrame(data) ? data : modelFrame(f, data as DataInput | DataTable, { ...options, response: 'ordered' });
  const yCol = frame.columns.get(f.response)!;
  const labels: string[] = new Array(frame.n);
  for (let i = 0; i < frame.n; i++) labels[i] = yCol.kind === 'numeric' ? levelLabel(yCol.values[i]!) : yCol.levels[yCol.codes[i]!]!;
  let responseLevels: string[];
  if (options.levels) {
    responseLevels = options.levels.map((l) => levelLabel(l));
    if (new Set(responseLevels).size !== responseLevels.length) throw new ModelDataError(`options.levels has duplicates: ${responseLevels.join(', ')}`, { column: f.response, file: frame.file });
    const known = new Set(responseLevels);
    for (let i = 0; i < frame.n; i++) {
      if (!known.has(labels[i]!)) {
        throw new ModelDataError(`value ${JSON.stringify(labels[i])} is not one of the response levels (${responseLevels.join(', ')})`, { column: f.response, row: frame.rowNumbers[i], file: frame.file });
      }
    }
  } else if (yCol.kind === 'factor') {
    const seen = new Set(labels);
    responseLevels = yCol.levels.filter((l) => seen.has(l));
  } else {
    responseLevels = sortLevels([...new Set(labels)]);
  }
  if (responseLevels.length < 3) {
    throw new ModelDataError(`the response needs at least 3 ordered categories for a cumulative link model (found ${responseLevels.length}: ${responseLevels.join(', ')})`, { column: f.response, file: frame.file });
  }
  const code = new Map(responseLevels.map((l, i) => [l, i + 1] as const));
  // The engine's design on the same frame, the response replaced by its category number (1..J).
  const columns = new Map(frame.columns);
  columns.set(f.response, { name: f.response, kind: 'numeric', values: Float64Array.from(labels, (l) => code.get(l)!) });
  const base: LmmDesign = buildDesign(f, { ...frame, columns }, options);
  const n = base.n;
  const y = new Int32Array(n);
  const counts = new Array<number>(responseLevels.length).fill(0);
  for (let i = 0; i < n; i++) {
    y[i] = base.y[i]! - 1;
    counts[y[i]!]++;
  }
  const empty = responseLevels.filter((_, j) => counts[j] === 0);
  if (empty.length > 0) {
    throw new ModelDataError(`response categories ${empty.map((l) => JSON.stringify(l)).join(', ')} have no observations: their thresholds are not identified (drop them from options.levels or merge categories)`, { column: f.response, file: frame.file });
  }
  const icpt = base.fixefNames.indexOf('(Intercept)');
  if (icpt < 0) {
    throw new ModelDataError(`"${f.text}" has no intercept: in a cumulative link model the thresholds play the intercept's role, so write the formula with an intercept (drop "0 +" / "- 1")`);
  }
  const keep = base.fixefNames.map((_, c) => c).filter((c) => c !== icpt);
  const p = keep.length;
  const X = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let c = 0; c < p; c++) X[i * p + c] = base.X[i * base.p + keep[c]!]!;
  const reterms: ClmmReTerm[] = base.reterms.map((t) => ({ group: t.group, levels: t.levels, refs: t.refs }));
  const thresholdNames = responseLevels.slice(0, -1).map((l, j) => `${l}|${responseLevels[j + 1]}`);
  return {
    formula: f,
    n,
    responseLevels,
    y,
    nCat: responseLevels.length,
    X,
    p,
    fixefNames: keep.map((c) => base.fixefNames[c]!),
    droppedFixef: base.droppedFixef,
    factors: base.factors,
    reterms,
    thresholdNames,
    rows: base.rows,
    messages: base.messages,
    frame,
    base,
  };
}
