/**
 * Multiplicity adjustment of p values and of confidence levels for a family of contrasts, with emmeans'
 * rules (R/summary.R `.adj.p.value`, `.adj.critval`):
 * - "tukey": studentized range, p = P(Q > sqrt(2) |t|; k means, df); intervals +- qtukey(level, k, df) / sqrt(2) SE.
 *   Only for one set of pairwise comparisons; anything else is switched to "sidak" with a note, as emmeans does.
 * - "dunnettx": emmeans' approximation to Dunnett's method (a weighted mix of Tukey and Sidak).
 * - "sidak", "bonferroni", "none"; and R's p.adjust methods "holm", "hochberg", "BH" (= "fdr"), "BY" for
 *   p values, whose intervals are Bonferroni intervals (they cannot be inverted into intervals).
 * - A family of one contrast is never adjusted.
 * The studentized range comes from src/stats/distributions (jStat's port of R's ptukey/qtukey). R's ptukey
 * loses precision below about 1e-9, so very small Tukey p values are only accurate as "< 1e-8".
 */
import { pf, ptukey, pTwoSidedT, qt, qtukey } from '../stats/distributions';
import { uniroot } from './rootFinding';
import { zapsmall } from '../format/index';

/** Multiplicity adjustments. */
export type AdjustMethod = 'tukey' | 'dunnettx' | 'sidak' | 'bonferroni' | 'holm' | 'hochberg' | 'BH' | 'fdr' | 'BY' | 'none';

/** All accepted adjustment names. */
export const ADJUST_METHODS: readonly AdjustMethod[] = ['tukey', 'dunnettx', 'sidak', 'bonferroni', 'holm', 'hochberg', 'BH', 'fdr', 'BY', 'none'];

/** The family a set of contrasts belongs to. */
export interface ContrastFamily {
  /** Number of means compared (k). */
  size: number;
  /** Number of contrasts tested together. */
  nContrasts: number;
  /** True when the contrasts are all pairwise differences of the k means (Tukey applies). */
  pairwise: boolean;
}

/** Adjusted p values and what was done. */
export interface AdjustedPValues {
  p: number[];
  /** The method actually used (e.g. "none" for a single contrast, "sidak" when "tukey" did not apply). */
  method: AdjustMethod;
  /** emmeans' footnote, e.g. "P value adjustment: tukey method for comparing a family of 4 estimates". */
  message?: string;
  /** A note when the method was changed (emmeans prints it as a message). */
  note?: string;
}

/** Critical values for confidence intervals and what was done. */
export interface CriticalValues {
  cv: number[];
  method: AdjustMethod | 'bonferroni';
  /** emmeans' footnote, e.g. "Conf-level adjustment: bonferroni method for 6 estimates". */
  message?: string;
  note?: string;
}

const P_ADJUST: readonly AdjustMethod[] = ['holm', 'hochberg', 'BH', 'fdr', 'BY', 'bonferroni', 'none'];

/** Checks an adjustment name, with a helpful error. */
export function checkAdjust(method: string): AdjustMethod {
  if ((ADJUST_METHODS as readonly string[]).includes(method)) return method as AdjustMethod;
  throw new Error(`unknown adjust method '${method}' (use one of ${ADJUST_METHODS.join(', ')})`);
}

function tukeyNote(): string {
  return 'Note: adjust = "tukey" was changed to "sidak"\nbecause "tukey" is only appropriate for one set of pairwise comparisons';
}

function effectiveMethod(method: AdjustMethod, family: ContrastFamily): { method: AdjustMethod; note?: string } {
  if (family.nContrasts === 1) return { method: 'none' };
  if (method === 'tukey' && !family.pairwise) return { method: 'sidak', note: tukeyNote() };
  return { method };
}

/** Whether emmeans prints an adjustment footnote (it skips Tukey for families of fewer than 3 means). */
function showsMessage(method: string, familySize: number): boolean {
  if (method === 'none') return false;
  if (method === 'tukey') return familySize >= 3;
  return true;
}

/** R's `p.adjust(p, method, n)`. */
export function pAdjust(p: readonly number[], method: AdjustMethod, n = p.length): number[] {
  const lp = p.length;
  if (method === 'none' || n <= 1) return p.slice();
  if (method === 'bonferroni') return p.map((v) => Math.min(1, n * v));
  const order = (decreasing: boolean) =>
    p
      .map((v, i) => [v, i] as const)
      .sort((x, y) => (decreasing ? y[0] - x[0] : x[0] - y[0]) || x[1] - y[1])
      .map((x) => x[1]);
  const out = new Array<number>(lp);
  if (method === 'holm') {
    const o = order(false);
    let cm = -Infinity;
    o.forEach((idx, i) => {
      cm = Math.max(cm, (n - i) * p[idx]!);
      out[idx] = Math.min(1, cm);
    });
    return out;
  }
  const o = order(true);
  let cm = Infinity;
  const q = method === 'BY' ? Array.from({ length: n }, (_, i) => 1 / (i + 1)).reduce((s, v) => s + v, 0) : 1;
  o.forEach((idx, j) => {
    const i = lp - j; // i = lp, lp-1, ..., 1
    const v = method === 'hochberg' ? (n - i + 1) * p[idx]! : (q * n * p[idx]!) / i;
    cm = Math.min(cm, v);
    out[idx] = Math.min(1, cm);
  });
  return out;
}

