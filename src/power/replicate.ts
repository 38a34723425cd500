/**
 * One replicate of a power simulation: simulate a data set for a given number of raters, refit the
 * analysis model and test the contrast of interest. A runner caches, per number of raters, the table, the
 * model design and its blocked structure (one system per design, switched to each replicate's response in
 * place), so each replicate only simulates, refits and tests.
 *
 * Deterministic by construction: the replicate's random numbers come from its own seed (seeds.ts), and the
 * refit starts from fixed values (the scenario's true variance parameters for the LMM, the true parameters
 * for the CLMM), never from an earlier replicate's estimates.
 */
import { BlockedSystem } from '../model/blocked';
import { buildDesign, type LmmDesign } from '../model/design';
import { fitDesign } from '../model/fit';
import { marginalGrid, referenceGrid } from '../inference/refgrid';
import { buildClmmDesign, type ClmmDesign } from '../ordinal/design';
import { fitClmmDesign } from '../ordinal/fit';
import { latentLinearFunctions } from '../ordinal/contrasts';
import { pnorm } from '../stats/distributions';
import { createRng } from '../stats/random';
import { checkLayout, ratingTable, tableRows, type RatingTable, type StudyLayout } from './design';
import { simulateRatings, type Scenario } from './scenario';
import { replicateSeed } from './seeds';

/** Everything a replicate needs (plain data: it is sent to worker threads). */
export interface PowerSpec {
  scenario: Scenario;
  layout: StudyLayout;
  /** Analysis model: "lmm" (Satterthwaite t test, as lmerTest) or "clmm" (Wald z on the latent scale). */
  analysis: 'lmm' | 'clmm';
  /** Analysis formula over the columns rating, <factor>, rater, post. */
  formula: string;
  /** The two conditions compared: the test is of contrast[0] - contrast[1]. */
  contrast: [string, string];
  /** Significance level. */
  alpha: number;
  /** Master seed. */
  seed: number;
}

/** Outcome of one replicate. */
export interface ReplicateResult {
  raters: number;
  replicate: number;
  /** False when the fit failed (error says why); such replicates are left out of the power estimate. */
  ok: boolean;
  estimate: number;
  se: number;
  /** t (LMM) or z (CLMM). */
  statistic: number;
  /** Satterthwaite df (LMM) or Infinity (CLMM). */
  df: number;
  p: number;
  significant: boolean;
  error?: string;
}

interface Prepared {
  table: RatingTable;
  lmm?: { design: LmmDesign; system: BlockedSystem; L: Float64Array; start: number[] };
  clmm?: { design: ClmmDesign; L: Float64Array; start: number[] };
}

/** The scenario's SD for an analysis-model group ("rater", "post", "post:rater", "post:<factor>"). */
function roleSd(s: Scenario, group: string, factor: string): number | undefined {
  const role = group === `post:${factor}` ? 'post:condition' : group;
  return (s.sd as Record<string, number | undefined>)[role];
}

/** Checks a spec (clear errors before any simulation starts). */
export function checkSpec(spec: PowerSpec): void {
  checkLayout(spec.layout);
  const [a, b] = spec.contrast;
  for (const c of [a, b]) if (!spec.layout.conditions.includes(c)) throw new Error(`contrast: '${c}' is not one of the conditions (${spec.layout.conditions.join(', ')})`);
  if (a === b) throw new Error('contrast: the two conditions must differ');
  if (spec.analysis === 'clmm' && spec.scenario.kind !== 'clmm') throw new Error('a CLMM analysis needs ordinal data: use a CLMM scenario (clmmScenario) to simulate from');
  if (spec.analysis !== 'lmm' && spec.analysis !== 'clmm') throw new Error(`analysis must be 'lmm' or 'clmm' (got ${String(spec.analysis)})`);
  if (!(spec.alpha > 0 && spec.alpha < 1)) throw new Error(`alpha must be in (0, 1) (got ${spec.alpha})`);
}

/** Runs replicates; caches the per-design structures. */
export class ReplicateRunner {
  readonly spec: PowerSpec;
  private readonly cache = new Map<number, Prepared>();

  constructor(spec: PowerSpec) {
    checkSpec(spec);
    this.spec = spec;
  }

