/**
 * Standardized effect sizes for contrasts of a linear mixed model:
 *   d = contrast / sqrt(sum of the variance components),
 * the variance components being those VarCorr reports (every random-effect variance and the residual
 * variance; choose a subset with `components`). For a rating study with (1|post:rater) + (1|post) +
 * (1|rater), d is the contrast in units of the total SD of a single rating around the fixed effects.
 *
 * Interval: parametric bootstrap percentile interval (refits on responses simulated from the fit; seeded,
 * `replicates` and `seed` options, same seed -> same numbers). With random slopes the slope variances depend
 * on the covariate's scale; pass `components` to choose what the denominator means.
 */
import type { LmmFit } from '../model/index';
import { parametricBootstrap, percentileInterval } from './bootstrap';
import { contrast, type ContrastMethod } from './contrasts';
import { emmeans } from './emmeans';
import { formatColumn, optDigits, renderHtmlTable, renderTextTable, zapsmall, type TableColumn } from '../format/index';
import { levelText } from './table';

/** A variance component of the denominator. */
export interface VarianceComponent {
  /** Group as VarCorr names it ("post:rater", "Residual"). */
  group: string;
  /** Term ("(Intercept)"; null for the residual). */
  term: string | null;
  variance: number;
}

/**
 * The variance components of a fit (VarCorr's variances), optionally only some of them: `components`
 * lists group names ("rater", "Residual") or "group.term" names ("g.x").
 */
export function varianceComponents(fit: LmmFit, components?: readonly string[]): VarianceComponent[] {
  const all = fit.varcorr().sd.map((r) => ({ group: r.group, term: r.term, variance: r.variance }));
  if (!components) return all;
  const chosen = all.filter((c) => components.includes(c.group) || (c.term !== null && components.includes(`${c.group}.${c.term}`)));
  for (const name of components) {
    if (!all.some((c) => c.group === name || (c.term !== null && `${c.group}.${c.term}` === name))) {
      throw new Error(`unknown variance component '${name}' (the model has ${all.map((c) => (c.term && c.term !== '(Intercept)' ? `${c.group}.${c.term}` : c.group)).join(', ')})`);
    }
  }
  return chosen;
}

/** Sum of the chosen variance components. */
export function totalVariance(fit: LmmFit, components?: readonly string[]): number {
  return varianceComponents(fit, components).reduce((s, c) => s + c.variance, 0);
}

/** Options of {@link effectSizes}. */
export interface EffectSizeOptions {
  /** Contrasts of the marginal means (default "pairwise"). */
  method?: ContrastMethod;
  /** Reference level for trt.vs.ctrl. */
  ref?: string | number;
  /** Variance components in the denominator (default all, residual included). */
  components?: readonly string[];
  /** Bootstrap replicates for the interval (default 1000; 0 = no interval). */
  replicates?: number;
  /** Seed of the bootstrap (default 1). */
  seed?: number;
  /** Confidence level (default 0.95). */
  level?: number;
  /** Progress callback (done, total), e.g. a terminal bar; none by default. */
  onProgress?: (done: number, total: number) => void;
}

/** One standardized contrast. */
export interface EffectSizeRow {
  contrast: string;
  /** The contrast on the response scale. */
  estimate: number;
  /** Standardized difference d = estimate / sqrt(total variance). */
  d: number;
  /** Bootstrap percentile interval of d (NaN without bootstrap). */
  lower: number;
  upper: number;
  /** SD of d over the bootstrap replicates. */
  bootSE: number;
}

/** Standardized contrasts; prints itself (text and HTML). */
export class EffectSizeTable {
  readonly rows: EffectSizeRow[];
  readonly specs: string[];
  /** The denominator's components and total. */
  readonly denominator: { components: VarianceComponent[]; variance: number; sd: number };
  readonly replicates: number;
  readonly seed: number;
  readonly level: number;
  /** Refits that failed in the bootstrap. */
  readonly failures: number;
  /** Per contrast, d in each bootstrap replicate. */
  readonly replicatesD: Float64Array[];

  constructor(init: {
    rows: EffectSizeRow[];
    specs: string[];
    denominator: { components: VarianceComponent[]; variance: number; sd: number };
    replicates: number;
    seed: number;
    level: number;
    failures: number;
    replicatesD: Float64Array[];
  }) {
    this.rows = init.rows;
    this.specs = init.specs;
    this.denominator = init.denominator;
    this.replicates = init.replicates;
    this.seed = init.seed;
    this.level = init.level;
    this.failures = init.failures;
    this.replicatesD = init.replicatesD;
  }

