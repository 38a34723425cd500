/**
 * lFormula: formula + data -> the model's design (lme4's lFormula; MixedModels.jl's reterms and X).
 *
 * - drops rows with a missing value in any variable the formula uses (na.omit), counting them;
 * - fixed effects: X with R's column names and treatment contrasts (reference level = first level in R's
 *   sort order, or `options.reference`), rank-deficient columns dropped with lme4's message;
 * - random effects: one {@link ReTerm} per `(lhs | g)` term, ordered like lme4 (by number of levels, largest
 *   first, only when the formula order is not already non-increasing: lme4's `rev(order(nl))`);
 * - checks with clear errors: unknown columns, a grouping factor with one level, a grouping factor with as
 *   many levels as observations, more random effects than observations, a non-numeric response.
 */
import type { DataTable } from '../data/table';
import { ModelDataError, type DataInput } from './data';
import { isModelFrame, modelFrame, type FrameOptions, type ModelFrame } from './frame';
import { fixedFormulaText, parseFormula, type ParsedFormula, type TermList } from './formula';
import { fullRankColumns, modelColumns, type FrameVariable } from './modelMatrix';

/**
 * Options of {@link buildDesign}: those of the model frame (reference levels, where filters, extra
 * missing-value strings, row numbering; see frame.ts).
 */
export type DesignOptions = FrameOptions;

/**
 * One random-effects term `(lhs | g)`: the grouping factor's level of each observation (`refs`) and the
 * varying columns (`z`, n x k row-major, e.g. [1, Days]). Its part of Lambda is a k x k lower-triangular
 * matrix filled from theta[thetaOffset .. thetaOffset + k(k+1)/2) column by column.
 */
export interface ReTerm {
  /** Name as lme4's VarCorr prints it ("post:rater"; "g.1" for a second term on factor g). */
  group: string;
  /** Name of the grouping factor ("post:rater", "g"). */
  factor: string;
  /** The term as text, e.g. "1 | post:rater". */
  text: string;
  /** Levels of the grouping factor (observed levels only), in R's factor order. */
  levels: string[];
  /** Level index (0-based) of each observation. */
  refs: Int32Array;
  /** Number of varying columns per level. */
  k: number;
  /** Names of the varying columns, e.g. ["(Intercept)", "Days"]. */
  cnames: string[];
  /** Values of the varying columns, n x k row-major. */
  z: Float64Array;
  /** Offset of this term's parameters in theta. */
  thetaOffset: number;
  /** k(k+1)/2. */
  nTheta: number;
}

/** A fixed-effect factor: its levels in model order (reference first) and the reference. */
export interface FactorCoding {
  levels: string[];
  reference: string;
}

/** The model's design: everything needed to evaluate the deviance, independent of theta. */
export interface LmmDesign {
  /** Parsed formula. */
  formula: ParsedFormula;
  /** Number of observations used (after dropping rows with missing values). */
  n: number;
  /** Number of fixed-effect columns kept. */
  p: number;
  /** Response. */
  y: Float64Array;
  /** Fixed-effects model matrix, n x p row-major. */
  X: Float64Array;
  /** Column names of X, R's names. */
  fixefNames: string[];
  /** Names of columns dropped for rank deficiency. */
  droppedFixef: string[];
  /** For each dropped column, its coefficients on the kept columns (the null space of the full X; see fullRankColumns). */
  aliases: number[][];
  /** Fixed-effect factors by column name, with their coding. */
  factors: Record<string, FactorCoding>;
  /** Random-effect terms in lme4's order. */
  reterms: ReTerm[];
  /** Total number of theta parameters. */
  nTheta: number;
  /** Lower bounds of theta: 0 for diagonal entries of Lambda, -Infinity for off-diagonal ones. */
  lowerBounds: number[];
  /** lme4's names of theta (grouping factor, then columns), e.g. "Subject.(Intercept)", "Subject.Days.(Intercept)", "Subject.Days". */
  thetaNames: string[];
  /** Original (0-based) row index of each observation. */
  rows: Int32Array;
  /** Number of data rows dropped (where filters and missing values; see frame.report). */
  nMissingDropped: number;
  /** The model frame the design was built from (its report says which rows were dropped and why). */
  frame: ModelFrame;
  /** Number of rows in the input. */
  nInput: number;
  /** Messages to show the user (e.g. lme4's rank-deficiency message). */
  messages: string[];
}

