/**
 * `empathy-lab emmeans`: fit a linear mixed model and print estimated marginal means and contrasts, like
 * R's emmeans (text, or JSON with --json). Data: a CSV file (through the model frame) or the Lee et al.
 * (2024) ratings.
 */
import { parseChoice, parseLevel, parseOptions, parsePairs, UsageError } from '../args';
import type { Command } from '../main';
import { ensureLee2024, lee2024ModelRows, loadLee2024Ratings, PAPER_MODEL_FORMULA, PAPER_REFERENCE } from '../../studies/lee2024/index';
import { fitLmm, type LmmFit } from '../../model/index';
import { checkAdjust, checkDfMethod, emmeans, type ContrastMethod } from '../../inference/index';
import { MODEL_DATA_OPTIONS, MODEL_DATA_USAGE, modelInput, parseFormulaOption, referenceLevels, type ModelDataValues } from '../model-input';

/** Options shared by the emmeans and effect-size commands: the data, the model and the marginal means. */
export const MODEL_OPTIONS = {
  ...MODEL_DATA_OPTIONS,
  lee2024: { type: 'string' },
  measure: { type: 'string' },
  'rater-coding': { type: 'string' },
  specs: { type: 'string' },
  control: { type: 'string' },
  /** Deprecated spelling of --ref COL=LEVEL (kept so old scripts run; warns). */
  reference: { type: 'string', multiple: true },
} as const;

export const MODEL_USAGE = `${MODEL_DATA_USAGE}
Or the Lee et al. (2024) ratings instead of --data:
  --lee2024 1|2       the ratings of Study 1 or 2 (fetched into data/cache/)
    --measure M       empathy (default) or appropriateness
    --rater-coding C  paper (default: the authors' SubjectNum, collides across Study 1 groups) or unique
                      (default formula: ${PAPER_MODEL_FORMULA}; default --ref source=human for Study 1, gpt4 for 2)
Marginal means:
  --specs A[,B]       factor(s) of the marginal means (default with --lee2024: source)
  --control LEVEL     the control level of trt.vs.ctrl contrasts (default: the first level)`;

export interface ModelOptionValues extends ModelDataValues {
  lee2024?: string;
  measure?: string;
  'rater-coding'?: string;
  specs?: string;
  control?: string;
  reference?: string[];
}

/** A fitted model with what the command was asked for and the warnings about how it was asked. */
export interface FittedFromOptions {
  fit: LmmFit;
  specs: string[];
  /** The trt.vs.ctrl control level (--control, or the deprecated --ref LEVEL). */
  control?: string;
  /** Deprecation notes (printed on stderr). */
  notices: string[];
}

/**
 * Splits --ref values into reference levels (COL=LEVEL) and the deprecated control-level form (LEVEL,
 * no '='), and folds in the deprecated --reference COL=LEVEL.
 */
function splitRefOptions(values: ModelOptionValues): { refPairs: string[]; control?: string; notices: string[] } {
  const notices: string[] = [];
  const refPairs: string[] = [];
  let control = values.control;
  for (const r of values.ref ?? []) {
    if (r.includes('=')) refPairs.push(r);
    else {
      notices.push(`--ref ${r} (a level without COL=) is deprecated for the trt.vs.ctrl control level: write --control ${r}. --ref COL=LEVEL sets a factor's reference level, as in the fit command.`);
      if (control !== undefined && control !== r) throw new UsageError(`--control ${control} and --ref ${r} name two different control levels`);
      control = r;
    }
  }
  for (const r of values.reference ?? []) {
    notices.push(`--reference ${r} is deprecated: write --ref ${r}`);
    refPairs.push(r);
  }
  return { refPairs, control, notices };
}

/** Reads the data and fits the model the options describe (through the model frame). */
export async function fitFromOptions(values: ModelOptionValues): Promise<FittedFromOptions> {
  const { refPairs, control, notices } = splitRefOptions(values);
  let specs = values.specs?.split(',').map((s) => s.trim()).filter(Boolean);
  const withRefs = { ...values, ref: refPairs };
  let fit: LmmFit;
  if (values.lee2024 !== undefined) {
    if (values.data !== undefined) throw new UsageError('give either --data or --lee2024, not both');
    for (const o of ['na', 'encoding', 'factor', 'where'] as const) {
      if (values[o] !== undefined) throw new UsageError(`--${o} applies to --data files, not to --lee2024`);
    }
    const study = Number(values.lee2024);
    if (study !== 1 && study !== 2) throw new UsageError(`--lee2024 must be 1 or 2 (got '${values.lee2024}')`);
    const measure = parseChoice(values.measure, 'measure', ['empathy', 'appropriateness'] as const, 'empathy');
    const coding = parseChoice(values['rater-coding'], 'rater-coding', ['paper', 'unique'] as const, 'paper');
    const formula = parseFormulaOption(values.formula ?? PAPER_MODEL_FORMULA);
    const reference = referenceLevels(parsePairs(refPairs, 'ref'), formula);
    await ensureLee2024({ log: (m) => console.error(m) });
    const rows = lee2024ModelRows(loadLee2024Ratings({ study }).records, study, measure, coding);
    specs ??= ['source'];
    if (!('source' in reference) && formula.fixed.terms.some((t) => t.variables.some((v) => v.name === 'source'))) reference.source = PAPER_REFERENCE[study]!;
    fit = fitLmm(formula.text, rows, { reference, dataName: `Lee et al. (2024) Study ${study}` });
  } else {
    if (values.measure !== undefined || values['rater-coding'] !== undefined) throw new UsageError('--measure and --rater-coding apply to --lee2024');
    const input = modelInput(withRefs);
    fit = fitLmm(input.formula.text, input.table, { ...input.frame, dataName: input.dataName });
  }
  if (!specs || specs.length === 0) throw new UsageError('--specs is required (the factor of the marginal means)');
  const variables = [...new Set(fit.design.formula.fixed.terms.flatMap((t) => t.variables.map((v) => (v.asFactor ? `factor(${v.name})` : v.name))))];
  for (const s of specs) {
    if (!variables.includes(s)) throw new UsageError(`--specs ${s}: not a variable of the fixed part (${variables.join(', ') || 'none'})`);
  }
  return { fit, specs, control, notices };
}

