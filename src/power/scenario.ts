/**
 * What a power simulation draws data from: the true condition effects and variance components, either
 * stated directly or taken from a fitted model (simr's approach: the fitted model, with the effect of
 * interest set to the size one wants to detect).
 *
 * - LMM scenario (Gaussian ratings, as lme4's simulate and simr): y = mean[condition] + b_rater + b_post
 *   + b_post:rater + e, each b ~ N(0, sd^2), e ~ N(0, sigma^2).
 * - CLMM scenario (ordinal ratings 1..J, as ordinal's model): latent eta = effect[condition] + b's;
 *   P(Y <= j) = plogis(theta_j - eta), drawn by inverting the cumulative probabilities with a uniform.
 *
 * Random-effect SDs are keyed by role: "rater", "post", "post:rater" and "post:condition" (any may be absent = 0;
 * in a fitted model "post:condition" is the group post:<factor>, e.g. "post:source").
 */
import type { LmmFit } from '../model/fit';
import { marginalGrid, referenceGrid } from '../inference/refgrid';
import type { ClmmFit } from '../ordinal/fit';
import { latentMeans } from '../ordinal/contrasts';
import { marginalCategoryProbabilities, expectedCategory } from '../ordinal/predict';
import { plogis } from '../ordinal/link';
import { uniroot } from '../inference/rootFinding';
import type { Rng } from '../stats/random';
import type { RatingTable } from './design';

/**
 * SDs of the random intercepts by role: raters, posts, post:rater cells, and post:condition (the condition
 * effects varying between posts, e.g. GPT-4 doing better on some posts than on others).
 */
export interface RandomSds {
  rater?: number;
  post?: number;
  'post:rater'?: number;
  'post:condition'?: number;
}

/** Gaussian ratings (LMM). */
export interface LmmScenario {
  kind: 'lmm';
  /** Mean rating per condition. */
  means: Record<string, number>;
  /** Random-intercept SDs (rating points). */
  sd: RandomSds;
  /** Residual SD. */
  sigma: number;
}

/** Ordinal ratings (CLMM, logit link). */
export interface ClmmScenario {
  kind: 'clmm';
  /** Thresholds theta_1 < ... < theta_{J-1}. */
  thresholds: number[];
  /** Latent effect per condition (linear predictor; any constant can be absorbed by the thresholds). */
  effects: Record<string, number>;
  /** Random-intercept SDs (latent logit scale). */
  sd: RandomSds;
  /** Category labels, lowest first (default 1..J): the simulated ratings are these numbers. */
  categories?: number[];
}

export type Scenario = LmmScenario | ClmmScenario;

const ROLES = ['rater', 'post', 'post:rater', 'post:condition'] as const;

function roleSds(groups: { group: string; sd: number }[], roles: Record<string, string> | undefined, factor: string): RandomSds {
  const out: RandomSds = {};
  const map = { rater: 'rater', post: 'post', 'post:rater': 'post:rater', 'post:condition': `post:${factor}`, ...(roles ?? {}) } as Record<string, string>;
  for (const role of ROLES) {
    const g = groups.find((x) => x.group === map[role]);
    if (g) out[role] = g.sd;
  }
  const used = new Set(ROLES.map((r) => map[r]));
  const other = groups.filter((g) => !used.has(g.group));
  if (other.length) throw new Error(`the model has random effects for ${other.map((g) => `'${g.group}'`).join(', ')}, which the simulated study does not have (roles: rater, post, post:rater, post:condition; map yours with options.roles)`);
  return out;
}

/** Options of {@link lmmScenario}. */
export interface LmmScenarioOptions {
  /** The condition factor (default "source"). */
  factor?: string;
  /** Replace condition means, e.g. { llama2: m.gpt4 - 0.1 } (rating points). */
  means?: Record<string, number>;
  /** Model group names for the roles, e.g. { rater: 'subject', post: 'item', 'post:rater': 'item:subject' } (default: rater, post, post:rater, post:<factor>). */
  roles?: Record<string, string>;
}

/**
 * The scenario of a fitted LMM: condition means (equal-weight marginal means), random-intercept SDs and
 * residual SD, with optional replaced means.
 * @example const s = lmmScenario(fit, { means: { llama2: 4.043 - 0.1 } });
 */
export function lmmScenario(fit: LmmFit, options: LmmScenarioOptions = {}): LmmScenario {
  const factor = options.factor ?? 'source';
  const mg = marginalGrid(referenceGrid(fit.design), [factor]);
  const means: Record<string, number> = {};
  mg.levels.forEach((lv, r) => {
    let m = 0;
    mg.linfct[r]!.forEach((v, k) => (m += v * fit.beta[k]!));
    means[lv[factor]!] = m;
  });
  for (const [k, v] of Object.entries(options.means ?? {})) {
    if (!(k in means)) throw new Error(`means: '${k}' is not a level of '${factor}' (levels: ${Object.keys(means).join(', ')})`);
    means[k] = v;
  }
  const vc = fit.varcorr().sd.filter((r) => r.group !== 'Residual');
  if (vc.some((r) => r.term !== '(Intercept)')) throw new Error('power simulation supports random intercepts only');
  return { kind: 'lmm', means, sd: roleSds(vc.map((r) => ({ group: r.group, sd: r.sd })), options.roles, factor), sigma: fit.sigma };
}

