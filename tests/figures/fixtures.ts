/**
 * Inputs shared by the figure tests. The Figure 2 rows are the paper's reported means and
 * "95% CI across posts" (arXiv 2403.18148v1, see /work/shared/data/lee2024/paper_reported.md).
 */
import type { DiagnosticsInput } from '../../src/figures/diagnostics';
import type { Figure2Row } from '../../src/figures/figure2';
import type { Figure3Row } from '../../src/figures/figure3';
import type { ForestRow } from '../../src/figures/forest';
import { createRng } from '../../src/stats/random';

/** The declared scale and measure of the Lee et al. ratings (empathy on 1–5), as figure options. */
export const LEE_SCALE = { scale: { min: 1, max: 5 }, measure: 'empathy' } as const;

export const PAPER_FIGURE2: Figure2Row[] = (
  [
    ['Study 1', 'human', 'Human', 3.41, 3.19, 3.62],
    ['Study 1', 'gpt4', 'GPT4', 4.09, 4.05, 4.13],
    ['Study 1', 'llama2', 'Llama2', 4.09, 3.98, 4.21],
    ['Study 1', 'mistral', 'Mistral', 3.7, 3.65, 3.76],
    ['Study 1', 'gpt4_low', 'GPT4-low', 2.21, 1.93, 2.49],
    ['Study 1', 'gpt4_high', 'GPT4-high', 4.14, 4.09, 4.2],
    ['Study 2', 'gpt4', 'GPT4', 4.04, 4.0, 4.09],
    ['Study 2', 'llama2', 'Llama2', 4.02, 3.95, 4.1],
    ['Study 2', 'mistral', 'Mistral', 3.74, 3.69, 3.78],
  ] as const
).map(([study, source, label, mean, lower, upper]) => ({ study, source, label, mean, lower, upper }));

/** Model-based rows with wider, asymmetric intervals (as a corrected analysis would give). */
export const MODEL_FIGURE2: Figure2Row[] = PAPER_FIGURE2.map((r, i) => ({
  ...r,
  mean: r.mean + 0.01 * (i - 4),
  lower: r.mean + 0.01 * (i - 4) - 0.15 - 0.01 * i,
  upper: r.mean + 0.01 * (i - 4) + 0.17,
}));

const FEATURES: [string, Figure3Row['panel']][] = [
  ['i', 'pronouns'],
  ['we', 'pronouns'],
  ['you', 'pronouns'],
  ['shehe', 'pronouns'],
  ['they', 'pronouns'],
  ['QMark', 'punctuation'],
  ['Exclam', 'punctuation'],
  ['Emoji', 'punctuation'],
  ['emo_pos', 'emotion'],
  ['emo_neg', 'emotion'],
];

/** Feature means in percent of words for three models (deterministic, seeded). */
export function figure3Rows(seed = 7): Figure3Row[] {
  const rng = createRng(seed);
  const rows: Figure3Row[] = [];
  for (const model of ['GPT4', 'Llama2', 'Mistral']) {
    for (const [feature, panel] of FEATURES) {
      const mean = 0.05 + 2 * rng.uniform();
      rows.push({ feature, panel, model, mean, lower: Math.max(0, mean - 0.1 - 0.2 * rng.uniform()), upper: mean + 0.1 + 0.2 * rng.uniform() });
    }
  }
  return rows;
}

/** Pairwise contrasts of Study 1 shaped like emmeans output (Tukey-adjusted), estimates from the paper's means. */
export const FOREST_ROWS: ForestRow[] = [
  { contrast: 'GPT4 \u2212 Human', estimate: 0.68, lower: 0.58, upper: 0.78, p: 1e-12, adjust: 'tukey' },
  { contrast: 'GPT4-low \u2212 Human', estimate: -1.2, lower: -1.3, upper: -1.1, p: 1e-12, adjust: 'tukey' },
  { contrast: 'Mistral \u2212 Human', estimate: 0.29, lower: 0.19, upper: 0.39, p: 2e-6, adjust: 'tukey' },
  { contrast: 'GPT4-high \u2212 GPT4', estimate: 0.05, lower: -0.05, upper: 0.15, p: 0.13, adjust: 'tukey' },
  { contrast: 'Llama2 \u2212 GPT4', estimate: 0, lower: -0.1, upper: 0.1, p: 1, adjust: 'tukey' },
  { contrast: 'Llama2 \u2212 Mistral', estimate: 0.39, lower: 0.29, upper: 0.49, p: 0.0004, adjust: 'tukey' },
];

/** Residuals of Likert ratings (banded, as in the real data) and two random-effect terms. */
export function diagnosticsInput(n = 600, seed = 3): DiagnosticsInput {
  const rng = createRng(seed);
  const fitted = Array.from({ length: n }, () => 3.6 + 0.45 * rng.normal());
  const residuals = fitted.map((f) => Math.min(5, Math.max(1, Math.round(f + 0.8 * rng.normal()))) - f);
  return {
    fitted,
    residuals,
    ranef: [
      { group: 'post', term: '(Intercept)', values: Array.from({ length: 30 }, () => 0.3 * rng.normal()) },
      { group: 'rater', term: '(Intercept)', values: Array.from({ length: 150 }, () => 0.5 * rng.normal()) },
    ],
  };
}