function variableKey(ref: { name: string; asFactor: boolean }): string {
  return ref.asFactor ? `factor(${ref.name})` : ref.name;
}

/**
 * Builds the design of a linear mixed model (lme4's lFormula).
 * @example const d = buildDesign('Reaction ~ Days + (Days | Subject)', rows);
 *   d.fixefNames // ['(Intercept)', 'Days'];  d.reterms[0].cnames // ['(Intercept)', 'Days']
 */
export function buildDesign(formula: string | ParsedFormula, data: DataInput | DataTable | ModelFrame, options: DesignOptions = {}): LmmDesign {
  const f = typeof formula === 'string' ? parseFormula(formula) : formula;
  if (f.random.length === 0) throw new ModelDataError(`no random-effects terms in "${f.text}" (add e.g. (1 | group)); for a fixed-effects model use a linear model`);
  const frame = isModelFrame(data) ? data : modelFrame(f, data, options);
  const n = frame.n;
  const nInput = frame.nInput;
  const rows = frame.rows;
  const messages: string[] = [];
  messages.push(...frame.report.warnings);

  // Response.
  const yCol = frame.columns.get(f.response)!;
  const y = yCol.kind === 'numeric' ? yCol.values : (yCol.numbers ?? Float64Array.from(yCol.codes, (c) => Number(yCol.levels[c])));
  requireSquaresFinite(y, f.response, frame);
  if (n > 1 && y.every((v) => v === y[0])) {
    // lme4 would return sigma = 0 and lmerTest stops ("not a positive definite matrix"): nothing varies.
    throw new ModelDataError(`the response is constant (every row used has ${f.response} = ${y[0]}): there is no variation to model`, { file: frame.file, column: f.response });
  }

  // Frame variables (numeric or factor), shared by the fixed part and the random lhs.
  const factors: Record<string, FactorCoding> = {};
  const frameCache = new Map<string, FrameVariable>();
  const frameVariable = (key: string): FrameVariable => {
    const cached = frameCache.get(key);
    if (cached) return cached;
    const m = /^factor\((.*)\)$/.exec(key);
    const name = m ? m[1]! : key;
    const col = frame.columns.get(name)!;
    let fv: FrameVariable;
    if (col.kind === 'numeric') {
      fv = { kind: 'numeric', label: key, values: col.values };
    } else if (col.fromNumbers && !m && !(name in frame.reference) && col.numbers) {
      // a numeric column that is also a grouping factor: numeric where the formula uses it as a covariate
      fv = { kind: 'numeric', label: key, values: col.numbers };
    } else {
      fv = { kind: 'factor', label: key, levels: col.levels, reference: 0, codes: col.codes };
    }
    frameCache.set(key, fv);
    return fv;
  };

  // The response on the right-hand side: dropped, as R's model.matrix does.
  const fixedTerms = f.fixed.terms.filter((t) => !t.variables.some((v) => v.name === f.response));
  if (fixedTerms.length < f.fixed.terms.length) messages.push('the response appeared on the right-hand side and was dropped');
  const fixedPart = { ...f.fixed, terms: fixedTerms };
  const fixedRefs = fixedTerms.flatMap((t) => t.variables);

  // Fixed effects.
  const fixedCols = modelColumns(fixedPart, frameVariable, n);
  fixedCols.columns.forEach((c, j) => requireSquaresFinite(c, fixedCols.names[j]!, frame));
  for (const ref of fixedRefs) {
    const v = frameVariable(variableKey(ref));
    if (v.kind === 'factor') factors[ref.name] = { levels: v.levels, reference: v.levels[0]! };
  }
  const { keep: keptCols, drop: droppedCols, aliases } = fullRankColumns(fixedCols.columns);
  const droppedFixef = droppedCols.map((j) => fixedCols.names[j]!);
  if (droppedCols.length > 0) {
    messages.push(
      droppedCols.length === 1
        ? 'fixed-effect model matrix is rank deficient so dropping 1 column / coefficient'
        : `fixed-effect model matrix is rank deficient so dropping ${droppedCols.length} columns / coefficients`,
    );
  }
  const p = keptCols.length;
  const X = interleave(keptCols.map((j) => fixedCols.columns[j]!), n);
  const fixefNames = keptCols.map((j) => fixedCols.names[j]!);

  // Random-effects terms.
  const groupingCache = new Map<string, { levels: string[]; codes: Int32Array }>();
  type Pending = Omit<ReTerm, 'thetaOffset' | 'nTheta' | 'group'>;
  const pending: Pending[] = f.random.map((spec) => {
    const g = groupingFactor(spec.groupVariables, frame, groupingCache);
    if (g.levels.length < 2) {
      throw new ModelDataError(`grouping factor '${spec.group}' has only one level (${JSON.stringify(g.levels[0])}); a random effect needs at least two levels (lme4: "grouping factors must have > 1 sampled level")`, { column: spec.group });
    }
    if (g.levels.length >= n) {
      throw new ModelDataError(`number of levels of each grouping factor must be < number of observations (problems: ${spec.group}: ${g.levels.length} levels, ${n} observations)`, { column: spec.group });
    }
    const lhs: TermList = spec.lhs;
    const zc = modelColumns(lhs, frameVariable, n);
    const k = zc.columns.length;
    if (k === 0) throw new ModelDataError(`random-effects term (${spec.text}) has no columns`);
    const z = interleave(zc.columns, n);
    if (k * g.levels.length >= n) {
      throw new ModelDataError(
        `number of observations (=${n}) <= number of random effects (=${k * g.levels.length}) for term (${spec.text}); the random-effects parameters and the residual variance (or scale parameter) are probably unidentifiable`,
      );
    }
    return { factor: spec.group, text: spec.text, levels: g.levels, refs: g.refs, k, cnames: zc.names, z };
  });
  // lme4 (mkReTrms): reorder by decreasing number of levels via rev(order(nl)), only when needed.
  const nl = pending.map((t) => t.levels.length);
  let order = pending.map((_, i) => i);
  if (nl.some((v, i) => i > 0 && v > nl[i - 1]!)) {
    order = order.slice().sort((a, b) => nl[a]! - nl[b]! || a - b).reverse();
  }
  const used = new Map<string, number>();
  let thetaOffset = 0;
  const lowerBounds: number[] = [];
  const thetaNames: string[] = [];
  const reterms: ReTerm[] = order.map((i) => {
    const t = pending[i]!;
    const seen = used.get(t.factor) ?? 0;
    used.set(t.factor, seen + 1);
    const group = seen === 0 ? t.factor : `${t.factor}.${seen}`;
    const nTheta = (t.k * (t.k + 1)) / 2;
    for (let c = 0; c < t.k; c++) {
      for (let r = c; r < t.k; r++) {
        lowerBounds.push(r === c ? 0 : -Infinity);
        thetaNames.push(r === c ? `${t.factor}.${t.cnames[r]}` : `${t.factor}.${t.cnames[r]}.${t.cnames[c]}`);
      }
    }
    const term: ReTerm = { ...t, group, thetaOffset, nTheta };
    thetaOffset += nTheta;
    return term;
  });
  return {
    formula: { ...f, fixed: fixedPart },
    frame,
    n,
    p,
    y,
    X,
    fixefNames,
    droppedFixef,
    aliases,
    factors,
    reterms,
    nTheta: thetaOffset,
    lowerBounds,
    thetaNames,
    rows,
    nMissingDropped: nInput - n,
    nInput,
    messages,
  };
}

