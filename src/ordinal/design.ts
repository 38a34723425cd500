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
import { toColumns, levelLabel, isMissing, sortLevels, ModelDataError, type DataInput } from '../model/data';
import { buildDesign, type DesignOptions, type FactorCoding, type LmmDesign } from '../model/design';
import { parseFormula, type ParsedFormula } from '../model/formula';

/**
 * The data a CLMM accepts: the engine's DataInput, or an array of typed records (e.g. RatingRecord[], whose
 * interface has no index signature and so is not a DataInput to TypeScript).
 */
export type ClmmData = DataInput | readonly object[];

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
  /** The underlying mixed-model design (X with intercept, numeric response codes). */
  base: LmmDesign;
}

/**
 * Builds the design of `formula` on `data`.
 * @example buildClmmDesign('rating ~ temp + contact + (1 | judge)', wine).thresholdNames // ['1|2', '2|3', '3|4', '4|5']
 */
export function buildClmmDesign(formula: string | ParsedFormula, data: ClmmData, options: ClmmDesignOptions = {}): ClmmDesign {
  const f = typeof formula === 'string' ? parseFormula(formula) : formula;
  const cols = toColumns(data as DataInput);
  const rowOffset = options.rowOffset ?? 0;
  if (!cols.has(f.response)) {
    throw new ModelDataError(`unknown response column (the data have: ${cols.names.slice(0, 30).join(', ')})`, { column: f.response });
  }
  for (const r of f.random) {
    if (r.lhs.terms.length > 0 || !r.lhs.intercept) {
      throw new ModelDataError(`random-effects term (${r.text}): only random intercepts (1 | g) are supported in cumulative link mixed models here`);
    }
  }
  // Response categories.
  const raw = cols.column(f.response);
  const labels: (string | null)[] = new Array(cols.nrow);
  for (let i = 0; i < cols.nrow; i++) labels[i] = isMissing(raw[i]) ? null : levelLabel(raw[i]);
  let responseLevels: string[];
  if (options.levels) {
    responseLevels = options.levels.map((l) => levelLabel(l));
    if (new Set(responseLevels).size !== responseLevels.length) throw new ModelDataError(`options.levels has duplicates: ${responseLevels.join(', ')}`, { column: f.response });
    const known = new Set(responseLevels);
    for (let i = 0; i < cols.nrow; i++) {
      const l = labels[i];
      if (l !== null && !known.has(l)) {
        throw new ModelDataError(`value ${JSON.stringify(raw[i])} is not one of the response levels (${responseLevels.join(', ')})`, { column: f.response, row: i + 1 + rowOffset });
      }
    }
  } else {
    responseLevels = sortLevels(labels.filter((l): l is string => l !== null));
  }
  if (responseLevels.length < 3) {
    throw new ModelDataError(`the response needs at least 3 ordered categories for a cumulative link model (found ${responseLevels.length}: ${responseLevels.join(', ')})`, { column: f.response });
  }
  const code = new Map(responseLevels.map((l, i) => [l, i + 1] as const));
  const codes: (number | null)[] = labels.map((l) => (l === null ? null : code.get(l)!));
  // The engine's design with the response replaced by its category number (1..J).
  const columns: Record<string, readonly unknown[]> = {};
  for (const name of cols.names) columns[name] = name === f.response ? codes : cols.column(name);
  if (!(f.response in columns)) columns[f.response] = codes;
  let base: LmmDesign;
  try {
    base = buildDesign(f, columns, options);
  } catch (e) {
    if (e instanceof ModelDataError && /no random-effects terms/.test(e.message)) {
      throw new ModelDataError(`no random-effects terms in "${f.text}": a cumulative link MIXED model needs at least one (1 | group) term`);
    }
    throw e;
  }
  const n = base.n;
  const y = new Int32Array(n);
  const counts = new Array<number>(responseLevels.length).fill(0);
  for (let i = 0; i < n; i++) {
    y[i] = base.y[i]! - 1;
    counts[y[i]!]++;
  }
  const empty = responseLevels.filter((_, j) => counts[j] === 0);
  if (empty.length > 0) {
    throw new ModelDataError(`response categories ${empty.map((l) => JSON.stringify(l)).join(', ')} have no observations: their thresholds are not identified (drop them from options.levels or merge categories)`, { column: f.response });
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
    base,
  };
}
