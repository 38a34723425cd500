/**
 * results.json of a rating study (build/studies/NAME/results.json), a public contract: scripts read it.
 *
 * {"name", "data": {"file", "sha256", "rows_in", "rows_kept", "dropped"}, "design": {"formula", "structure"},
 *  "fit": (exactly `fit --json`'s object), "emmeans": [{"level", "emmean", "se", "df", "lower", "upper"}],
 *  "df_method", "contrasts": [{"contrast", "estimate", "se", "df", "t", "p", "lower", "upper"}] (Tukey),
 *  "effect_sizes": [{"contrast", "d", "lower", "upper"}], "agreement": {"icc_single", "icc_average",
 *  "alpha_interval", "alpha_ordinal", each {"estimate", "lower", "upper"}}, "clmm": (the CLMM fit's JSON),
 *  "warnings": [...]}
 * Numbers that do not exist (a mean that is not estimable) are null.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { agreementHeadline, type RaterAgreement } from '../agreement/index';
import type { EffectSizeTable } from '../inference/index';
import type { LmmFit, LmmFitJson } from '../model/index';
import type { ClmmFitJson, RobustnessResult } from '../ordinal/index';
import type { StudyMeans } from './analysis';
import type { StudyDesign } from './design';
import type { RatingStudy } from './load';

type Est = { estimate: number; lower: number; upper: number };

/** The results.json object (see the module doc). */
export interface StudyResults {
  name: string;
  data: { file: string; sha256: string; rows_in: number; rows_kept: number; dropped: Record<string, number> };
  design: { formula: string; structure: 'crossed' | 'nested' };
  fit: LmmFitJson;
  emmeans: { level: string; emmean: number; se: number; df: number; lower: number; upper: number }[];
  df_method: string;
  contrasts: { contrast: string; estimate: number; se: number; df: number; t: number; p: number; lower: number; upper: number }[];
  effect_sizes: { contrast: string; d: number; lower: number; upper: number }[];
  agreement: { icc_single: Est; icc_average: Est; alpha_interval: Est; alpha_ordinal: Est };
  clmm: ClmmFitJson;
  warnings: string[];
}

/** Assembles results.json from the notebook's results. */
export function studyResults(
  study: RatingStudy,
  design: StudyDesign,
  fit: LmmFit,
  means: StudyMeans,
  effects: EffectSizeTable,
  agreement: RaterAgreement,
  robustness: RobustnessResult,
): StudyResults {
  const fitJson = fit.toJSON();
  const clmm = robustness.clmm.toJSON();
  const warnings = [
    ...study.report.warnings,
    ...fitJson.warnings,
    ...clmm.warnings.map((w) => `ordinal model: ${w}`),
    ...agreement.overall.warnings.map((w) => `agreement: ${w}`),
    ...(effects.failures > 0 ? [`effect sizes: ${effects.failures} of ${effects.replicates} bootstrap refits failed`] : []),
  ];
  return {
    name: study.spec.name,
    data: { file: study.spec.data, sha256: study.sha256, rows_in: study.report.rowsIn, rows_kept: study.report.rowsKept, dropped: study.report.dropsByReason },
    design: { formula: design.formula, structure: design.structure },
    fit: fitJson,
    emmeans: means.means.rows.map((r) => ({ level: r.level, emmean: r.emmean, se: r.se, df: r.df, lower: r.lower, upper: r.upper })),
    df_method: means.df.method,
    contrasts: means.contrasts.rows.map((r) => ({ contrast: r.contrast, estimate: r.estimate, se: r.se, df: r.df, t: r.t, p: r.p, lower: r.lower, upper: r.upper })),
    effect_sizes: effects.rows.map((r) => ({ contrast: r.contrast, d: r.d, lower: r.lower, upper: r.upper })),
    agreement: agreementHeadline(agreement.overall),
    clmm,
    warnings,
  };
}

/** Writes results.json (NaN as null) into `dir`, creating it; returns the path. */
export function writeStudyResults(results: StudyResults, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'results.json');
  writeFileSync(path, `${JSON.stringify(results, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
  return path;
}
