/**
 * Contrasts of marginal means (emmeans' `contrast()` / `pairs()`), with multiplicity adjustment:
 * - "pairwise": every mean minus every later one ("human - gpt4"), default adjust "tukey";
 * - "revpairwise": every later mean minus every earlier one, ordered by the later ("c2 - c1", "c3 - c1",
 *   "c3 - c2", ...), default "tukey";
 * - "trt.vs.ctrl": each mean minus the reference (first level, or `ref`), default "dunnettx";
 *   "trt.vs.ctrlk": the same with the last level as reference;
 * - custom: `{ label: coefficients over the means }`, default "none".
 * Each contrast L = sum_i c_i linfct_i gets its own SE (from the basis's covariance), df (from the basis's
 * df method), t ratio, adjusted p value and (adjusted) confidence interval.
 */
import { adjustPValues, checkAdjust, criticalValues, type AdjustMethod, type ContrastFamily } from './adjust';
import type { DfMethod, InferenceBasis } from './dfMethod';
import { quadForm } from '../linalg/index';
import { isEstimable } from './refgrid';
import { averagedMessage, dfMessage, estimateTableHtml, estimateTableText, formatEstimateColumns, levelText, type EstimateColumn } from './table';

/** Built-in contrast families, or custom coefficients per label. */
export type ContrastMethod = 'pairwise' | 'revpairwise' | 'trt.vs.ctrl' | 'trt.vs.ctrlk' | Readonly<Record<string, readonly number[]>>;

/** Options of {@link contrast}. */
export interface ContrastOptions {
  /** Multiplicity adjustment (default: tukey for pairwise families, dunnettx for trt.vs.ctrl, none otherwise). */
  adjust?: AdjustMethod;
  /** Confidence level (default: the grid's, 0.95). */
  level?: number;
  /** Reference level for trt.vs.ctrl: a level label or its 0-based index (default the first level). */
  ref?: string | number;
}

/** One contrast. */
export interface ContrastRow {
  contrast: string;
  estimate: number;
  se: number;
  df: number;
  t: number;
  /** Adjusted two-sided p value. */
  p: number;
  /** Lower limit of the (adjusted) confidence interval. */
  lower: number;
  upper: number;
  estimable: boolean;
}

/** Coefficients over the k means and labels of a contrast family. */
export interface ContrastCoefficients {
  labels: string[];
  coefficients: number[][];
  family: ContrastFamily;
  defaultAdjust: AdjustMethod;
}

/**
 * The coefficient vectors of a contrast method over means labelled `levels`.
 * @example contrastCoefficients('pairwise', ['a', 'b', 'c']).labels // ['a - b', 'a - c', 'b - c']
 */
export function contrastCoefficients(method: ContrastMethod, levels: readonly string[], ref?: string | number): ContrastCoefficients {
  const k = levels.length;
  const unit = (i: number, j: number) => {
    const c = new Array<number>(k).fill(0);
    c[i] = 1;
    c[j] = -1;
    return c;
  };
  if (method === 'pairwise' || method === 'revpairwise') {
    if (k < 2) throw new Error(`${method} contrasts need at least two means (there ${k === 1 ? 'is 1' : `are ${k}`})`);
    const labels: string[] = [];
    const coefficients: number[][] = [];
    if (method === 'pairwise') {
      for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) {
        labels.push(`${levels[i]} - ${levels[j]}`);
        coefficients.push(unit(i, j));
      }
    } else {
      for (let j = 1; j < k; j++) for (let i = 0; i < j; i++) {
        labels.push(`${levels[j]} - ${levels[i]}`);
        coefficients.push(unit(j, i));
      }
    }
    return { labels, coefficients, family: { size: k, nContrasts: labels.length, pairwise: true }, defaultAdjust: 'tukey' };
  }
  if (method === 'trt.vs.ctrl' || method === 'trt.vs.ctrlk') {
    if (k < 2) throw new Error(`${method} contrasts need at least two means`);
    let r = method === 'trt.vs.ctrlk' ? k - 1 : 0;
    if (ref !== undefined) {
      r = typeof ref === 'number' ? ref : levels.indexOf(ref);
      if (r < 0 || r >= k || !Number.isInteger(r)) throw new Error(`reference '${ref}' is not one of the levels (${levels.join(', ')})`);
    }
    const labels: string[] = [];
    const coefficients: number[][] = [];
    for (let i = 0; i < k; i++) {
      if (i === r) continue;
      labels.push(`${levels[i]} - ${levels[r]}`);
      coefficients.push(unit(i, r));
    }
    return { labels, coefficients, family: { size: k, nContrasts: labels.length, pairwise: false }, defaultAdjust: 'dunnettx' };
  }
  if (typeof method === 'string') throw new Error(`unknown contrast method '${method}' (use pairwise, revpairwise, trt.vs.ctrl, trt.vs.ctrlk or custom coefficients)`);
  const labels = Object.keys(method);
  if (labels.length === 0) throw new Error('custom contrasts: give at least one { label: coefficients }');
  const coefficients = labels.map((lab) => {
    const c = method[lab]!;
    if (c.length !== k) throw new Error(`custom contrast '${lab}' has ${c.length} coefficients; there are ${k} means (${levels.join(', ')})`);
    return c.slice();
  });
  return { labels, coefficients, family: { size: k, nContrasts: labels.length, pairwise: false }, defaultAdjust: 'none' };
}

