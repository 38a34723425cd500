/**
 * `empathy-lab emmeans`: fit a linear mixed model and print estimated marginal means and contrasts, like
 * R's emmeans (text, or JSON with --json). Data: a CSV file or the Lee et al. (2024) ratings.
 */
import { parseOptions, required } from '../args';
import type { Command } from '../main';
import { readCsv } from '../../data/csv';
import { ensureLee2024 } from '../../data/acquire';
import { loadLee2024Ratings } from '../../data/lee2024';
import { fitLmm, type LmmFit } from '../../model/index';
import { checkAdjust, checkDfMethod, emmeans, type ContrastMethod } from '../../inference/index';

export const LEE_FORMULA = 'rating ~ source + (1 | post:rater) + (1 | post) + (1 | rater)';

/** Options shared by the emmeans and effect-size commands: where the data come from and the model. */
export const MODEL_OPTIONS = {
  data: { type: 'string' },
  lee2024: { type: 'string' },
  measure: { type: 'string' },
  'rater-coding': { type: 'string' },
  formula: { type: 'string' },
  specs: { type: 'string' },
  reference: { type: 'string', multiple: true },
  factor: { type: 'string' },
} as const;

export const MODEL_USAGE = `Data (one of):
  --data FILE.csv          a long table, one row per rating (numeric-looking columns are numbers;
                           list columns to keep as text with --factor a,b)
  --lee2024 1|2            the Lee et al. (2024) ratings of Study 1 or 2 (fetched into data/cache/)
    --measure M            empathy (default) or appropriateness
    --rater-coding C       paper (default: the authors' SubjectNum, collides across Study 1 groups) or unique
Model:
  --formula F              lme4 formula (default with --lee2024: ${LEE_FORMULA})
  --specs A[,B]            factor(s) of the marginal means (default with --lee2024: source)
  --reference f=level      reference level of a factor (repeatable; default with --lee2024: source=human
                           for Study 1, gpt4 for Study 2)`;

export interface ModelOptionValues {
  data?: string;
  lee2024?: string;
  measure?: string;
  'rater-coding'?: string;
  formula?: string;
  specs?: string;
  reference?: string[];
  factor?: string;
}

/** Reads the data and fits the model the options describe. */
export async function fitFromOptions(values: ModelOptionValues): Promise<{ fit: LmmFit; specs: string[] }> {
  let rows: Record<string, unknown>[];
  let formula = values.formula;
  let specs = values.specs?.split(',').map((s) => s.trim()).filter(Boolean);
  const reference: Record<string, string> = {};
  for (const r of values.reference ?? []) {
    const m = /^([^=]+)=(.+)$/.exec(r);
    if (!m) throw new Error(`--reference must look like factor=level, got '${r}'`);
    reference[m[1]!.trim()] = m[2]!.trim();
  }
  if (values.lee2024 !== undefined) {
    if (values.data !== undefined) throw new Error('give either --data or --lee2024, not both');
    const study = Number(values.lee2024);
    if (study !== 1 && study !== 2) throw new Error(`--lee2024 must be 1 or 2, got '${values.lee2024}'`);
    const measure = values.measure ?? 'empathy';
    if (measure !== 'empathy' && measure !== 'appropriateness') throw new Error(`--measure must be empathy or appropriateness, got '${measure}'`);
    const coding = values['rater-coding'] ?? 'paper';
    if (coding !== 'paper' && coding !== 'unique') throw new Error(`--rater-coding must be paper or unique, got '${coding}'`);
    await ensureLee2024({ log: (m) => console.error(m) });
    rows = loadLee2024Ratings({ study })
      .records.filter((r) => r.measure === measure)
      .map((r) => ({ rating: r.rating, source: r.source, post: String(r.post), rater: coding === 'paper' ? r.rater_raw : r.rater, domain: r.domain }));
    formula ??= LEE_FORMULA;
    specs ??= ['source'];
    if (!('source' in reference)) reference.source = study === 1 ? 'human' : 'gpt4';
  } else {
    const file = required(values.data, 'data (or --lee2024)');
    const table = readCsv(file);
    const asText = new Set((values.factor ?? '').split(',').map((s) => s.trim()).filter(Boolean));
    const numeric = table.header.map((name, j) => !asText.has(name) && table.rows.every((r) => r.fields[j] === '' || Number.isFinite(Number(r.fields[j]))));
    rows = table.rows.map((r) => Object.fromEntries(table.header.map((name, j) => [name, numeric[j] && r.fields[j] !== '' ? Number(r.fields[j]) : r.fields[j]])));
  }
  const f = required(formula, 'formula');
  if (!specs || specs.length === 0) throw new Error('--specs is required (the factor of the marginal means)');
  const fit = fitLmm(f, rows, { reference, dataName: values.data ?? `Lee et al. (2024) Study ${values.lee2024}` });
  return { fit, specs };
}

export const command: Command = {
  summary: 'Marginal means and contrasts of a mixed model, printed like R emmeans (Satterthwaite or Kenward-Roger df).',
  usage: `Usage: empathy-lab emmeans [options]

Fits a linear mixed model (REML) and prints the estimated marginal means of --specs with SE, df and
confidence intervals, then the contrasts with the chosen multiplicity adjustment.

${MODEL_USAGE}
Inference:
  --df M          satterthwaite (default), kenward-roger, asymptotic
  --contrast C    pairwise (default), revpairwise, trt.vs.ctrl, none
  --adjust A      tukey | holm | bonferroni | sidak | dunnettx | hochberg | BH | BY | none
                  (default: tukey for pairwise, dunnettx for trt.vs.ctrl)
  --ref LEVEL     reference of trt.vs.ctrl (default the first level)
  --level X       confidence level (default 0.95)
  --intervals     show the contrasts' confidence intervals too
  --json          print JSON instead of tables

Example:
  empathy-lab emmeans --lee2024 1 --df kenward-roger --contrast trt.vs.ctrl --adjust none`,
  async run(args) {
    const { values } = parseOptions(args, {
      ...MODEL_OPTIONS,
      df: { type: 'string' },
      contrast: { type: 'string' },
      adjust: { type: 'string' },
      ref: { type: 'string' },
      level: { type: 'string' },
      intervals: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const { fit, specs } = await fitFromOptions(values);
    const df = checkDfMethod(values.df ?? 'satterthwaite');
    const level = values.level === undefined ? 0.95 : Number(values.level);
    if (!(level > 0 && level < 1)) throw new Error(`--level must be between 0 and 1, got '${values.level}'`);
    const emm = emmeans(fit, specs, { df, level });
    const method = values.contrast ?? 'pairwise';
    if (!['pairwise', 'revpairwise', 'trt.vs.ctrl', 'trt.vs.ctrlk', 'none'].includes(method)) throw new Error(`--contrast must be pairwise, revpairwise, trt.vs.ctrl, trt.vs.ctrlk or none, got '${method}'`);
    const table = method === 'none' ? null : emm.contrast(method as ContrastMethod, { adjust: values.adjust === undefined ? undefined : checkAdjust(values.adjust), ref: values.ref });
    if (values.json) {
      console.log(JSON.stringify({ formula: fit.formula, nobs: fit.nobs, emmeans: emm.toJSON(), contrasts: table?.toJSON() ?? null }, null, 2));
    } else {
      console.log(emm.toString());
      if (table) console.log('\n' + table.toString({ intervals: values.intervals ?? false }));
    }
    return 0;
  },
};