/** The fit's dropped rows and warnings, as every JSON output carries them. */
export function fitReport(fit: LmmFit): { dropped: Record<string, number>; warnings: string[] } {
  const json = fit.toJSON();
  return { dropped: json.dropped, warnings: json.warnings };
}

/** Prints the data line, deprecation notices and fit warnings on stderr (text mode). */
export function printFitNotes(fit: LmmFit, notices: readonly string[]): void {
  for (const n of notices) console.error(`warning: ${n}`);
  const drops = fit.design.frame.report.drops;
  if (drops.length > 0) {
    const total = drops.reduce((a, d) => a + d.count, 0);
    console.error(`data: ${fit.design.nInput} rows read, ${fit.nobs} used; ${total} left out: ${drops.map((d) => `${d.reason}: ${d.count}${d.first ? ` (first ${d.first})` : ''}`).join('; ')}`);
  }
  for (const w of fitReport(fit).warnings) console.error(`fit warning: ${w}`);
}

export const command: Command = {
  summary: 'Marginal means and contrasts of a mixed model, printed like R emmeans (Satterthwaite or Kenward-Roger df).',
  usage: `Usage: empathy-lab emmeans [options]

Fits a linear mixed model (REML) and prints the estimated marginal means of --specs with SE, df and
confidence intervals, then the contrasts with the chosen multiplicity adjustment. Rows left out and the
fit's warnings are printed on stderr (and carried in --json as "dropped" and "warnings"). A mean or
contrast that is not estimable (rank-deficient model) prints nonEst, and null in JSON.

${MODEL_USAGE}
Inference:
  --df M          satterthwaite (default), kenward-roger, asymptotic
  --contrast C    pairwise (default), revpairwise, trt.vs.ctrl, trt.vs.ctrlk, none
  --adjust A      tukey | holm | bonferroni | sidak | dunnettx | hochberg | BH | BY | none
                  (default: tukey for pairwise, dunnettx for trt.vs.ctrl)
  --level X       confidence level (default 0.95)
  --intervals     show the contrasts' confidence intervals too
  --json          print JSON instead of tables: {formula, nobs, dropped, warnings, emmeans, contrasts}

Exit status: 0 done, 1 the data or the fit failed, 2 a usage error.

Example:
  empathy-lab emmeans --lee2024 1 --df kenward-roger --contrast trt.vs.ctrl --adjust none`,
  async run(args) {
    const { values } = parseOptions(args, {
      ...MODEL_OPTIONS,
      df: { type: 'string' },
      contrast: { type: 'string' },
      adjust: { type: 'string' },
      level: { type: 'string' },
      intervals: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    let df;
    let adjust;
    try {
      df = checkDfMethod(values.df ?? 'satterthwaite');
      adjust = values.adjust === undefined ? undefined : checkAdjust(values.adjust);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const level = parseLevel(values.level);
    const method = parseChoice(values.contrast, 'contrast', ['pairwise', 'revpairwise', 'trt.vs.ctrl', 'trt.vs.ctrlk', 'none'] as const, 'pairwise');
    const { fit, specs, control, notices } = await fitFromOptions(values);
    const emm = emmeans(fit, specs, { df, level });
    if (control !== undefined && !emm.rows.some((r) => r.level === control)) {
      throw new UsageError(`--control ${control}: not a level of ${specs.join(' ')} (levels: ${emm.rows.map((r) => r.level).join(', ')})`);
    }
    // One mean (a covariate at its mean, or a factor with one level left): nothing to contrast, as emmeans.
    const table = method === 'none' || emm.rows.length < 2 ? null : emm.contrast(method as ContrastMethod, { adjust, ref: control });
    if (method !== 'none' && emm.rows.length < 2) console.error(`note: ${specs.join(' ')} has one mean here: no contrasts`);
    if (values.json) {
      for (const n of notices) console.error(`warning: ${n}`);
      console.log(JSON.stringify({ formula: fit.formula, nobs: fit.nobs, ...fitReport(fit), emmeans: emm.toJSON(), contrasts: table?.toJSON() ?? null }, null, 2));
    } else {
      printFitNotes(fit, notices);
      console.log(emm.toString());
      if (table) console.log('\n' + table.toString({ intervals: values.intervals ?? false }));
    }
    return 0;
  },
};
