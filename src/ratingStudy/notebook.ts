/**
 * The notebook `empathy-lab new-study` writes: a narrated standard analysis of one rating study, in the
 * house style of notebooks 01-02 (one step per code cell, each showing its result; markdown says what a
 * step does; what a result means is printed by the cell from the numbers, so it cannot go stale). The
 * study's settings sit in the first code cell as an editable object; every cell calls src/.
 */
import type { RatingStudySpec } from './load';

/** A notebook cell as nbformat 4 stores it. */
interface Cell {
  cell_type: 'markdown' | 'code';
  id: string;
  metadata: Record<string, never>;
  source: string[];
  execution_count?: null;
  outputs?: never[];
}

/** The nbformat 4.5 notebook of a study (JSON-ready). */
export interface NotebookJson {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: 4;
  nbformat_minor: 5;
}

function lines(text: string): string[] {
  const ls = text.replace(/^\n+|\n+$/g, '').split('\n');
  return ls.map((l, i) => (i < ls.length - 1 ? `${l}\n` : l));
}

/** The notebook of a study (see the module doc). `resultsDir` is where results.json and figures go. */
export function studyNotebook(spec: RatingStudySpec, resultsDir = `build/studies/${spec.name}`): NotebookJson {
  const cells: Cell[] = [];
  const md = (text: string) => cells.push({ cell_type: 'markdown', id: `c${String(cells.length + 1).padStart(2, '0')}`, metadata: {}, source: lines(text) });
  const code = (text: string) => cells.push({ cell_type: 'code', id: `c${String(cells.length + 1).padStart(2, '0')}`, metadata: {}, source: lines(text), execution_count: null, outputs: [] });
  const c = spec.columns;
  const specLiteral = JSON.stringify(spec, null, 2).replace(/"([A-Za-z_][A-Za-z0-9_]*)":/g, '$1:');

  md(`
# ${spec.name}: ${c.measure ? 'ratings' : `${c.rating} ratings`} of responses by source

A standard analysis of a rating study, written by \`npx empathy-lab new-study\` and run by
\`npx empathy-lab reproduce ${spec.name}\`: raters scored responses from several **sources** on a
${spec.scale.min}-${spec.scale.max} scale. The notebook reads \`${spec.data}\`, describes the ratings, reads the design
from the data, fits a linear mixed model (lme4's), compares the sources (marginal means and all pairwise
contrasts, Tukey-adjusted), gives standardized effect sizes, measures how much raters agree, checks the
conclusions with an ordinal model, draws the figures, and estimates the raters a follow-up needs.
Every number and every sentence under a result is computed in the cell above it.

Columns: rater \`${c.rater}\`, item \`${c.item}\`, source \`${c.source}\`, rating \`${c.rating}\`${c.measure ? `, measure \`${c.measure}\`` : ''}.
Edit the settings in the next cell and re-run all cells to analyse another file or subset.`);
  code(`
import {
  loadRatingStudy, studyDesign, sourceSummaryRows, fitStudyModel, studyMeans, studyEffectSizes,
  studyAgreement, studyRobustness, followUpPower, studyFigureJobs, exportStudyFigures, studyResults,
  writeStudyResults, describeMeans, describeContrasts, describeEffectSizes, describeAgreement,
  describeRobustness, formatPValue, showHtml, showTable, showText, showFigure,
} from './src/ratingStudy/lab';

const spec = ${specLiteral};
const study = loadRatingStudy(spec);
showHtml(study.report.toHtml(), study.report.toText());`);
  md(`
## 1. Descriptives per source

Ratings, raters and items per source, the mean and standard deviation (n - 1) of the ratings, and the share
of ratings at each point of the scale.`);
  code(`showTable(sourceSummaryRows(study), { caption: 'Ratings per source' });`);
  md(`
## 2. The design, read from the data

Whether raters are crossed with sources (a rater rates responses of several sources, so a rater's
leniency cancels from the comparisons) or nested in them (each rater rates one source), and whether a
rater rates an item more than once (then the model has a random effect for each item and rater pair).
The model formula follows from these facts.`);
  code(`
const design = studyDesign(study);
showText([design.description, '', 'What this design allows one to conclude:', ...design.limits.map((l) => '- ' + l)].join('\\n'));`);
  md(`
## 3. The linear mixed model

Fitted by REML as lme4 does, printed as R's \`summary()\` of an lmerTest fit (Satterthwaite t-tests of the
coefficients, each source against the reference). Rows left out and the fit's warnings are listed in
the summary.`);
  code(`
const fit = fitStudyModel(study, design);
showHtml(fit.toHTML(), fit.summary());`);
  md(`
## 4. Marginal means and all pairwise contrasts