  /** Footnotes. */
  get messages(): string[] {
    const comps = this.denominator.components.map((c) => (c.term && c.term !== '(Intercept)' ? `${c.group}.${c.term}` : c.group)).join(' + ');
    const v = formatColumn([this.denominator.variance, this.denominator.sd], 4);
    const out = [`d = contrast / sqrt(${comps}) = contrast / sqrt(${v[0]}) (SD ${v[1]})`];
    if (this.replicates > 0) {
      out.push(`Confidence level used: ${levelText(this.level)} (parametric bootstrap percentile interval, ${this.replicates} replicates, seed ${this.seed})`);
      if (this.failures > 0) out.push(`${this.failures} of ${this.replicates} bootstrap refits failed and were left out`);
    }
    return out;
  }

  private columns(): TableColumn[] {
    let digits = 3;
    for (const r of this.rows) if (Number.isFinite(r.bootSE)) digits = Math.max(digits, optDigits(r.d, r.bootSE));
    const num = (xs: number[]) => formatColumn(zapsmall(xs), digits);
    const cols: TableColumn[] = [
      { header: 'contrast', cells: this.rows.map((r) => r.contrast), align: 'left' },
      { header: 'estimate', cells: num(this.rows.map((r) => r.estimate)), align: 'right' },
      { header: 'd', cells: num(this.rows.map((r) => r.d)), align: 'right' },
    ];
    if (this.replicates > 0) {
      cols.push(
        { header: 'boot.SE', cells: num(this.rows.map((r) => r.bootSE)), align: 'right' },
        { header: 'lower.CL', cells: num(this.rows.map((r) => r.lower)), align: 'right' },
        { header: 'upper.CL', cells: num(this.rows.map((r) => r.upper)), align: 'right' },
      );
    }
    return cols;
  }

  toString(): string {
    return renderTextTable(this.columns(), this.messages);
  }

  toHTML(): string {
    return renderHtmlTable(this.columns(), this.messages);
  }

  toJSON() {
    return { specs: this.specs, rows: this.rows.map((r) => ({ ...r })), denominator: this.denominator, replicates: this.replicates, seed: this.seed, level: this.level, failures: this.failures, messages: this.messages };
  }
}

function sd(xs: Float64Array): number {
  const v = Array.from(xs).filter((x) => !Number.isNaN(x));
  if (v.length < 2) return NaN;
  const m = v.reduce((s, x) => s + x, 0) / v.length;
  return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1));
}

/**
 * Standardized differences of the marginal means of `specs`, with bootstrap intervals.
 * @example
 *   const es = effectSizes(fit, 'source', { method: 'trt.vs.ctrl', replicates: 500, seed: 2024 });
 *   console.log(es.toString());
 */
export function effectSizes(fit: LmmFit, specs: string | readonly string[], options: EffectSizeOptions = {}): EffectSizeTable {
  const level = options.level ?? 0.95;
  const replicates = options.replicates ?? 1000;
  const seed = options.seed ?? 1;
  // Only estimates are needed here: no df computation.
  const emm = emmeans(fit, specs, { df: 'asymptotic', level });
  const table = contrast(emm, options.method ?? 'pairwise', { ref: options.ref, adjust: 'none', level });
  const Ls = table.L;
  const comps = varianceComponents(fit, options.components);
  const variance = comps.reduce((s, c) => s + c.variance, 0);
  const statistic = (f: LmmFit): number[] => {
    const tv = totalVariance(f, options.components);
    return Ls.map((L) => L.reduce((s, v, j) => s + v * f.beta[j]!, 0) / Math.sqrt(tv));
  };
  const d0 = statistic(fit);
  let reps: Float64Array[] = Ls.map(() => new Float64Array(0));
  let failures = 0;
  if (replicates > 0) {
    const boot = parametricBootstrap(fit, statistic, { replicates, seed, onProgress: options.onProgress });
    reps = boot.t;
    failures = boot.failures;
  }
  // A contrast that is not estimable (rank-deficient model) has no effect size (nonEst): NaN, null in JSON.
  const rows: EffectSizeRow[] = table.rows.map((r, i) => {
    if (!r.estimable) return { contrast: r.contrast, estimate: NaN, d: NaN, lower: NaN, upper: NaN, bootSE: NaN };
    const [lower, upper] = replicates > 0 ? percentileInterval(reps[i]!, level) : [NaN, NaN];
    return { contrast: r.contrast, estimate: r.estimate, d: d0[i]!, lower, upper, bootSE: replicates > 0 ? sd(reps[i]!) : NaN };
  });
  return new EffectSizeTable({
    rows,
    specs: emm.specs,
    denominator: { components: comps, variance, sd: Math.sqrt(variance) },
    replicates,
    seed,
    level,
    failures,
    replicatesD: reps,
  });
}
