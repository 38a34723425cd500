/**
 * Robustness of pairwise conclusions to treating Likert ratings as ordinal: the same comparisons from the
 * linear mixed model (ratings as numbers; Satterthwaite t-tests, as the paper with lmerTest) and from the
 * cumulative link mixed model (Wald z on the latent logit scale), side by side, with a computed flag saying
 * whether the conclusion is the same.
 *
 * A conclusion is the decision at level alpha for the comparison "a vs b": "a higher", "a lower" or "no
 * difference" (p >= alpha). It holds when both models reach the same decision. The two estimates are on
 * different scales (rating points vs logits) and are not compared numerically.
 */
import type { DataInput } from '../model/data';
import { fitLmm, type LmmFit } from '../model/fit';
import { marginalGrid, referenceGrid } from '../inference/refgrid';
import { fitClmm, type ClmmFit } from './fit';
import { latentMeans } from './contrasts';
import type { ClmmData } from './design';
import { pnorm } from '../stats/distributions';

/** Options of {@link compareLmmClmm}. */
export interface RobustnessOptions {
  /** The factor whose levels are compared, e.g. "source". */
  factor: string;
  /** Reference levels (as in fitLmm / fitClmm), e.g. { source: 'human' }. Does not change the comparisons. */
  reference?: Record<string, string>;
  /** Pairs [a, b] to compare (default: all pairs in level order). */
  pairs?: readonly (readonly [string, string])[];
  /** Significance level of the decisions (default 0.05, unadjusted as in the paper). */
  alpha?: number;
  /** CLMM formula when it should differ from the LMM's (default: the same formula). */
  clmmFormula?: string;
  /** Already fitted models (skip the fits). */
  lmm?: LmmFit;
  clmm?: ClmmFit;
  /** Display names of the levels, e.g. { gpt4: 'GPT-4' } (default: the level names). */
  labels?: Record<string, string>;
  /** Data name for the summaries. */
  dataName?: string;
}

/** A model's decision about "a vs b". */
export type Decision = 'higher' | 'lower' | 'no difference';

/** One comparison in both models. */
export interface RobustnessRow {
  /** "a vs b" with display names. */
  comparison: string;
  level1: string;
  level2: string;
  /** LMM: difference a - b in rating points, SE, Satterthwaite df, t, p. */
  lmm: { estimate: number; se: number; df: number; t: number; p: number };
  /** CLMM: difference a - b on the latent logit scale, SE, z, p. */
  clmm: { estimate: number; se: number; z: number; p: number };
  lmmDecision: Decision;
  clmmDecision: Decision;
  /** True when both models reach the same decision. */
  holds: boolean;
  /** One sentence for a report. */
  sentence: string;
}

/** The comparison table and the two fits. */
export interface RobustnessResult {
  factor: string;
  alpha: number;
  lmm: LmmFit;
  clmm: ClmmFit;
  rows: RobustnessRow[];
  /** E.g. "14 of 15 conclusions hold under the ordinal model." */
  overall: string;
}

function decide(estimate: number, p: number, alpha: number): Decision {
  if (!(p < alpha)) return 'no difference';
  return estimate > 0 ? 'higher' : 'lower';
}

function fmtP(p: number): string {
  if (p < 0.001) return 'p < .001';
  return `p = ${(p < 0.01 ? p.toFixed(3) : p.toFixed(2)).replace(/^0/, '')}`;
}

function signed(x: number, digits: number): string {
  const s = x.toFixed(digits);
  return x >= 0 ? `+${s}` : s;
}

function decisionText(d: Decision, a: string, b: string): string {
  return d === 'no difference' ? `no difference between ${a} and ${b}` : `${a} rated ${d} than ${b}`;
}