/**
 * The grouping factor of a term: one variable, or the interaction of several (`post:rater`), with levels
 * labelled "a:b", ordered with the first variable varying slowest (R's `:` on factors), unused levels dropped.
 */
function groupingFactor(
  vars: string[],
  frame: ModelFrame,
  cache: Map<string, { levels: string[]; codes: Int32Array }>,
): { levels: string[]; refs: Int32Array } {
  const n = frame.n;
  const perVar = vars.map((name) => {
    const hit = cache.get(name);
    if (hit) return hit;
    const col = frame.columns.get(name)!;
    if (col.kind !== 'factor') throw new Error(`internal error: grouping variable '${name}' is not a factor of the model frame`);
    const entry = { levels: col.levels, codes: col.codes };
    cache.set(name, entry);
    return entry;
  });
  if (perVar.length === 1) return { levels: perVar[0]!.levels, refs: perVar[0]!.codes };
  // Composite code (first variable slowest): a number, so sorting it gives R's level order.
  const mult: number[] = new Array(perVar.length).fill(1);
  for (let j = perVar.length - 2; j >= 0; j--) mult[j] = mult[j + 1]! * perVar[j + 1]!.levels.length;
  if (mult[0]! * perVar[0]!.levels.length > Number.MAX_SAFE_INTEGER) throw new ModelDataError(`too many level combinations in '${vars.join(':')}'`);
  const comp = new Float64Array(n);
  for (let j = 0; j < perVar.length; j++) addScaledCodes(comp, perVar[j]!.codes, mult[j]!);
  // Distinct codes in increasing order: a marker array when the code range is small, else a Set.
  const range = mult[0]! * perVar[0]!.levels.length;
  let distinct: Float64Array;
  let refs: Int32Array;
  if (range <= Math.max(4 * n, 1 << 20)) {
    ({ distinct, refs } = denseRanks(comp, range));
  } else {
    distinct = Float64Array.from(new Set(comp)).sort();
    const index = new Map<number, number>();
    distinct.forEach((c, i) => index.set(c, i));
    refs = new Int32Array(n);
    for (let i = 0; i < n; i++) refs[i] = index.get(comp[i]!)!;
  }
  const levels = Array.from(distinct, (c) => {
    const parts: string[] = [];
    let rest = c;
    for (let j = 0; j < perVar.length; j++) {
      const code = Math.floor(rest / mult[j]!);
      rest -= code * mult[j]!;
      parts.push(perVar[j]!.levels[code]!);
    }
    return parts.join(':');
  });
  return { levels, refs };
}

