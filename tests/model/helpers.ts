/**
 * Helpers of the mixed-model tests: the R reference values (tests/reference/lmm/*.json, written by
 * tests/reference/R/lmm.R) and their data (tests/reference/datasets/*.csv, or the Lee et al. 2024 table
 * rebuilt with loadLee2024Ratings).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import { loadLee2024Ratings } from '../../src/studies/lee2024/data';
import { ensureLee2024 } from '../../src/studies/lee2024/index';
import { fromRoot } from '../../src/util/paths';

export const LMM_REFERENCE_DIR = fromRoot('tests', 'reference', 'lmm');

/**
 * Reads a reference CSV as R wrote it: quoted fields are text (identifiers such as "308" stay strings),
 * unquoted fields are numbers.
 */
export function readReferenceCsv(path: string): Record<string, unknown>[] {
  const text = readFileSync(fromRoot(path), 'utf8');
  return parse(text, {
    columns: true,
    cast: (value: string, ctx: { header: boolean; quoting: boolean }) => (ctx.header || ctx.quoting ? value : value === '' ? null : Number(value)),
  }) as Record<string, unknown>[];
}

/** Loose shape of one reference JSON (see tests/reference/README.md). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Reference = any;

export function loadReference(name: string): Reference {
  return JSON.parse(readFileSync(join(LMM_REFERENCE_DIR, `${name}.json`), 'utf8'));
}

/** Names of the reference cases, by kind. */
export function referenceCases(kind: 'csv' | 'lee2024' | 'anova'): string[] {
  if (!existsSync(LMM_REFERENCE_DIR)) return [];
  return readdirSync(LMM_REFERENCE_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .filter((name) => {
      if (kind === 'anova') return name.startsWith('anova_');
      if (name.startsWith('anova_')) return false;
      const ref = loadReference(name);
      return kind === 'csv' ? ref.data?.csv !== undefined : ref.data?.lee2024 !== undefined;
    })
    .sort();
}

/** Reference levels of the case's fixed-effect factors, e.g. { source: 'human' }. */
export function referenceLevels(ref: Reference): Record<string, string> {
  return Object.fromEntries(Object.entries(ref.factors ?? {}).map(([k, v]) => [k, (v as { reference: string }).reference]));
}

/** One row of a Lee et al. (2024) model table, with the keys lmm.R uses to identify rows. */
export type LeeRow = {
  rating: number;
  source: string;
  post: string;
  rater: string;
  study: string;
  key: string;
};

const recordCache = new Map<number, ReturnType<typeof loadLee2024Ratings>['records']>();

/** The tidy ratings of one study (loaded once per test file). */
function leeRecords(study: 1 | 2): ReturnType<typeof loadLee2024Ratings>['records'] {
  let r = recordCache.get(study);
  if (!r) {
    r = loadLee2024Ratings({ study }).records;
    recordCache.set(study, r);
  }
  return r;
}

/** Makes sure the released files are in the cache (copies them from ../shared/data/lee2024 when needed). */
export async function ensureLeeData(): Promise<void> {
  await ensureLee2024({ log: () => undefined });
}

/**
 * The table a Lee et al. (2024) reference case was fitted to, rebuilt from loadLee2024Ratings with the
 * labels lmm.R uses: post "7"; rater = SubjectNum ("17", paper coding) or "<group>-<SubjectNum>" ("2-17",
 * unique coding) in Study 1, SubjectNum in Study 2; cross-study: Study 2 posts and raters + offset.
 */
export function leeTable(spec: Reference): LeeRow[] {
  const studies: number[] = Array.isArray(spec.study) ? spec.study : [spec.study];
  const offset: number = spec.study2_offset ?? 0;
  const out: LeeRow[] = [];
  for (const study of studies) {
    const records = leeRecords(study as 1 | 2);
    for (const r of records) {
      if (r.measure !== spec.measure) continue;
      if (spec.source !== undefined && r.source !== spec.source) continue;
      const cross = Array.isArray(spec.study);
      const post = cross && study === 2 ? String(r.post + offset) : String(r.post);
      let rater: string;
      if (study === 2) rater = cross ? String(Number(r.rater_raw) + offset) : r.rater_raw;
      else rater = spec.rater_coding === 'paper' ? r.rater_raw : `${r.group}-${r.rater_raw}`;
      const key = cross ? `${study}|${post}|${rater}` : `${post}|${r.source}|${r.group}|${r.rater_raw}`;
      out.push({ rating: r.rating, source: r.source, post, rater, study: String(study), key });
    }
  }
  return out;
}

/** Key of a fitted_head row of a Lee case (matches LeeRow.key). */
export function leeKey(k: Record<string, string>, cross: boolean): string {
  return cross ? `${k.study}|${k.post}|${k.rater}` : `${k.post}|${k.source}|${k.group}|${k.subject}`;
}

/** |actual - expected| <= tol * max(|expected|, floor). */
export function expectRel(actual: number, expected: number, tol: number, label: string, floor = 0): void {
  const scale = Math.max(Math.abs(expected), floor);
  const err = Math.abs(actual - expected);
  if (!(err <= tol * scale) && !(scale === 0 && err === 0)) {
    expect.fail(`${label}: ${actual} vs R ${expected} (relative error ${(err / (scale || 1)).toExponential(2)} > ${tol})`);
  }
}

/** |actual - expected| <= tol. */
export function expectAbs(actual: number, expected: number, tol: number, label: string): void {
  if (!(Math.abs(actual - expected) <= tol)) expect.fail(`${label}: ${actual} vs R ${expected} (difference ${(actual - expected).toExponential(2)} > ${tol})`);
}

/**
 * Textbook column Cholesky (Golub & Van Loan, Algorithm 4.2.1) of the lower triangle of the m x m
 * row-major A: the independent reference for the project's blocked and SIMD factorisations.
 */
export function textbookCholesky(A: Float64Array, m: number): Float64Array {
  const L = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    let d = A[j * m + j]!;
    for (let k = 0; k < j; k++) d -= L[j * m + k]! ** 2;
    if (!(d > 0)) throw new Error('not positive definite');
    L[j * m + j] = Math.sqrt(d);
    for (let i = j + 1; i < m; i++) {
      let s = A[i * m + j]!;
      for (let k = 0; k < j; k++) s -= L[i * m + k]! * L[j * m + k]!;
      L[i * m + j] = s / L[j * m + j]!;
    }
  }
  return L;
}