The model's mean rating of each source with a 95% confidence interval, and every difference between two
sources with Tukey-adjusted p values and intervals (emmeans' \`pairs()\`). The degrees-of-freedom method
depends on the study's size, as the line below the tables says.`);
  code(`
const inference = studyMeans(fit, study);
showHtml(inference.means.toHTML(), inference.means.toString());
showHtml(inference.contrasts.toHTML({ intervals: true }), inference.contrasts.toString({ intervals: true }));
showText([inference.df.reason + '.', '', describeMeans(inference.means, spec.scale, study.measure), ...describeContrasts(inference.contrasts)].join('\\n'));`);
  md(`
## 5. Effect sizes

Each difference divided by the total standard deviation of a single rating (all variance components,
residual included), with a seeded parametric-bootstrap 95% interval (refits on simulated ratings).`);
  code(`
const effects = studyEffectSizes(fit, study, 2024);
showHtml(effects.toHTML(), effects.toString());
showText(describeEffectSizes(effects));`);
  md(`
## 6. How much do raters agree?

Intraclass correlations from the variance components of \`rating ~ 1 + (1 | item) + (1 | rater)\`:
ICC(2,1), the agreement of a single rating (absolute agreement, two-way random effects), and ICC(2,k),
that of a response's mean rating; Krippendorff's alpha (interval and ordinal) from the same ratings.
Per source, and over all sources (a response of one source is an item). 95% intervals: percentile
bootstrap over items (seeded).`);
  code(`
const agreement = studyAgreement(study, 2024);
const agreementRow = (g: typeof agreement.overall) => ({
  source: g.group ?? 'all sources', ratings: g.counts.ratings, items: g.counts.items, raters: g.counts.raters, k: g.k,
  'ICC(2,1)': g.icc_single.estimate, 'ICC(2,1) CI': g.icc_single.lower.toFixed(3) + ' to ' + g.icc_single.upper.toFixed(3),
  'ICC(2,k)': g.icc_average.estimate, 'alpha (interval)': g.alpha_interval.estimate, 'alpha (ordinal)': g.alpha_ordinal.estimate,
});
showTable([agreement.overall, ...agreement.groups].map(agreementRow), { caption: 'Rater agreement', decimals: 3 });
showText(describeAgreement(agreement.overall, agreement.groups));`);
  md(`
## 7. Robustness: the ratings as ordinal

The same comparisons from a cumulative link mixed model (ordinal::clmm's, logit link), which treats the
ratings as ordered categories rather than numbers. A conclusion holds when both models reach the same
decision at alpha = .05 (unadjusted).`);
  code(`
const robustness = studyRobustness(study, design, fit);
showHtml(robustness.clmm.toHTML(), robustness.clmm.summary());
showTable(robustness.rows.map((r) => ({ comparison: r.comparison, 'LMM estimate': r.lmm.estimate, 'LMM p': formatPValue(r.lmm.p), 'CLMM estimate (logit)': r.clmm.estimate, 'CLMM p': formatPValue(r.clmm.p), holds: r.holds ? 'yes' : 'no' })), { caption: 'Conclusions under both models' });
showText(describeRobustness(robustness));`);
  md(`
## 8. Figures

The marginal means with their intervals, all pairwise differences (Tukey-adjusted), the model's
diagnostics, and (section 9) the power of a follow-up. They are exported as SVG, PDF and PNG to
\`${resultsDir}/\`.`);
  code(`
const power = followUpPower(fit, study, design, inference.means);
const jobs = studyFigureJobs(study, fit, inference.means, inference.contrasts, power);
for (const job of jobs.slice(0, 3)) showFigure(job.figure);`);
  md(`
## 9. How many raters would a follow-up need?

The power to detect the smallest difference this study observed, at alpha = .05, for numbers of new
raters who each rate every source's response to the same number of items as here, with the variances
this study estimated (closed-form power of the within-rater contrast).`);
  code(`
showFigure(jobs[3]!.figure);
showText(power.description);`);
  md(`
## 10. Results file

Everything above in one JSON file, \`${resultsDir}/results.json\` (its fields are a stable contract), and
the figure files beside it.`);
  code(`
const results = studyResults(study, design, fit, inference, effects, agreement, robustness);
writeStudyResults(results, '${resultsDir}');
const files = await exportStudyFigures(jobs, '${resultsDir}');
showText('wrote ${resultsDir}/results.json and ' + files.length + ' figure files; warnings: ' + (results.warnings.length ? results.warnings.join('; ') : 'none'));`);
  return {
    cells,
    metadata: {
      kernelspec: { name: 'tslab-empathy-lab', display_name: 'TypeScript (empathy-lab, tslab)', language: 'typescript' },
      language_info: { name: 'typescript', file_extension: '.ts', mimetype: 'text/typescript' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** The notebook as the text of an .ipynb file (one-space indent, as Jupyter writes it). */
export function notebookText(nb: NotebookJson): string {
  return `${JSON.stringify(nb, null, 1)}\n`;
}
