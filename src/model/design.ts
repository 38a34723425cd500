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
import { ModelDataError, isMissing, levelLabel, sortLevels, toColumns, toNumber, type DataColumns, type DataInput } from './data';
import { fixedFormulaText, parseFormula, type ParsedFormula, type TermList } from './formula';
import { fullRankColumns, modelColumns, type FrameVariable } from './modelMatrix';

/** Options of {@link buildDesign}. */
export interface DesignOptions {
  /** Reference level per factor column, e.g. `{ source: 'human' }` (default: the first level). */
  reference?: Readonly<Record<string, string>>;
  /** Added to 1-based data-row numbers in messages (1 for a CSV file whose header is row 1). */
  rowOffset?: number;
  /** Row number to show in messages for each input row (overrides rowOffset), e.g. CSV rows after a filter. */
  rowNumbers?: ArrayLike<number>;
}

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
  /** Number of data rows dropped because of missing values. */
  nMissingDropped: number;
  /** Number of rows in the input. */
  nInput: number;
  /** Messages to show the user (e.g. lme4's rank-deficiency message). */
  messages: string[];
}

function variableKey(ref: { name: string; asFactor: boolean }): string {
  return ref.asFactor ? `factor(${ref.name})` : ref.name;
}

/** Checks that every named column exists; the message lists the columns there are. */
function requireColumns(cols: DataColumns, names: string[]): void {
  for (const name of names) {
    if (!cols.has(name)) {
      const avail = cols.names.slice(0, 30).join(', ') + (cols.names.length > 30 ? ', ...' : '');
      throw new ModelDataError(`unknown column (the data have: ${avail})`, { column: name });
    }
  }
}

/**
 * Builds the design of a linear mixed model (lme4's lFormula).
 * @example const d = buildDesign('Reaction ~ Days + (Days | Subject)', rows);
 *   d.fixefNames // ['(Intercept)', 'Days'];  d.reterms[0].cnames // ['(Intercept)', 'Days']
 */
