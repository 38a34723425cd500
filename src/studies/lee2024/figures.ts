/**
 * The Lee et al. (2024) figure set, built from the analyses (the same functions the notebooks call),
 * and the `reproduce` step that exports it to figures/ as SVG, PDF and PNG.
 */
import { join } from 'node:path';
import type { RatingRecord } from '../../data/types';
import { diagnosticsGrid, ensureChromium, exportFigures, figure2, figure2RowsFromMeans, figure3, figureSize, forestPlot, forestRowsFromContrasts, type Figure, type Figure2Row, type Figure3Row, type FigureJob } from '../../figures/index';
import { comparePairs, emmeans } from '../../inference/index';
import type { LmmFit } from '../../model/index';
import type { StudyStep } from '../study';
import type { Lee2024Context } from './context';
import { paperVsCorrectedIntervals } from './intervals';
import { sourceLabel } from './labels';
import type { RaterCoding } from './models';
import { FEATURE_SET_LABEL, type FeatureSet } from './style';

/** Figure 2 of both studies: the paper's bars and intervals next to model-based means with 95% CIs. */
export function figure2BothStudies(records: readonly RatingRecord[], fits: Readonly<Record<number, LmmFit>>): Figure {
  const paperRows: Figure2Row[] = [];
  const modelRows: Figure2Row[] = [];
  for (const study of [1, 2]) {
    const label = `Study ${study}`;
    const rows = records.filter((r) => r.study === study);
    const paper = paperVsCorrectedIntervals(rows, 'empathy', 'appropriateness').map((r) => ({ study: label, source: r.source, label: sourceLabel(r.source), mean: r.mean, lower: r.paper.lower, upper: r.paper.upper }));
    paperRows.push(...paper);
    modelRows.push(...figure2RowsFromMeans(emmeans(fits[study]!, 'source'), { study: label, label: sourceLabel, order: paper.map((r) => r.source) }));
  }
  return figure2(
    [
      { method: 'paper', rows: paperRows },
      { method: 'model', rows: modelRows },
    ],
    { scale: { min: 1, max: 5 }, measure: 'empathy' },
  );
}

/**
 * Figure 3 of one feature set: the paper's (LIWC-22's output) or the open dictionary's, named in the note under
 * the legend so the two exported files cannot be mistaken for each other.
 * @example lee2024Figure3(lee2024Figure3Rows(liwc22Features(loadLee2024Study2Liwc().records)), 'liwc22')
 */
export function lee2024Figure3(rows: readonly Figure3Row[], set: FeatureSet): Figure {
  const intervals = [...new Set(rows.map((r) => r.interval).filter((x): x is string => typeof x === 'string'))];
  return figure3(rows, { intervalNote: `Features: ${FEATURE_SET_LABEL[set]}. Bars: means${intervals.length ? `; whiskers: ${intervals.join('; ')}` : ''}` });
}

/** Residual and random-effect diagnostics of a fitted model as one grid figure. */
export function diagnosticsFigure(fit: LmmFit): Figure {
  const ranef = fit.ranef().flatMap((g) => g.terms.map((term, j) => ({ group: g.group, term, values: g.values.map((v) => v[j]!) })));
  return diagnosticsGrid({ fitted: [...fit.fitted()], residuals: [...fit.residuals()], ranef }, { unit: 'rating points', columns: 2 });
}

/** Forest plot of all pairwise source contrasts of both studies, Tukey-adjusted 95% CIs. */
export function forestBothStudies(fits: Readonly<Record<number, LmmFit>>): Figure {
  const rows = [1, 2].flatMap((study) =>
    forestRowsFromContrasts(comparePairs(fits[study]!, 'source', { adjust: 'tukey' }), { label: (c) => `Study ${study}: ${c.split(' - ').map(sourceLabel).join(' \u2212 ')}` }),
  );
  return forestPlot(rows, { size: figureSize('double', 24 + 7 * rows.length), scale: { min: 1, max: 5 } });
}

/** Every figure of the Lee et al. (2024) analyses, with file names (fits and features from the shared context). */
export function lee2024FigureJobs(ctx: Lee2024Context, coding: RaterCoding = 'unique'): FigureJob[] {
  const records = ctx.records();
  const fits: Record<number, LmmFit> = { 1: ctx.paperFit(1, 'empathy', coding), 2: ctx.paperFit(2, 'empathy', coding) };
  return [
    { name: 'figure2-empathy-by-source', figure: figure2BothStudies(records, fits) },
    // the paper's figure: LIWC-22's output; beside it, the same from our open dictionary
    { name: 'figure3-features-by-model', figure: lee2024Figure3(ctx.style().figure3('liwc22'), 'liwc22') },
    { name: 'figure3-features-by-model-open-dictionary', figure: lee2024Figure3(ctx.style().figure3('open'), 'open') },
    { name: 'forest-pairwise-contrasts', figure: forestBothStudies(fits) },
    { name: 'diagnostics-study1-empathy', figure: diagnosticsFigure(fits[1]!), options: { width: 'double', heightMm: 170 } },
    { name: 'diagnostics-study2-empathy', figure: diagnosticsFigure(fits[2]!), options: { width: 'double', heightMm: 170 } },
  ];
}

/** The step after the notebooks that regenerates figures/ from the data (SVG + PDF + PNG at 300 dpi). */
export function figuresStep(ctx: Lee2024Context): StudyStep {
  return {
    name: 'figures',
    // figures/ is made from the data alone: the step may run while the notebooks execute
    alongsideNotebooks: true,
    async run({ writeRoot, log, install }) {
      ensureChromium({ log, install });
      const jobs = lee2024FigureJobs(ctx);
      const t0 = Date.now();
      const results = await exportFigures(jobs, join(writeRoot, 'figures'), { formats: ['svg', 'pdf', 'png'], dpi: 300 });
      results.forEach((r, i) => log(`figure ${jobs[i]!.name}: ${r.files.length} files in ${r.ms.toFixed(0)} ms${r.textProblems.length ? ` (text problems: ${r.textProblems.join('; ')})` : ''}`));
      log(`figures: ${jobs.length} figures x 3 formats in ${((Date.now() - t0) / 1000).toFixed(1)} s (browser start included)`);
    },
  };
}
