/**
 * `empathy-lab fit`: fits a linear mixed model (lme4 formula) to a long CSV file and prints the summary
 * (like R's summary() of an lmerTest fit) or, with --json, one JSON object.
 */
import { fitLmm } from '../../model/index';
import { parseOptions } from '../args';
import type { Command } from '../main';
import { MODEL_DATA_OPTIONS, MODEL_DATA_USAGE, modelInput } from '../model-input';

const USAGE = `Usage: empathy-lab fit --data FILE.csv --formula "FORMULA" [--ml] [--ref COL=LEVEL]... [--where COL=VALUE]...
                        [--na TEXT]... [--encoding E] [--factor COL]... [--json]

Fits a linear mixed model by REML (default) or ML, with lme4's formula language, and prints a summary laid
out like R's summary() of an lmerTest fit (Satterthwaite df and p values).

${MODEL_DATA_USAGE}
Output:
  --ml                Maximum likelihood instead of REML.
  --json              Print one JSON object: {formula, reml, nobs, fixef: [{term, estimate, se, df, t, p}],
                      varcorr: [{group, term, sd} | {group, term1, term2, cor}], sigma, reml_criterion
                      (null for ML), deviance, loglik, aic, bic, converged, singular, dropped: {reason:
                      rows}, warnings}. For REML fits "deviance" is the ML deviance at the REML estimates
                      (lme4's deviance(fit, REML = FALSE)); loglik, aic and bic use the REML criterion, as lme4.

Exit status: 0 fitted, 1 the data or the fit failed (the message names file, row and column), 2 a usage error.

Example (the paper's Study 1 model; the tidy file comes from \`empathy-lab data tidy\`):
  npx empathy-lab fit --data data/cache/lee2024/tidy/study1_empathy.csv \\
    --formula "rating ~ source + (1|post:rater_raw) + (1|post) + (1|rater_raw)" --ref source=human`;

export const command: Command = {
  summary: 'Fit a linear mixed model (lme4 formula) to a long CSV file.',
  usage: USAGE,
  async run(args) {
    const { values } = parseOptions(args, { ...MODEL_DATA_OPTIONS, ml: { type: 'boolean' }, json: { type: 'boolean' } });
    const input = modelInput(values);
    const fit = fitLmm(input.formula.text, input.table, { ...input.frame, reml: !values.ml, dataName: input.dataName });
    if (values.json) {
      console.log(JSON.stringify(fit.toJSON(), null, 2));
    } else {
      console.log(fit.summary());
    }
    return 0;
  },
};
