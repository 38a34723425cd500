/**
 * `empathy-lab effect-size`: standardized differences d = contrast / sqrt(sum of variance components) of a
 * mixed model's marginal means, with seeded parametric-bootstrap intervals and a progress bar on stderr.
 */
import cliProgress from 'cli-progress';
import { parseChoice, parseInteger, parseLevel, parseOptions, parseSeed, listOption, UsageError } from '../args';
import type { Command } from '../main';
import { effectSizes, type ContrastMethod } from '../../inference/index';
import { MODEL_OPTIONS, MODEL_USAGE, fitFromOptions, fitReport, printFitNotes } from './emmeans';

export const command: Command = {
  summary: 'Standardized effect sizes (d) of contrasts with seeded parametric-bootstrap intervals.',
  usage: `Usage: empathy-lab effect-size [options]

Fits a linear mixed model (REML) and prints, for each contrast of the marginal means of --specs, the
standardized difference d = contrast / sqrt(sum of the variance components) with a parametric bootstrap
percentile interval: --replicates refits on responses simulated from the fit, seeded by --seed (the same
seed gives the same numbers). A progress bar is drawn on stderr when it is a terminal.

${MODEL_USAGE}
Effect sizes:
  --contrast C        pairwise (default), revpairwise, trt.vs.ctrl, trt.vs.ctrlk
  --components a,b    variance components in the denominator (VarCorr groups, e.g. rater,Residual;
                      default all of them)
  --replicates N      bootstrap replicates (default 1000; 0 = point estimates only)
  --seed S            seed, a whole number from 0 to 4294967295 (default 1)
  --level X           confidence level (default 0.95)
  --json              print JSON: the table with "dropped" and "warnings" of the fit

Exit status: 0 done, 1 the data or the fit failed, 2 a usage error.

Example:
  empathy-lab effect-size --lee2024 1 --contrast trt.vs.ctrl --replicates 500 --seed 2024`,
  async run(args) {
    const { values } = parseOptions(args, {
      ...MODEL_OPTIONS,
      contrast: { type: 'string' },
      components: { type: 'string' },
      replicates: { type: 'string' },
      seed: { type: 'string' },
      level: { type: 'string' },
      json: { type: 'boolean' },
    });
    const replicates = parseInteger(values.replicates, 'replicates', 1000, 0);
    const seed = parseSeed(values.seed, 1);
    const level = parseLevel(values.level);
    const method = parseChoice(values.contrast, 'contrast', ['pairwise', 'revpairwise', 'trt.vs.ctrl', 'trt.vs.ctrlk'] as const, 'pairwise');
    const { fit, specs, control, notices } = await fitFromOptions(values);
    const components = values.components === undefined ? undefined : listOption(values.components);
    const groups = [...new Set(fit.varcorr().sd.map((r) => r.group))];
    for (const c of components ?? []) {
      if (!groups.includes(c)) throw new UsageError(`--components ${c}: not a variance component of the fit (${groups.join(', ')})`);
    }
    const bar = process.stderr.isTTY && replicates > 0 ? new cliProgress.SingleBar({ stream: process.stderr, format: 'bootstrap {bar} {value}/{total} refits | {eta_formatted} left', hideCursor: true }, cliProgress.Presets.shades_classic) : null;
    bar?.start(replicates, 0);
    let table;
    try {
      table = effectSizes(fit, specs, {
        method: method as ContrastMethod,
        ref: control,
        components,
        replicates,
        seed,
        level,
        onProgress: bar ? (done) => bar.update(done) : undefined,
      });
    } finally {
      bar?.stop();
    }
    if (values.json) {
      for (const n of notices) console.error(`warning: ${n}`);
      console.log(JSON.stringify({ ...table.toJSON(), ...fitReport(fit) }, null, 2));
    } else {
      printFitNotes(fit, notices);
      console.log(table.toString());
    }
    return 0;
  },
};