/** The sentence of one row. */
function sentence(a: string, b: string, row: Omit<RobustnessRow, 'sentence' | 'comparison'>, alpha: number): string {
  const nums = `LMM ${signed(row.lmm.estimate, 2)} points (${fmtP(row.lmm.p)}), CLMM ${signed(row.clmm.estimate, 2)} logits (${fmtP(row.clmm.p)})`;
  if (row.holds) {
    return `${a} vs ${b}: ${nums}. Both models: ${decisionText(row.lmmDecision, a, b)} at alpha = ${alpha}; the conclusion holds under the ordinal model.`;
  }
  return `${a} vs ${b}: ${nums}. LMM: ${decisionText(row.lmmDecision, a, b)}; CLMM: ${decisionText(row.clmmDecision, a, b)} (alpha = ${alpha}); the conclusion does NOT hold under the ordinal model.`;
}

/**
 * Fits the LMM and the CLMM with the same formula and compares every pair of levels of `options.factor`.
 * @example
 *   const r = compareLmmClmm('rating ~ source + (1|post:rater) + (1|post) + (1|rater)', rows, { factor: 'source', reference: { source: 'gpt4' } });
 *   r.rows.map((x) => [x.comparison, x.holds]);  r.overall
 */
export function compareLmmClmm(formula: string, data: ClmmData, options: RobustnessOptions): RobustnessResult {
  const alpha = options.alpha ?? 0.05;
  const factor = options.factor;
  const lmm = options.lmm ?? fitLmm(formula, data as DataInput, { reference: options.reference, dataName: options.dataName });
  const clmm = options.clmm ?? fitClmm(options.clmmFormula ?? formula, data, { reference: options.reference, dataName: options.dataName });
  // LMM: marginal means of the factor (equal weights), contrasts via Satterthwaite.
  const mg = marginalGrid(referenceGrid(lmm.design), [factor]);
  const lmmL = new Map(mg.levels.map((lv, r) => [lv[factor]!, mg.linfct[r]!] as const));
  const clmmL = new Map(latentMeans(clmm, factor).map((m) => [m.level, m.L] as const));
  const levels = mg.levels.map((lv) => lv[factor]!);
  for (const l of levels) if (!clmmL.has(l)) throw new Error(`level '${l}' of '${factor}' is missing from the CLMM`);
  const pairs: (readonly [string, string])[] = options.pairs ? options.pairs.slice() : [];
  if (!options.pairs) for (let i = 0; i < levels.length; i++) for (let j = i + 1; j < levels.length; j++) pairs.push([levels[i]!, levels[j]!]);
  const label = (l: string) => options.labels?.[l] ?? l;
  const rows = pairs.map(([a, b]) => {
    for (const l of [a, b]) if (!lmmL.has(l)) throw new Error(`'${l}' is not a level of '${factor}' (levels: ${levels.join(', ')})`);
    const La = lmmL.get(a)!;
    const Lb = lmmL.get(b)!;
    const t = lmm.contrast(La.map((v, k) => v - Lb[k]!));
    const Ca = clmmL.get(a)!;
    const Cb = clmmL.get(b)!;
    const c = clmm.linearCombination(Ca.map((v, k) => v - Cb[k]!));
    const z = c.estimate / c.se;
    const pz = 2 * pnorm(-Math.abs(z));
    const lmmDecision = decide(t.estimate, t.p, alpha);
    const clmmDecision = decide(c.estimate, pz, alpha);
    const base = {
      level1: a,
      level2: b,
      lmm: { estimate: t.estimate, se: t.se, df: t.df, t: t.t, p: t.p },
      clmm: { estimate: c.estimate, se: c.se, z, p: pz },
      lmmDecision,
      clmmDecision,
      holds: lmmDecision === clmmDecision,
    };
    return { comparison: `${label(a)} vs ${label(b)}`, ...base, sentence: sentence(label(a), label(b), base, alpha) };
  });
  const nHold = rows.filter((r) => r.holds).length;
  const overall =
    nHold === rows.length
      ? `All ${rows.length} conclusions hold when the ratings are modelled as ordinal (CLMM) instead of numeric (LMM).`
      : `${nHold} of ${rows.length} conclusions hold when the ratings are modelled as ordinal; they differ for ${rows
          .filter((r) => !r.holds)
          .map((r) => r.comparison)
          .join(', ')}.`;
  return { factor, alpha, lmm, clmm, rows, overall };
}
