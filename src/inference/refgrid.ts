/**
 * The reference grid of a fitted model (emmeans' `ref_grid`): every combination of the levels of the
 * factors in the fixed part, numeric covariates held at their mean over the observations used (or at values
 * given in `at`), and the model-matrix row of each grid point, built with the design's own coding
 * (treatment contrasts, the fit's reference levels, R's column names).
 *
 * Marginal means average grid rows with EQUAL weights over the factors not in `specs` (emmeans' default,
 * weights = "equal"): the mean of `source` is the same whatever the cell counts of the other factors.
 */
import type { LmmDesign } from '../model/design';
import type { FormulaTerm } from '../model/formula';
import { modelColumns, type FrameVariable } from '../model/modelMatrix';

/** A variable of the reference grid. */
export type GridVariable = { name: string; kind: 'factor'; levels: string[] } | { name: string; kind: 'numeric'; value: number; source: 'mean' | 'at' };

/** A reference grid: its variables, its points (first factor varying fastest, as emmeans) and their model-matrix rows. */
export interface ReferenceGrid {
  /** Variables of the fixed part, in formula order. */
  variables: GridVariable[];
  /** Level of each factor at each grid point. */
  points: Record<string, string>[];
  /** Model-matrix row of each point over the fit's coefficients (fixefNames order). */
  X: number[][];
  /** Names of the coefficients (the fit's fixefNames). */
  coefficients: string[];
  /** Coefficients lme4 dropped for rank deficiency, with each grid row's entries for them and their aliases on the kept ones. */
  dropped: { names: string[]; X: number[][]; aliases: number[][] };
}

/** Options of {@link referenceGrid}. */
export interface ReferenceGridOptions {
  /** Values for numeric covariates (default: their mean), e.g. `{ x: 4.5 }`. */
  at?: Record<string, number>;
}

function variableKey(v: { name: string; asFactor: boolean }): string {
  return v.asFactor ? `factor(${v.name})` : v.name;
}

/**
 * Builds the reference grid of a design.
 * @example referenceGrid(fit.design).points // [{ source: 'human' }, { source: 'gpt4' }, ...]
 */
export function referenceGrid(design: LmmDesign, options: ReferenceGridOptions = {}): ReferenceGrid {
  const terms: FormulaTerm[] = design.formula.fixed.terms;
  const refs = terms.flatMap((t) => t.variables);
  const keys: { key: string; name: string; asFactor: boolean }[] = [];
  for (const r of refs) {
    const key = variableKey(r);
    if (!keys.some((k) => k.key === key)) keys.push({ key, name: r.name, asFactor: r.asFactor });
  }
  const allNames = design.fixefNames.concat(design.droppedFixef);
  const at = options.at ?? {};
  for (const name of Object.keys(at)) {
    if (!keys.some((k) => k.name === name)) throw new Error(`at: '${name}' is not a variable of the fixed part of ${design.formula.text}`);
  }
  const variables: GridVariable[] = keys.map((k) => {
    const coding = design.factors[k.name];
    if (coding && (k.asFactor || !keys.some((o) => o.name === k.name && o.asFactor))) {
      if (k.name in at) throw new Error(`at: '${k.name}' is a factor; reference grids use all its levels`);
      return { name: k.key, kind: 'factor', levels: coding.levels.slice() };
    }
    if (k.name in at) return { name: k.key, kind: 'numeric', value: at[k.name]!, source: 'at' };
    // The covariate's mean over the rows used, from the model frame (emmeans' ref_grid): also for a covariate
    // whose own column was dropped (collinear) or that appears only in interactions.
    const col = design.frame.columns.get(k.name);
    const values = col?.kind === 'numeric' ? col.values : col?.numbers;
    if (!values) throw new Error(`internal error: covariate '${k.name}' is not a numeric column of the model frame`);
    let s = 0;
    for (let i = 0; i < values.length; i++) s += values[i]!;
    return { name: k.key, kind: 'numeric', value: s / values.length, source: 'mean' };
  });
  // Grid points: cartesian product, first factor varying fastest.
  const factors = variables.filter((v): v is Extract<GridVariable, { kind: 'factor' }> => v.kind === 'factor');
  let points: Record<string, string>[] = [{}];
  for (const f of factors) {
    const next: Record<string, string>[] = [];
    for (const lev of f.levels) for (const pt of points) next.push({ ...pt, [f.name]: lev });
    points = next;
  }
  const ng = points.length;
  const frame = new Map<string, FrameVariable>();
  for (const v of variables) {
    if (v.kind === 'factor') {
      const codes = Int32Array.from(points, (pt) => v.levels.indexOf(pt[v.name]!));
      frame.set(v.name, { kind: 'factor', label: v.name, levels: v.levels, reference: 0, codes });
    } else {
      frame.set(v.name, { kind: 'numeric', label: v.name, values: new Float64Array(ng).fill(v.value) });
    }
  }
  const cols = modelColumns(design.formula.fixed, (key) => {
    const fv = frame.get(key);
    if (!fv) throw new Error(`internal error: variable '${key}' missing from the reference grid`);
    return fv;
  }, ng);
  const index = new Map(cols.names.map((n, j) => [n, j] as const));
  for (const n of allNames) if (!index.has(n)) throw new Error(`internal error: the reference grid has no column '${n}' (it has ${cols.names.join(', ')})`);
  const X = points.map((_, i) => design.fixefNames.map((n) => cols.columns[index.get(n)!]![i]!));
  const dX = points.map((_, i) => design.droppedFixef.map((n) => cols.columns[index.get(n)!]![i]!));
  return { variables, points, X, coefficients: design.fixefNames.slice(), dropped: { names: design.droppedFixef.slice(), X: dX, aliases: design.aliases.map((a) => a.slice()) } };
}

