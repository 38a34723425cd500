/**
 * `empathy-lab effect-size`: standardized differences d = contrast / sqrt(sum of variance components) of a
 * mixed model's marginal means, with seeded parametric-bootstrap intervals and a progress bar on stderr.
 */
import cliProgress from 'cli-progress';
import { parseOptions } from '../args';
import type { Command } from '../main';
import { effectSizes, type ContrastMethod } from '../../inference/index';
import { MODEL_OPTIONS, MODEL_USAGE, fitFromOptions } from './emmeans';

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
  --ref LEVEL         reference of trt.vs.ctrl (default the first level)
  --components a,b    variance components in the denominator (VarCorr groups, e.g. rater,Residual;
                      default all of them)
  --replicates N      bootstrap replicates (default 1000; 0 = point estimates only)
  --seed S            integer seed (default 1)
  --level X           confidence level (default 0.95)
  --json              print JSON

Example:
  empathy-lab effect-size --lee2024 1 --contrast trt.vs.ctrl --replicates 500 --seed 2024`,
  async run(args) {
    const { values } = parseOptions(args, {
      ...MODEL_OPTIONS,
      contrast: { type: 'string' },
      ref: { type: 'string' },
      components: { type: 'string' },
      replicates: { type: 'string' },
      seed: { type: 'string' },
      level: { type: 'string' },
      json: { type: 'boolean' },
    });
    const replicates = values.replicates === undefined ? 1000 : Number(values.replicates);
    if (!Number.isInteger(replicates) || replicates < 0) throw new Error(`--replicates must be a whole number >= 0, got '${values.replicates}'`);
    const seed = values.seed === undefined ? 1 : Number(values.seed);
    if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number, got '${values.seed}'`);
    const level = values.level === undefined ? 0.95 : Number(values.level);
    if (!(level > 0 && level < 1)) throw new Error(`--level must be between 0 and 1, got '${values.level}'`);
    const method = values.contrast ?? 'pairwise';
    if (!['pairwise', 'revpairwise', 'trt.vs.ctrl', 'trt.vs.ctrlk'].includes(method)) throw new Error(`--contrast must be pairwise, revpairwise, trt.vs.ctrl or trt.vs.ctrlk, got '${method}'`);
    const { fit, specs } = await fitFromOptions(values);
    const bar = process.stderr.isTTY && replicates > 0 ? new cliProgress.SingleBar({ stream: process.stderr, format: 'bootstrap {bar} {value}/{total} refits | {eta_formatted} left', hideCursor: true }, cliProgress.Presets.shades_classic) : null;
    bar?.start(replicates, 0);
    let table;
    try {
      table = effectSizes(fit, specs, {
        method: method as ContrastMethod,
        ref: values.ref,
        components: values.components?.split(',').map((s) => s.trim()).filter(Boolean),
        replicates,
        seed,
        level,
        onProgress: bar ? (done) => bar.update(done) : undefined,
      });
    } finally {
      bar?.stop();
    }
    console.log(values.json ? JSON.stringify(table.toJSON(), null, 2) : table.toString());
    return 0;
  },
};
