/**
 * The figures of a rating study: marginal means with model-based 95% CIs, all pairwise contrasts
 * (Tukey-adjusted intervals), model diagnostics and the follow-up's power curve, each titled with the
 * study's measure and scale, and exported (SVG, PDF, PNG) into the study's results folder.
 */
import {
  diagnosticsGrid,
  exportFigures,
  figure2,
  figure2SeriesFromMeans,
  figureSize,
  forestPlot,
  forestRowsFromContrasts,
  meanRatingTitle,
  powerCurveFigure,
  type Figure,
  type FigureJob,
} from '../figures/index';
import type { ContrastTable, EmmGrid } from '../inference/index';
import type { LmmFit } from '../model/index';
import type { FollowUpPower } from './analysis';
import type { RatingStudy } from './load';

/** The value-axis title of the means: "Mean helpfulness rating (1–3)". */
export function meansTitle(study: RatingStudy): string {
  return meanRatingTitle({ scale: study.spec.scale, measure: study.measure });
}

/** The measure as axis titles name it ("rating" when the file has no measure column: titles say "Mean rating"). */
function axisMeasure(study: RatingStudy): string | undefined {
  return study.spec.columns.measure ? study.measure : undefined;
}

/** Marginal means per source with their model-based 95% CIs, at single-column width. */
export function meansFigure(study: RatingStudy, means: EmmGrid): Figure {
  return figure2(figure2SeriesFromMeans(means, { study: study.spec.name, name: `Model-based mean, 95% CI (${means.dfMethod})` }), {
    scale: study.spec.scale,
    measure: axisMeasure(study),
    size: figureSize('single', 70),
  });
}

/** All pairwise differences with Tukey-adjusted 95% CIs and p values, at single-column width. */
export function contrastsFigure(study: RatingStudy, contrasts: ContrastTable): Figure {
  return forestPlot(forestRowsFromContrasts(contrasts), { scale: study.spec.scale, measure: axisMeasure(study) });
}

/** Residuals against fitted values, and the normal quantiles of residuals and random effects. */
export function studyDiagnosticsFigure(fit: LmmFit): Figure {
  const ranef = fit.ranef().flatMap((g) => g.terms.map((term, j) => ({ group: g.group, term, values: g.values.map((v) => v[j]!) })));
  return diagnosticsGrid({ fitted: [...fit.fitted()], residuals: [...fit.residuals()], ranef }, { unit: 'rating points', columns: 2 });
}

/** The follow-up's power over numbers of raters. */
export function powerFigure(power: FollowUpPower): Figure {
  return powerCurveFigure(
    [{ name: `Closed form: ${power.contrast[0]} vs ${power.contrast[1]}`, points: power.curve.map((p) => ({ raters: p.raters, power: p.power, lower: p.power, upper: p.power })) }],
    { target: 0.8 },
  );
}

/** The study's figure set with file names. */
export function studyFigureJobs(study: RatingStudy, fit: LmmFit, means: EmmGrid, contrasts: ContrastTable, power: FollowUpPower): FigureJob[] {
  return [
    { name: 'means', figure: meansFigure(study, means) },
    { name: 'contrasts', figure: contrastsFigure(study, contrasts) },
    { name: 'diagnostics', figure: studyDiagnosticsFigure(fit), options: { width: 'double', heightMm: 170 } },
    { name: 'power', figure: powerFigure(power) },
  ];
}

/** Exports the figure set into `dir` (SVG, PDF, PNG at 300 dpi); returns the files written. */
export async function exportStudyFigures(jobs: readonly FigureJob[], dir: string): Promise<string[]> {
  const results = await exportFigures(jobs, dir, { formats: ['svg', 'pdf', 'png'], dpi: 300 });
  return results.flatMap((r) => r.files.map((f) => f.path));
}