/** Columns of length n interleaved into an n x k row-major matrix. */
function interleave(columns: Float64Array[], n: number): Float64Array {
  const k = columns.length;
  const out = new Float64Array(n * k);
  for (let c = 0; c < k; c++) {
    const col = columns[c]!;
    for (let i = 0; i < n; i++) out[i * k + c] = col[i]!;
  }
  return out;
}

/** comp[i] += codes[i] * mult. */
function addScaledCodes(comp: Float64Array, codes: Int32Array, mult: number): void {
  for (let i = 0; i < comp.length; i++) comp[i] += codes[i]! * mult;
}

/** Distinct values of integer codes in [0, range) in increasing order, and each code's rank among them. */
function denseRanks(comp: Float64Array, range: number): { distinct: Float64Array; refs: Int32Array } {
  const rank = new Int32Array(range).fill(-1);
  for (let i = 0; i < comp.length; i++) rank[comp[i]!] = 0;
  let cnt = 0;
  for (let c = 0; c < range; c++) if (rank[c] === 0) rank[c] = cnt++;
  const distinct = new Float64Array(cnt);
  for (let c = 0; c < range; c++) if (rank[c]! >= 0) distinct[rank[c]!] = c;
  const refs = new Int32Array(comp.length);
  for (let i = 0; i < comp.length; i++) refs[i] = rank[comp[i]!]!;
  return { distinct, refs };
}

/** The fixed part of the design's formula as text (e.g. for messages). */
export function designFixedFormula(d: LmmDesign): string {
  return fixedFormulaText(d.formula);
}

/** Throws when the squares of a column overflow (values near 1e154 or more): the criterion would not be finite. */
function requireSquaresFinite(values: Float64Array, name: string, frame: ModelFrame): void {
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += values[i]! * values[i]!;
  if (!Number.isFinite(ss)) {
    let at = 0;
    for (let i = 0; i < values.length; i++) if (Math.abs(values[i]!) > Math.abs(values[at]!)) at = i;
    throw new ModelDataError(
      `values up to ${values[at]!.toExponential(3)} overflow the model's cross-products (their squares are not finite): rescale ${name} (e.g. divide by a power of 10)`,
      { file: frame.file, column: name, row: frame.rowNumbers[at] },
    );
  }
}