/** emmeans' `.pdunnx`: approximate P(max |T_i| <= x) for k comparisons with a control. */
export function pDunnettx(x: number, k: number, df: number): number {
  const twt = (k - 1) / k;
  const tukey = ptukey(Math.SQRT2 * x, (1 + Math.sqrt(1 + 8 * k)) / 2, df);
  const sidak = Math.pow(pf(x * x, 1, df), k);
  return twt * tukey + (1 - twt) * sidak;
}

/** emmeans' `.qdunnx`: the quantile of {@link pDunnettx}, by root finding with tolerance 5e-4 (as emmeans). */
export function qDunnettx(p: number, k: number, df: number): number {
  if (k < 1.005) return qt(1 - 0.5 * (1 - p), df);
  const xtuk = qtukey(p, (1 + Math.sqrt(1 + 8 * k)) / 2, df) / Math.SQRT2;
  const xsid = qt((1 + Math.pow(p, 1 / k)) / 2, df); // sqrt(qf(p^(1/k), 1, df))
  if (Math.abs(xsid - xtuk) < 5e-4) return xtuk;
  try {
    return uniroot((x) => pDunnettx(x, k, df) - p, xtuk, xsid, 5e-4).root;
  } catch {
    return xtuk;
  }
}

/**
 * Adjusted two-sided p values for the t ratios of a family of contrasts.
 * @example adjustPValues([2.7, -1.7, 0.5], [280, 280, 280], 'holm', { size: 3, nContrasts: 3, pairwise: true })
 */
export function adjustPValues(t: readonly number[], df: readonly number[], method: AdjustMethod, family: ContrastFamily): AdjustedPValues {
  const eff = effectiveMethod(checkAdjust(method), family);
  const m = eff.method;
  const dfs = df.map((d) => (Number.isNaN(d) ? Infinity : d));
  const unadj = t.map((v, i) => pTwoSidedT(v, dfs[i]!));
  let p: number[];
  if ((P_ADJUST as readonly string[]).includes(m)) {
    p = pAdjust(unadj, m === 'fdr' ? 'BH' : m, family.nContrasts);
  } else if (m === 'sidak') {
    p = unadj.map((v) => 1 - Math.pow(1 - v, family.nContrasts));
  } else if (m === 'tukey') {
    const zdf = zapsmall(dfs);
    p = t.map((v, i) => 1 - ptukey(Math.SQRT2 * Math.abs(v), family.size, zdf[i]!));
  } else {
    p = t.map((v, i) => 1 - pDunnettx(Math.abs(v), family.nContrasts, dfs[i]!));
  }
  const label = m === 'fdr' ? 'fdr' : m;
  const message = showsMessage(m, family.size)
    ? `P value adjustment: ${label} method ${m === 'tukey' ? `for comparing a family of ${family.size} estimates` : `for ${family.nContrasts} tests`}`
    : undefined;
  return { p, method: m, message, note: eff.note };
}

/**
 * Critical values c so that estimate +- c SE are (simultaneous) intervals at `level`.
 * p.adjust methods without an interval counterpart (holm, hochberg, BH, BY) give Bonferroni intervals.
 */
export function criticalValues(level: number, df: readonly number[], method: AdjustMethod, family: ContrastFamily): CriticalValues {
  const eff = effectiveMethod(checkAdjust(method), family);
  let m: AdjustMethod = eff.method;
  if (m === 'holm' || m === 'hochberg' || m === 'BH' || m === 'fdr' || m === 'BY') m = 'bonferroni';
  const n = family.nContrasts;
  const dfs = df.map((d) => (Number.isNaN(d) ? Infinity : d));
  const cv = dfs.map((d) => {
    switch (m) {
      case 'none':
        return -qt((1 - level) / 2, d);
      case 'sidak':
        return -qt((1 - Math.pow(level, 1 / n)) / 2, d);
      case 'bonferroni':
        return -qt((1 - level) / n / 2, d);
      case 'tukey':
        return qtukey(level, family.size, d) / Math.SQRT2;
      default:
        return qDunnettx(level, n, d);
    }
  });
  const message = showsMessage(m, family.size)
    ? `Conf-level adjustment: ${m} method ${m === 'tukey' ? `for comparing a family of ${family.size} estimates` : `for ${n} estimates`}`
    : undefined;
  return { cv, method: m, message, note: eff.note };
}
