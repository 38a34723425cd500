/**
 * Export time of the publication figures through one headless Chromium (src/figures/export.ts).
 *
 *   npx tsx bench/figures.ts [--reps 3] [--dpi 300] [--out DIR]
 *
 * Builds six figures from deterministic inputs shaped like the Lee et al. (2024) results (Figure 2
 * with the paper's means and two kinds of intervals, Figure 3 with 10 features x 3 models, a forest
 * plot of 6 contrasts, and three diagnostics of 8,688 Likert ratings: residuals vs fitted, QQ of the
 * residuals, and the 2 x 2 grid with the random-effect QQ plots), then prints:
 *   - the browser start (Chromium + plotly.js-basic-dist-min),
 *   - per figure and step the median over --reps of: plotly layout to SVG ('render'), measuring
 *     its text ('check'), writing the SVG, printing the PDF and rasterising the PNG at --dpi, plus
 *     the file sizes,
 *   - the wall time of the whole set (6 figures x 3 formats) with one browser, start included.
 * The load average is printed too: on a shared machine, times grow with it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  diagnosticFigures,
  diagnosticsGrid,
  type Figure,
  FigureExporter,
  type Figure2Row,
  type Figure3Row,
  figure2,
  figure3,
  forestPlot,
} from '../src/figures';
import { createRng } from '../src/stats/random';

const { values } = parseArgs({
  options: {
    reps: { type: 'string', default: '3' },
    dpi: { type: 'string', default: '300' },
    out: { type: 'string' },
  },
});
const reps = Math.max(1, Number(values.reps));
const dpi = Number(values.dpi);

function inputs(): { name: string; figure: Figure }[] {
  const rng = createRng(20240326);
  const paper: Figure2Row[] = (
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
  const model = paper.map((r) => ({ ...r, lower: r.mean - 0.17, upper: r.mean + 0.17 }));
  const features: [string, Figure3Row['panel']][] = [
    ['i', 'pronouns'], ['we', 'pronouns'], ['you', 'pronouns'], ['shehe', 'pronouns'], ['they', 'pronouns'],
    ['QMark', 'punctuation'], ['Exclam', 'punctuation'], ['Emoji', 'punctuation'], ['emo_pos', 'emotion'], ['emo_neg', 'emotion'],
  ];
  const f3: Figure3Row[] = [];
  for (const m of ['GPT4', 'Llama2', 'Mistral']) {
    for (const [feature, panel] of features) {
      const mean = 0.05 + 2 * rng.uniform();
      f3.push({ feature, panel, model: m, mean, lower: Math.max(0, mean - 0.2), upper: mean + 0.2 });
    }
  }
  const contrasts = ['GPT4 \u2212 Human', 'Llama2 \u2212 Human', 'Mistral \u2212 Human', 'GPT4-low \u2212 Human', 'GPT4-high \u2212 GPT4', 'Llama2 \u2212 GPT4'];
  const forest = contrasts.map((contrast, i) => {
    const estimate = [0.68, 0.68, 0.29, -1.2, 0.05, 0][i];
    return { contrast, estimate, lower: estimate - 0.1, upper: estimate + 0.1, p: [1e-9, 1e-9, 1e-5, 1e-9, 0.13, 1][i], adjust: 'tukey' };
  });
  const n = 8688;
  const fitted = Array.from({ length: n }, () => 3.6 + 0.45 * rng.normal());
  const residuals = fitted.map((f) => Math.min(5, Math.max(1, Math.round(f + 0.8 * rng.normal()))) - f);
  const diag = {
    fitted,
    residuals,
    ranef: [
      { group: 'post', term: '(Intercept)', values: Array.from({ length: 30 }, () => 0.3 * rng.normal()) },
      { group: 'rater', term: '(Intercept)', values: Array.from({ length: 524 }, () => 0.5 * rng.normal()) },
    ],
  };
  const d = diagnosticFigures(diag);
  return [
    { name: 'figure2', figure: figure2([{ method: 'paper', rows: paper }, { method: 'model', rows: model }], { scale: { min: 1, max: 5 }, measure: 'empathy' }) },
    { name: 'figure3', figure: figure3(f3) },
    { name: 'forest', figure: forestPlot(forest, { scale: { min: 1, max: 5 } }) },
    { name: 'residuals-vs-fitted', figure: d.residualsVsFitted },
    { name: 'qq-residuals', figure: d.residualsQQ },
    { name: 'diagnostics-grid', figure: diagnosticsGrid(diag) },
  ];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (b: number) => `${(b / 1024).toFixed(0)} KB`;

async function main(): Promise<void> {
  const dir = values.out ?? mkdtempSync(join(tmpdir(), 'bench-figures-'));
  const figures = inputs();
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; reps ${reps}; PNG ${dpi} DPI; files in ${dir}`);

  const tSet = Date.now();
  const t0 = Date.now();
  const exporter = await FigureExporter.launch();
  const launchMs = Date.now() - t0;
  console.log(`browser start (Chromium + plotly.js-basic): ${launchMs} ms\n`);
  try {
    const firstPass: number[] = [];
    const steps = new Map<string, Record<string, number[]>>();
    const sizes = new Map<string, string>();
    for (let r = 0; r < reps; r++) {
      for (const { name, figure } of figures) {
        const res = await exporter.exportFigure(figure, join(dir, name), { dpi });
        if (r === 0) firstPass.push(res.ms);
        const s = steps.get(name) ?? { render: [], check: [], svg: [], pdf: [], png: [], total: [] };
        for (const k of ['render', 'check', 'svg', 'pdf', 'png'] as const) s[k].push(res.stepMs[k] ?? 0);
        s.total.push(res.ms);
        steps.set(name, s);
        sizes.set(name, res.files.map((f) => `${f.format} ${kb(f.bytes)}`).join(', '));
      }
    }
    const setMs = Date.now() - tSet;
    console.log('figure                 render  check    svg    pdf    png  total (ms, median)   files');
    for (const { name } of figures) {
      const s = steps.get(name) as Record<string, number[]>;
      const cols = ['render', 'check', 'svg', 'pdf', 'png', 'total'].map((k) => String(median(s[k])).padStart(6)).join(' ');
      console.log(`${name.padEnd(22)} ${cols}              ${sizes.get(name)}`);
    }
    const sumFirst = firstPass.reduce((a, b) => a + b, 0);
    console.log(`\nset of ${figures.length} figures x 3 formats, one browser: ${sumFirst} ms of exports + ${launchMs} ms start = ${sumFirst + launchMs} ms (first pass)`);
    console.log(`all ${reps} passes incl. start: ${setMs} ms`);
  } finally {
    await exporter.close();
    if (values.out === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
