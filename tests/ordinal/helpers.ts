/**
 * Shared helpers of the CLMM tests: read a reference case (tests/reference/clmm/<case>.json, schema in
 * tests/reference/README.md), rebuild its data (CSV fixture or the Lee et al. 2024 cache), and compare fits.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import { loadLee2024Ratings } from '../../src/studies/lee2024/data';
import { LaplaceObjective, type ClmmDesign } from '../../src/ordinal/index';
import { hessianFromGradient } from '../../src/ordinal/optimize';
import { fromRoot } from '../../src/util/paths';

export interface CoefRef {
  term: string;
  estimate: number;
  se: number;
  z: number;
  p: number;
}

export interface ClmmReference {
  case: string;
  formula: string;
  data: { csv?: string; lee2024?: { study: 1 | 2; measure: string; rater_coding: 'paper' | 'unique' } };
  nAGQ: number;
  factors: Record<string, { levels: string[]; reference: string }>;
  nobs: number;
  ngrps: Record<string, number>;
  thresholds: CoefRef[];
  coefficients: CoefRef[];
  random_sd: { group: string; term: string; sd: number }[];
  vcov: { terms: string[]; matrix: number[][] };
  logLik: number;
  df: number;
  AIC: number;
  BIC: number;
  max_grad: number;
  predicted_probabilities_at_zero: { level: Record<string, string>; eta: number; probs: number[] }[];
  ranef: { group: string; levels: string[]; mode: number[]; condvar: number[] }[];
  default_control: { logLik: number };
}

export interface ExtraReference {
  case: string;
  random_groups: string[];
  points: { label: string; par: number[]; value: number }[];
  hessian: { step: number; par: number[]; matrix: number[][] };
}

export function referencePath(name: string): string {
  return fromRoot('tests', 'reference', 'clmm', `${name}.json`);
}

export function hasReference(name: string): boolean {
  return existsSync(referencePath(name));
}

export function readReference(name: string): ClmmReference {
  return JSON.parse(readFileSync(referencePath(name), 'utf8')) as ClmmReference;
}

export function readExtra(name: string): ExtraReference {
  return JSON.parse(readFileSync(referencePath(`extra_${name}`), 'utf8')) as ExtraReference;
}

/** The data rows of a reference case (identifier columns as strings, as the README asks). */
export function referenceRows(ref: Pick<ClmmReference, 'data'>): Record<string, unknown>[] {
  if (ref.data.csv) return parse(readFileSync(fromRoot(ref.data.csv)), { columns: true }) as Record<string, string>[];
  const L = ref.data.lee2024!;
  const recs = loadLee2024Ratings({ study: L.study }).records.filter((r) => r.measure === L.measure);
  // Paper coding: Study 1 raters are SubjectNum as in the files (colliding across the two groups).
  return recs.map((r) => ({ ...r, rater: L.rater_coding === 'paper' ? r.rater_raw : r.rater }));
}

/** Reference levels of the case's factors (e.g. { source: 'human' }). */
export function referenceLevels(ref: ClmmReference): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [f, v] of Object.entries(ref.factors)) out[f] = v.reference;
  return out;
}

/** |a - b| / |b|. */
export function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

/**
 * Hessian in clmm's multi-term parametrization (random-effect SDs) from ours (log SDs): with tau = log sd,
 * d2f/dsd2 = (d2f/dtau2 - df/dtau) / sd^2, d2f/dsd dx = d2f/dtau dx / sd, d2f/dsd_s dsd_t = d2f/dtau_s dtau_t / (sd_s sd_t).
 */
export function hessianToSdScale(H: Float64Array, g: ArrayLike<number>, psi: ArrayLike<number>, nRandom: number): number[][] {
  const n = psi.length;
  const first = n - nRandom;
  const scale = Array.from({ length: n }, (_, i) => (i >= first ? 1 / Math.exp(psi[i]!) : 1));
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    out.push([]);
    for (let j = 0; j < n; j++) {
      let v = H[i * n + j]! * scale[i]! * scale[j]!;
      if (i === j && i >= first) v -= g[i]! * scale[i]! * scale[i]!;
      out[i]!.push(v);
    }
  }
  return out;
}

/**
 * Our Laplace objective against clmm's at the fixed parameters of an extra_<case>.json file (to 1e-12
 * relative), and our Hessian, moved to clmm's SD scale, against clmm's (entry (i, j) within
 * `hessianTol` x sqrt(R_ii R_jj)). clmm's parameters are SDs; ours are log SDs.
 */
export function checkLaplaceAgainstExtra(design: ClmmDesign, extra: ExtraReference, hessianTol: number): void {
  const obj = new LaplaceObjective(design);
  const nr = extra.random_groups.length;
  const toPsi = (par: number[]) => par.map((v, i) => (i >= par.length - nr ? Math.log(v) : v));
  for (const pt of extra.points) expect(relErr(obj.evaluate(toPsi(pt.par)).value, pt.value)).toBeLessThan(1e-12);
  const psi = Float64Array.from(toPsi(extra.hessian.par));
  const g = obj.evaluate(psi, true).gradient!;
  const H = hessianToSdScale(hessianFromGradient((x) => obj.evaluate(x, true).gradient!, psi), g, psi, nr);
  const R = extra.hessian.matrix;
  for (let i = 0; i < R.length; i++) for (let j = 0; j < R.length; j++) {
    expect(Math.abs(H[i]![j]! - R[i]![j]!)).toBeLessThan(hessianTol * Math.sqrt(R[i]![i]! * R[j]![j]!));
  }
}