/** Contrasts with tests and intervals; prints itself like emmeans (text and HTML). */
export class ContrastTable {
  readonly rows: ContrastRow[];
  /** The contrast method ("pairwise", ... or "custom"). */
  readonly method: string;
  /** The adjustment asked for. */
  readonly adjust: AdjustMethod;
  /** The adjustment applied to p values (e.g. "none" for one contrast, "sidak" when tukey did not apply). */
  readonly pAdjustUsed: AdjustMethod;
  /** The adjustment applied to intervals (holm etc. give Bonferroni intervals). */
  readonly ciAdjustUsed: string;
  readonly dfMethod: DfMethod;
  readonly level: number;
  readonly family: ContrastFamily;
  /** Footnotes with intervals shown (emmeans' `summary(..., infer = c(TRUE, TRUE))`). */
  readonly messages: string[];
  /** Footnotes of the default print (tests only). */
  readonly testMessages: string[];
  /** Notes (e.g. that tukey was changed to sidak). */
  readonly notes: string[];
  /** Coefficients of each contrast over the fixed effects. */
  readonly L: number[][];
  /** Factors the underlying means average over. */
  readonly averagedOver: string[];

  constructor(init: {
    rows: ContrastRow[];
    method: string;
    adjust: AdjustMethod;
    pAdjustUsed: AdjustMethod;
    ciAdjustUsed: string;
    dfMethod: DfMethod;
    level: number;
    family: ContrastFamily;
    pMessage?: string;
    ciMessage?: string;
    notes: string[];
    L: number[][];
    averagedOver?: string[];
  }) {
    this.rows = init.rows;
    this.method = init.method;
    this.adjust = init.adjust;
    this.pAdjustUsed = init.pAdjustUsed;
    this.ciAdjustUsed = init.ciAdjustUsed;
    this.dfMethod = init.dfMethod;
    this.level = init.level;
    this.family = init.family;
    this.notes = init.notes;
    this.L = init.L;
    const df = dfMessage(init.dfMethod);
    this.averagedOver = init.averagedOver ?? [];
    const avg = averagedMessage(this.averagedOver);
    this.messages = [...avg, df, `Confidence level used: ${levelText(init.level)}`, ...(init.ciMessage ? [init.ciMessage] : []), ...(init.pMessage ? [init.pMessage] : [])];
    this.testMessages = [...avg, df, ...(init.pMessage ? [init.pMessage] : [])];
  }

  private columns(intervals: boolean, tests: boolean) {
    const asymptotic = this.rows.every((r) => !Number.isFinite(r.df));
    const cols: EstimateColumn[] = [
      { header: 'contrast', kind: 'label', values: this.rows.map((r) => r.contrast) },
      { header: 'estimate', kind: 'number', values: this.rows.map((r) => r.estimate) },
      { header: 'SE', kind: 'number', values: this.rows.map((r) => r.se) },
      { header: 'df', kind: 'df', values: this.rows.map((r) => r.df) },
    ];
    if (intervals) {
      cols.push(
        { header: asymptotic ? 'asymp.LCL' : 'lower.CL', kind: 'number', values: this.rows.map((r) => r.lower) },
        { header: asymptotic ? 'asymp.UCL' : 'upper.CL', kind: 'number', values: this.rows.map((r) => r.upper) },
      );
    }
    if (tests) {
      cols.push({ header: asymptotic ? 'z.ratio' : 't.ratio', kind: 't', values: this.rows.map((r) => r.t) }, { header: 'p.value', kind: 'p', values: this.rows.map((r) => r.p) });
    }
    return formatEstimateColumns(cols, this.rows.map((r) => r.estimate), this.rows.map((r) => r.se), this.rows.map((r) => r.estimable));
  }

  private footer(intervals: boolean, tests: boolean): string[] {
    if (intervals && tests) return [...this.messages, ...this.notes];
    if (tests) return [...this.testMessages, ...this.notes];
    return this.messages.filter((m) => !m.startsWith('P value adjustment')).concat(this.notes);
  }