/** Options of {@link clmmScenario}. */
export interface ClmmScenarioOptions {
  factor?: string;
  /** Replace latent effects, e.g. { llama2: e.gpt4 - 0.2 }. */
  effects?: Record<string, number>;
  roles?: Record<string, string>;
}

/** The scenario of a fitted CLMM: thresholds, latent effects per condition, random-intercept SDs. */
export function clmmScenario(fit: ClmmFit, options: ClmmScenarioOptions = {}): ClmmScenario {
  const factor = options.factor ?? 'source';
  const effects: Record<string, number> = {};
  for (const m of latentMeans(fit, factor)) effects[m.level] = m.estimate;
  for (const [k, v] of Object.entries(options.effects ?? {})) {
    if (!(k in effects)) throw new Error(`effects: '${k}' is not a level of '${factor}' (levels: ${Object.keys(effects).join(', ')})`);
    effects[k] = v;
  }
  const categories = fit.responseLevels.map(Number);
  return {
    kind: 'clmm',
    thresholds: Array.from(fit.thresholds),
    effects,
    sd: roleSds(fit.randomSd().map((r) => ({ group: r.group, sd: r.sd })), options.roles, factor),
    ...(categories.every(Number.isFinite) ? { categories } : {}),
  };
}

/** Expected rating of a condition under a CLMM scenario, averaged over all its random effects (a new rater on a new post). */
export function clmmExpectedRating(s: ClmmScenario, condition: string): number {
  const eta = s.effects[condition];
  if (eta === undefined) throw new Error(`'${condition}' is not a condition of the scenario`);
  const sd = Math.sqrt((s.sd.rater ?? 0) ** 2 + (s.sd.post ?? 0) ** 2 + (s.sd['post:rater'] ?? 0) ** 2 + (s.sd['post:condition'] ?? 0) ** 2);
  const cats = (s.categories ?? s.thresholds.concat(0).map((_, j) => j + 1)).map(String);
  return expectedCategory(cats, marginalCategoryProbabilities(s.thresholds, eta, sd));
}

/**
 * The latent effect for `condition` that makes its expected rating differ from `reference`'s by `difference`
 * rating points (root finding), e.g. to pose "Llama-2 is rated 0.1 lower than GPT-4" in an ordinal scenario.
 */
export function clmmEffectForDifference(s: ClmmScenario, reference: string, condition: string, difference: number): number {
  const target = clmmExpectedRating(s, reference) + difference;
  const base = s.effects[reference]!;
  const f = (e: number) => clmmExpectedRating({ ...s, effects: { ...s.effects, [condition]: e } }, condition) - target;
  return uniroot(f, base - 10, base + 10, 1e-10).root;
}

function draw(n: number, sd: number | undefined, rng: Rng): Float64Array {
  const out = new Float64Array(n);
  if (sd && sd > 0) for (let i = 0; i < n; i++) out[i] = sd * rng.normal();
  return out;
}

/**
 * One simulated set of ratings for `table` (one number per row), from `rng`. Draw order (part of the
 * reproducibility contract): rater effects, post effects, post:rater effects, post:condition effects (post
 * major), then one residual (LMM) or one uniform (CLMM) per row. A role without an SD draws nothing.
 */
export function simulateRatings(s: Scenario, conditions: readonly string[], posts: number, table: RatingTable, rng: Rng): Float64Array {
  const K = conditions.length;
  const bR = draw(table.raters, s.sd.rater, rng);
  const bP = draw(posts, s.sd.post, rng);
  const bC = draw(table.cells, s.sd['post:rater'], rng);
  const bPC = draw(posts * K, s.sd['post:condition'], rng);
  const fixed = conditions.map((c) => {
    const v = s.kind === 'lmm' ? s.means[c] : s.effects[c];
    if (v === undefined) throw new Error(`the scenario has no ${s.kind === 'lmm' ? 'mean' : 'effect'} for condition '${c}'`);
    return v;
  });
  const y = new Float64Array(table.n);
  if (s.kind === 'lmm') {
    for (let i = 0; i < table.n; i++) {
      const c = table.condition[i]!;
      y[i] = fixed[c]! + bR[table.rater[i]!]! + bP[table.post[i]!]! + bC[table.cell[i]!]! + bPC[table.post[i]! * K + c]! + s.sigma * rng.normal();
    }
    return y;
  }
  const th = s.thresholds;
  const cats = s.categories ?? th.concat(0).map((_, j) => j + 1);
  for (let i = 0; i < table.n; i++) {
    const c = table.condition[i]!;
    const eta = fixed[c]! + bR[table.rater[i]!]! + bP[table.post[i]!]! + bC[table.cell[i]!]! + bPC[table.post[i]! * K + c]!;
    const u = rng.uniform();
    let j = 0;
    while (j < th.length && u > plogis(th[j]! - eta)) j++;
    y[i] = cats[j]!;
  }
  return y;
}