/** The rows of a marginal-means grid: one per combination of the `specs` factors, averaging the other factors equally. */
export interface MarginalGrid {
  specs: string[];
  /** Level of each spec factor per row (first spec factor varying fastest). */
  levels: Record<string, string>[];
  /** Label per row: the levels joined by a space ("human", "a1 b2"). */
  labels: string[];
  /** Linear function (coefficients over the fit's fixed effects) per row. */
  linfct: number[][];
  /**
   * Per row, how far the linear function is from the row space of the full model matrix, one entry per
   * column lme4 dropped (rank deficiency): its product with that column's null vector (-aliases_d, 1),
   * normalised. Not estimable (emmeans' "nonEst") when {@link isEstimable} says so; all zero when nothing
   * was dropped.
   */
  droppedLinfct: number[][];
  /** Factors averaged over (emmeans' "Results are averaged over the levels of: ..."). */
  averagedOver: string[];
}

/**
 * Averages the reference grid over the factors not in `specs` with equal weights.
 * @example marginalGrid(referenceGrid(fit.design), ['source']).linfct
 */
export function marginalGrid(grid: ReferenceGrid, specs: readonly string[]): MarginalGrid {
  const factorVars = grid.variables.filter((v): v is Extract<GridVariable, { kind: 'factor' }> => v.kind === 'factor');
  for (const s of specs) {
    if (!grid.variables.some((v) => v.name === s)) {
      const names = grid.variables.map((v) => v.name);
      throw new Error(`'${s}' is not a variable of the fixed part (variables: ${names.length ? names.join(', ') : 'none'})`);
    }
  }
  // A numeric covariate in specs has one value in the grid (its mean, or the `at` value): one level, as emmeans.
  const asLevels = (v: GridVariable): Extract<GridVariable, { kind: 'factor' }> =>
    v.kind === 'factor' ? v : { name: v.name, kind: 'factor', levels: [String(Number(v.value.toPrecision(15)))] };
  const specVars = specs.map((s) => asLevels(grid.variables.find((v) => v.name === s)!));
  let combos: Record<string, string>[] = [{}];
  for (const v of specVars) {
    const next: Record<string, string>[] = [];
    for (const lev of v.levels) for (const c of combos) next.push({ ...c, [v.name]: lev });
    combos = next;
  }
  combos.sort((a, b) => {
    for (let i = specVars.length - 1; i >= 0; i--) {
      const v = specVars[i]!;
      const d = v.levels.indexOf(a[v.name]!) - v.levels.indexOf(b[v.name]!);
      if (d !== 0) return d;
    }
    return 0;
  });
  const p = grid.coefficients.length;
  const pd = grid.dropped.names.length;
  const linfct: number[][] = [];
  const droppedLinfct: number[][] = [];
  for (const c of combos) {
    const rows = grid.points.map((pt, i) => (specs.every((s) => pt[s] === undefined || pt[s] === c[s]) ? i : -1)).filter((i) => i >= 0);
    const L = new Array<number>(p).fill(0);
    const D = new Array<number>(pd).fill(0);
    for (const i of rows) {
      for (let j = 0; j < p; j++) L[j] += grid.X[i]![j]! / rows.length;
      for (let j = 0; j < pd; j++) D[j] += grid.dropped.X[i]![j]! / rows.length;
    }
    linfct.push(L);
    // Distance from estimability: the dropped column's coefficient minus what the kept ones imply.
    droppedLinfct.push(
      D.map((d, j) => {
        const a = grid.dropped.aliases[j]!;
        return (d - a.reduce((acc, v, k) => acc + v * L[k]!, 0)) / Math.sqrt(1 + a.reduce((acc, v) => acc + v * v, 0));
      }),
    );
  }
  const averagedOver = factorVars.map((v) => v.name).filter((n) => !specs.includes(n));
  return { specs: specs.slice(), levels: combos, labels: combos.map((c) => specs.map((s) => c[s]!).join(' ')), linfct, droppedLinfct, averagedOver };
}

/**
 * emmeans' estimability rule (estimability::is.estble, tol 1e-8): a linear function L of the kept
 * coefficients, whose products with the null vectors of the full model matrix are `nullProducts`, is
 * estimable when sum(nullProducts^2) < 1e-8 sum(L^2).
 */
export function isEstimable(L: readonly number[], nullProducts: readonly number[], tol = 1e-8): boolean {
  if (nullProducts.length === 0) return true;
  const ss = nullProducts.reduce((a, v) => a + v * v, 0);
  const sl = L.reduce((a, v) => a + v * v, 0);
  return ss < tol * Math.max(sl, Number.MIN_VALUE);
}