  /**
   * The table as emmeans prints it. Default: tests only (emmeans' print of a contrast); `intervals: true`
   * adds the confidence limits (emmeans' `summary(..., infer = c(TRUE, TRUE))`); `tests: false` gives
   * `confint()`.
   */
  toString(options: { intervals?: boolean; tests?: boolean } = {}): string {
    const intervals = options.intervals ?? false;
    const tests = options.tests ?? true;
    return estimateTableText(this.columns(intervals, tests), this.footer(intervals, tests));
  }

  /** HTML table (notebooks); by default with intervals and tests. */
  toHTML(options: { intervals?: boolean; tests?: boolean } = {}): string {
    const intervals = options.intervals ?? true;
    const tests = options.tests ?? true;
    return estimateTableHtml(this.columns(intervals, tests), this.footer(intervals, tests));
  }

  toJSON(): { method: string; adjust: AdjustMethod; dfMethod: DfMethod; level: number; rows: ContrastRow[]; messages: string[]; notes: string[] } {
    return { method: this.method, adjust: this.pAdjustUsed, dfMethod: this.dfMethod, level: this.level, rows: this.rows.map((r) => ({ ...r })), messages: this.messages.slice(), notes: this.notes.slice() };
  }
}

/** What contrasts need from a set of marginal means (an EmmGrid from ./emmeans has it). */
export interface MeansForContrasts {
  rows: readonly { level: string }[];
  linfct: readonly (readonly number[])[];
  droppedLinfct: readonly (readonly number[])[];
  basis: InferenceBasis;
  level: number;
  averagedOver: readonly string[];
}

/**
 * Contrasts of the means of an EmmGrid (./emmeans).
 * @example contrast(emm, 'trt.vs.ctrl', { ref: 'human', adjust: 'none' }).rows
 */
export function contrast(emm: MeansForContrasts, method: ContrastMethod = 'pairwise', options: ContrastOptions = {}): ContrastTable {
  const cc = contrastCoefficients(method, emm.rows.map((r) => r.level), options.ref);
  const adjust = checkAdjust(options.adjust ?? cc.defaultAdjust);
  const level = options.level ?? emm.level;
  const basis = emm.basis;
  const p = basis.p;
  const pd = emm.droppedLinfct[0]?.length ?? 0;
  const Ls = cc.coefficients.map((c) => {
    const L = new Array<number>(p).fill(0);
    c.forEach((w, i) => {
      if (w !== 0) for (let j = 0; j < p; j++) L[j] += w * emm.linfct[i]![j]!;
    });
    return L;
  });
  const estimable = cc.coefficients.map((c, k) => {
    const products = Array.from({ length: pd }, (_, j) => c.reduce((s, w, i) => s + w * emm.droppedLinfct[i]![j]!, 0));
    return isEstimable(Ls[k]!, products);
  });
  const estimate = Ls.map((L, i) => (estimable[i] ? L.reduce((s, v, j) => s + v * basis.beta[j]!, 0) : NaN));
  const se = Ls.map((L, i) => (estimable[i] ? Math.sqrt(quadForm(L, basis.vcov, L, p)) : NaN));
  const df = Ls.map((L, i) => (estimable[i] ? basis.df(L) : NaN));
  const t = estimate.map((e, i) => e / se[i]!);
  const padj = adjustPValues(t, df, adjust, cc.family);
  const crit = criticalValues(level, df, adjust, cc.family);
  const rows: ContrastRow[] = cc.labels.map((label, i) => ({
    contrast: label,
    estimate: estimate[i]!,
    se: se[i]!,
    df: df[i]!,
    t: t[i]!,
    // not estimable: no p value and no interval (emmeans' NA), whatever the adjustment does with the others
    p: estimable[i] ? padj.p[i]! : NaN,
    lower: estimable[i] ? estimate[i]! - crit.cv[i]! * se[i]! : NaN,
    upper: estimable[i] ? estimate[i]! + crit.cv[i]! * se[i]! : NaN,
    estimable: estimable[i]!,
  }));
  const notes = [...new Set([padj.note, crit.note].filter((x): x is string => !!x))];
  return new ContrastTable({
    rows,
    method: typeof method === 'string' ? method : 'custom',
    adjust,
    pAdjustUsed: padj.method,
    ciAdjustUsed: crit.method,
    dfMethod: basis.method,
    level,
    family: cc.family,
    pMessage: padj.message,
    ciMessage: crit.message,
    notes,
    L: Ls,
    averagedOver: emm.averagedOver.slice(),
  });
}