  private prepare(raters: number): Prepared {
    const hit = this.cache.get(raters);
    if (hit) return hit;
    const { layout, scenario, formula } = this.spec;
    const factor = layout.factor ?? 'source';
    const table = ratingTable(layout, raters);
    // A placeholder response that uses every category (the designs do not depend on it).
    const J = scenario.kind === 'clmm' ? scenario.thresholds.length + 1 : 5;
    const cats = scenario.kind === 'clmm' && scenario.categories ? scenario.categories : Array.from({ length: J }, (_, j) => j + 1);
    const placeholder = Float64Array.from({ length: table.n }, (_, i) => cats[i % cats.length]!);
    const rows = tableRows(layout, table, placeholder);
    const reference = { [factor]: layout.conditions[0]! };
    const prepared: Prepared = { table };
    const [a, b] = this.spec.contrast;
    if (this.spec.analysis === 'lmm') {
      const design = buildDesign(formula, rows, { reference });
      const mg = marginalGrid(referenceGrid(design), [factor]);
      const La = mg.linfct[mg.levels.findIndex((l) => l[factor] === a)]!;
      const Lb = mg.linfct[mg.levels.findIndex((l) => l[factor] === b)]!;
      const L = Float64Array.from(La, (v, k) => v - Lb[k]!);
      // Start at the true relative SDs (sd / sigma) where the scenario has them.
      const sigma = scenario.kind === 'lmm' ? scenario.sigma : Math.PI / Math.sqrt(3);
      const start = design.reterms.map((t) => {
        const sd = roleSd(scenario, t.group, factor);
        return sd !== undefined && sd > 0 ? sd / sigma : 1;
      });
      prepared.lmm = { design, system: new BlockedSystem(design), L, start };
    } else {
      const design = buildClmmDesign(formula, rows, { reference, levels: cats });
      const means = latentLinearFunctions(design, factor);
      const La = means.find((m) => m.level === a)!.L;
      const Lb = means.find((m) => m.level === b)!.L;
      const L = Float64Array.from(La, (v, k) => v - Lb[k]!);
      const s = scenario as Extract<Scenario, { kind: 'clmm' }>;
      // True parameters: thresholds shifted by the reference condition's effect, coefficients relative to it.
      const ref = s.effects[layout.conditions[0]!]!;
      const beta = design.fixefNames.map((name) => {
        const level = name.startsWith(factor) ? name.slice(factor.length) : '';
        return level in s.effects ? s.effects[level]! - ref : 0;
      });
      const logSd = design.reterms.map((t) => Math.log(Math.max(roleSd(s, t.group, factor) ?? 1, 0.05)));
      prepared.clmm = { design, L, start: [...s.thresholds.map((t) => t - ref), ...beta, ...logSd] };
    }
    this.cache.set(raters, prepared);
    return prepared;
  }

  /** Number of observations of a design with `raters` raters. */
  nobs(raters: number): number {
    return this.prepare(raters).table.n;
  }

  /** Simulated ratings of one replicate (for inspection and tests). */
  simulate(raters: number, replicate: number): Float64Array {
    const { table } = this.prepare(raters);
    const rng = createRng(replicateSeed(this.spec.seed, raters, replicate));
    return simulateRatings(this.spec.scenario, this.spec.layout.conditions, this.spec.layout.posts, table, rng);
  }

  /** Simulates replicate `replicate` of the design with `raters` raters, refits and tests. */
  run(raters: number, replicate: number): ReplicateResult {
    const prep = this.prepare(raters);
    const y = this.simulate(raters, replicate);
    const alpha = this.spec.alpha;
    try {
      if (prep.lmm) {
        const { design, system, L, start } = prep.lmm;
        const d: LmmDesign = { ...design, y };
        // The design's one system, switched to this response in place (no copy of the dense tail per replicate).
        system.resetResponse(d);
        const fit = fitDesign(d, { reml: true, start, derivatives: false }, system);
        const t = fit.contrast(L);
        return { raters, replicate, ok: Number.isFinite(t.p), estimate: t.estimate, se: t.se, statistic: t.t, df: t.df, p: t.p, significant: t.p < alpha };
      }
      const { design, L, start } = prep.clmm!;
      const yc = new Int32Array(design.n);
      const index = new Map(design.responseLevels.map((l, j) => [Number(l), j] as const));
      const counts = new Array<number>(design.nCat).fill(0);
      for (let i = 0; i < design.n; i++) {
        const j = index.get(y[design.rows[i]!]!)!;
        yc[i] = j;
        counts[j]++;
      }
      const empty = counts.findIndex((c) => c === 0);
      if (empty >= 0) throw new Error(`no rating in category ${design.responseLevels[empty]}: its threshold is not identified`);
      const fit = fitClmmDesign({ ...design, y: yc }, { start });
      const c = fit.linearCombination(L);
      const z = c.estimate / c.se;
      const p = 2 * pnorm(-Math.abs(z));
      return { raters, replicate, ok: Number.isFinite(p) && fit.converged, estimate: c.estimate, se: c.se, statistic: z, df: Infinity, p, significant: p < alpha, ...(fit.converged ? {} : { error: fit.warnings.join('; ') }) };
    } catch (e) {
      return { raters, replicate, ok: false, estimate: NaN, se: NaN, statistic: NaN, df: NaN, p: NaN, significant: false, error: e instanceof Error ? e.message : String(e) };
    }
  }
}
