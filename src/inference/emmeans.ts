/**
 * Estimated marginal means (emmeans' `emmeans(fit, specs)`): for each level (or combination of levels) of
 * the `specs` factors, the model's prediction averaged with equal weights over the other factors, with numeric
 * covariates at their mean; standard error from Var(beta-hat) (Kenward-Roger: the adjusted one), df by the
 * chosen method, and a confidence interval. The result prints itself like emmeans:
 *
 *  cond emmean    SE   df lower.CL upper.CL
 *  c1     3.47 0.230 42.0     3.01     3.93
 *  ...
 *
 *  Degrees-of-freedom method: kenward-roger
 *  Confidence level used: 0.95
 */
import type { LmmFit } from '../model/index';
import { qt } from '../stats/distributions';
import { contrast, type ContrastMethod, type ContrastOptions, type ContrastTable } from './contrasts';
import { DEFAULT_DF_METHOD, inferenceBasis, type DfMethod, type InferenceBasis } from './dfMethod';
import { quadForm } from '../linalg/index';
import { isEstimable, marginalGrid, referenceGrid, type MarginalGrid } from './refgrid';
import { averagedMessage, dfMessage, estimateTableHtml, estimateTableText, formatEstimateColumns, levelText, type EstimateColumn } from './table';

/** Options of {@link emmeans}. */
export interface EmmeansOptions {
  /** Degrees-of-freedom method (default "satterthwaite"; emmeans' default is "kenward-roger"). */
  df?: DfMethod;
  /** Confidence level (default 0.95). */
  level?: number;
  /** Values of numeric covariates (default: their mean). */
  at?: Record<string, number>;
}

/** One marginal mean. */
export interface EmmRow {
  /** The level(s) as one label ("human"; "a1 b2" for two factors). */
  level: string;
  /** The level of each spec factor. */
  levels: Record<string, string>;
  emmean: number;
  se: number;
  df: number;
  lower: number;
  upper: number;
  /** False when the mean involves a coefficient dropped for rank deficiency (emmeans' "nonEst"). */
  estimable: boolean;
}

/**
 * Marginal means of a fitted model: a value that prints itself (text and HTML) and makes contrasts.
 * Create with {@link emmeans}.
 */
export class EmmGrid {
  /** Factors the means are computed for. */
  readonly specs: string[];
  /** The means, in grid order (first spec factor varying fastest). */
  readonly rows: EmmRow[];
  /** Linear function of beta per mean (rows of emmeans' linfct). */
  readonly linfct: number[][];
  /** Coefficients on dropped (rank-deficient) columns per mean; nonzero = not estimable. */
  readonly droppedLinfct: number[][];
  /** Degrees-of-freedom method. */
  readonly dfMethod: DfMethod;
  /** Confidence level. */
  readonly level: number;
  /** Footnotes, e.g. "Degrees-of-freedom method: kenward-roger", "Confidence level used: 0.95". */
  readonly messages: string[];
  /** Estimates, covariance and df function the means were computed from (used by contrasts). */
  readonly basis: InferenceBasis;
  /** Factors the means average over with equal weights. */
  readonly averagedOver: string[];

  constructor(basis: InferenceBasis, grid: MarginalGrid, level: number) {
    this.basis = basis;
    this.specs = grid.specs.slice();
    this.linfct = grid.linfct.map((r) => r.slice());
    this.droppedLinfct = grid.droppedLinfct.map((r) => r.slice());
    this.dfMethod = basis.method;
    this.level = level;
    this.rows = grid.linfct.map((L, i) => {
      const estimable = isEstimable(L, grid.droppedLinfct[i]!);
      const emmean = estimable ? dot(L, basis.beta) : NaN;
      const se = estimable ? Math.sqrt(quadForm(L, basis.vcov, L, basis.p)) : NaN;
      const df = estimable ? basis.df(L) : NaN;
      const cv = estimable ? -qt((1 - level) / 2, df) : NaN;
      return { level: grid.labels[i]!, levels: { ...grid.levels[i]! }, emmean, se, df, lower: emmean - cv * se, upper: emmean + cv * se, estimable };
    });
    this.averagedOver = grid.averagedOver.slice();
    this.messages = [...averagedMessage(this.averagedOver), dfMessage(basis.method), `Confidence level used: ${levelText(level)}`];
  }

  /** The means as plain rows (for tables and JSON). */
  toJSON(): { specs: string[]; dfMethod: DfMethod; level: number; rows: EmmRow[]; messages: string[] } {
    return { specs: this.specs, dfMethod: this.dfMethod, level: this.level, rows: this.rows.map((r) => ({ ...r })), messages: this.messages.slice() };
  }

  private columns() {
    const asymptotic = this.rows.every((r) => !Number.isFinite(r.df));
    const cols: EstimateColumn[] = this.specs.map((s) => ({ header: s, kind: 'label' as const, values: this.rows.map((r) => r.levels[s]!) }));
    cols.push(
      { header: 'emmean', kind: 'number', values: this.rows.map((r) => r.emmean) },
      { header: 'SE', kind: 'number', values: this.rows.map((r) => r.se) },
      { header: 'df', kind: 'df', values: this.rows.map((r) => r.df) },
      { header: asymptotic ? 'asymp.LCL' : 'lower.CL', kind: 'number', values: this.rows.map((r) => r.lower) },
      { header: asymptotic ? 'asymp.UCL' : 'upper.CL', kind: 'number', values: this.rows.map((r) => r.upper) },
    );
    return formatEstimateColumns(cols, this.rows.map((r) => r.emmean), this.rows.map((r) => r.se), this.rows.map((r) => r.estimable));
  }

  /** The table as emmeans prints it. */
  toString(): string {
    return estimateTableText(this.columns(), this.messages);
  }

  /** The table as HTML (notebooks). */
  toHTML(): string {
    return estimateTableHtml(this.columns(), this.messages);
  }

  /**
   * Contrasts of the means: "pairwise" (default adjust tukey), "revpairwise", "trt.vs.ctrl" (each level
   * minus the reference, default adjust dunnettx), "trt.vs.ctrlk", or custom coefficients
   * `{ 'gpt4 vs others': [-1, 0.5, 0.5] }` (default adjust none).
   */
  contrast(method: ContrastMethod = 'pairwise', options: ContrastOptions = {}): ContrastTable {
    return contrast(this, method, options);
  }

  /** All pairwise differences (emmeans' `pairs()`): `contrast('pairwise', options)`. */
  pairs(options: ContrastOptions = {}): ContrastTable {
    return contrast(this, 'pairwise', options);
  }
}

function dot(a: readonly number[], b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * Estimated marginal means of `specs` (one factor name or several) of a fitted model.
 * @example
 *   const emm = emmeans(fit, 'source', { df: 'kenward-roger' });
 *   console.log(emm.toString());
 *   console.log(emm.pairs({ adjust: 'holm' }).toString());
 */
export function emmeans(fit: LmmFit, specs: string | readonly string[], options: EmmeansOptions = {}): EmmGrid {
  const s = typeof specs === 'string' ? [specs] : specs.slice();
  if (s.length === 0) throw new Error('emmeans: give at least one factor in specs');
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new Error(`emmeans: level must be between 0 and 1, got ${level}`);
  const grid = marginalGrid(referenceGrid(fit.design, { at: options.at }), s);
  return new EmmGrid(inferenceBasis(fit, options.df ?? DEFAULT_DF_METHOD), grid, level);
}