export function buildDesign(formula: string | ParsedFormula, data: DataInput, options: DesignOptions = {}): LmmDesign {
  const f = typeof formula === 'string' ? parseFormula(formula) : formula;
  const cols = toColumns(data);
  const rowOffset = options.rowOffset ?? 0;
  const rowNumbers = options.rowNumbers;
  /** Row number shown in messages for input row i (0-based). */
  const rowLabel = (i: number): number => (rowNumbers ? rowNumbers[i]! : i + 1 + rowOffset);
  const reference = options.reference ?? {};
  if (f.random.length === 0) throw new ModelDataError(`no random-effects terms in "${f.text}" (add e.g. (1 | group)); for a fixed-effects model use a linear model`);

  // Variables used.
  const fixedRefs = f.fixed.terms.flatMap((t) => t.variables);
  const lhsRefs = f.random.flatMap((r) => r.lhs.terms.flatMap((t) => t.variables));
  const groupNames = [...new Set(f.random.flatMap((r) => r.groupVariables))];
  const allNames = [...new Set([f.response, ...fixedRefs.map((v) => v.name), ...lhsRefs.map((v) => v.name), ...groupNames])];
  requireColumns(cols, allNames);
  for (const name of Object.keys(reference)) requireColumns(cols, [name]);

  // Rows kept: no missing value in any used column.
  const nInput = cols.nrow;
  const columnValues = new Map(allNames.map((name) => [name, cols.column(name)] as const));
  const rows = completeRows([...columnValues.values()], nInput);
  const n = rows.length;
  if (n === 0) throw new ModelDataError(`no rows left: every row has a missing value in one of ${allNames.join(', ')}`);
  const messages: string[] = [];
  if (n < nInput) messages.push(`${nInput - n} of ${nInput} rows dropped because of missing values`);

  // Response.
  const yRaw = columnValues.get(f.response)!;
  const y = numericValues(yRaw, rows);
  const badY = firstNonFinite(y);
  if (badY >= 0) throw new ModelDataError(`the response must be numeric; found ${JSON.stringify(yRaw[rows[badY]!])}`, { column: f.response, row: rowLabel(rows[badY]!) });

  // Frame variables (numeric or factor), shared by the fixed part and the random lhs.
  const factors: Record<string, FactorCoding> = {};
  const frameCache = new Map<string, FrameVariable>();
  const frameVariable = (key: string): FrameVariable => {
    const cached = frameCache.get(key);
    if (cached) return cached;
    const m = /^factor\((.*)\)$/.exec(key);
    const name = m ? m[1]! : key;
    const raw = columnValues.get(name)!;
    let isNumeric = !m && !(name in reference);
    const { sawString, sawNumber, unsupported } = valueKinds(raw, rows);
    if (unsupported >= 0) throw new ModelDataError(`unsupported value ${String(raw[rows[unsupported]!])}`, { column: name, row: rowLabel(rows[unsupported]!) });
    if (sawString >= 0 && sawNumber >= 0 && isNumeric) {
      throw new ModelDataError(
        `mixes numbers (row ${rowLabel(rows[sawNumber]!)}) and text (row ${rowLabel(rows[sawString]!)}: ${JSON.stringify(raw[rows[sawString]!])}); convert it to one type or write factor(${name})`,
        { column: name },
      );
    }
    if (sawString >= 0) isNumeric = false;
    let fv: FrameVariable;
    if (isNumeric) {
      const values = numericValues(raw, rows);
      const bad = firstNonFinite(values);
      if (bad >= 0) throw new ModelDataError(`${String(raw[rows[bad]!])} is not a finite number`, { column: name, row: rowLabel(rows[bad]!) });
      fv = { kind: 'numeric', label: key, values };
    } else {
      // Codes in order of first appearance, then relabelled in level order.
      const { firstCodes, labelsSeen } = codesByFirstAppearance(raw, rows);
      let levels = sortLevels(labelsSeen);
      const ref = reference[name];
      if (ref !== undefined) {
        if (!levels.includes(ref)) throw new ModelDataError(`reference level '${ref}' is not a level (levels: ${levels.join(', ')})`, { column: name });
        levels = [ref, ...levels.filter((l) => l !== ref)];
      }
      const index = new Map(levels.map((l, i) => [l, i] as const));
      const remap = Int32Array.from(labelsSeen, (l) => index.get(l)!);
      fv = { kind: 'factor', label: key, levels, reference: 0, codes: remapCodes(firstCodes, remap) };
    }
    frameCache.set(key, fv);
    return fv;
  };

  // Fixed effects.
  const fixedCols = modelColumns(f.fixed, frameVariable, n);
  for (const ref of fixedRefs) {
    const v = frameVariable(variableKey(ref));
    if (v.kind === 'factor') factors[ref.name] = { levels: v.levels, reference: v.levels[0]! };
  }
  const { keep: keptCols, drop: droppedCols } = fullRankColumns(fixedCols.columns);
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
    const g = groupingFactor(spec.groupVariables, columnValues, rows, groupingCache);
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
    formula: f,
    n,
    p,
    y,
    X,
    fixefNames,
    droppedFixef,
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
  columnValues: Map<string, readonly unknown[]>,
  rows: Int32Array,
  cache: Map<string, { levels: string[]; codes: Int32Array }>,
): { levels: string[]; refs: Int32Array } {
  const n = rows.length;
  const perVar = vars.map((name) => {
    const hit = cache.get(name);
    if (hit) return hit;
    const raw = columnValues.get(name)!;
    // Codes in order of first appearance (one Map lookup per row), then relabelled in sorted level order.
    const { firstCodes, labelsSeen } = codesByFirstAppearance(raw, rows);
    const levels = sortLevels(labelsSeen);
    const rank = new Map(levels.map((l, i) => [l, i] as const));
    const remap = Int32Array.from(labelsSeen, (l) => rank.get(l)!);
    const entry = { levels, codes: remapCodes(firstCodes, remap) };
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

/** Input rows (0-based) with no missing value in any of the columns. */
function completeRows(columns: (readonly unknown[])[], nInput: number): Int32Array {
  const keep = new Int32Array(nInput);
  let n = 0;
  for (let i = 0; i < nInput; i++) {
    let ok = true;
    for (let c = 0; c < columns.length; c++) {
      if (isMissing(columns[c]![i])) {
        ok = false;
        break;
      }
    }
    if (ok) keep[n++] = i;
  }
  return keep.slice(0, n);
}

/** toNumber of raw[rows[i]] for each kept row (NaN where not numeric). */
function numericValues(raw: readonly unknown[], rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = toNumber(raw[rows[i]!]);
  return out;
}

/** Index of the first value that is not finite, or -1. */
function firstNonFinite(values: Float64Array): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return i;
  return -1;
}

/** First kept row holding a string, a number (or boolean), or anything else (-1 when none). */
function valueKinds(raw: readonly unknown[], rows: Int32Array): { sawString: number; sawNumber: number; unsupported: number } {
  let sawString = -1;
  let sawNumber = -1;
  for (let i = 0; i < rows.length; i++) {
    const v = raw[rows[i]!];
    const t = typeof v;
    if (t === 'string') {
      if (sawString < 0) sawString = i;
    } else if (t === 'number' || t === 'boolean') {
      if (sawNumber < 0) sawNumber = i;
    } else return { sawString, sawNumber, unsupported: i };
  }
  return { sawString, sawNumber, unsupported: -1 };
}

/** Codes of raw[rows[i]] in order of first appearance, and the labels in that order. */
function codesByFirstAppearance(raw: readonly unknown[], rows: Int32Array): { firstCodes: Int32Array; labelsSeen: string[] } {
  const n = rows.length;
  const seen = new Map<unknown, number>();
  const firstCodes = new Int32Array(n);
  const labelsSeen: string[] = [];
  for (let i = 0; i < n; i++) {
    const v = raw[rows[i]!];
    let c = seen.get(v);
    if (c === undefined) {
      c = labelsSeen.length;
      seen.set(v, c);
      labelsSeen.push(levelLabel(v));
    }
    firstCodes[i] = c;
  }
  return { firstCodes, labelsSeen };
}

/** remap[codes[i]] for every i. */
function remapCodes(codes: Int32Array, remap: Int32Array): Int32Array {
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = remap[codes[i]!]!;
  return out;
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
