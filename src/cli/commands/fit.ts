/**
 * `empathy-lab fit`: fits a linear mixed model (lme4 formula) to a long CSV file and prints the summary
 * (like R's summary() of an lmerTest fit) or, with --json, one JSON object.
 */
import { basename } from 'node:path';
import { readCsv } from '../../data/csv';
import { fitLmm } from '../../model/index';
import { parseOptions, required } from '../args';
import type { Command } from '../main';

const USAGE = `Usage: empathy-lab fit --data FILE.csv --formula "FORMULA" [--ml] [--ref COL=LEVEL]... [--where COL=VALUE]... [--json]

Fits a linear mixed model by REML (default) or ML, with lme4's formula language, and prints a summary laid
out like R's summary() of an lmerTest fit (Satterthwaite df and p values).

Options:
  --data FILE.csv     A long CSV file (header row, one row per observation). Columns whose values all
                      look like numbers are numeric (covariates in the fixed part); other columns are
                      factors. Grouping columns in (... | g) are always factors. Empty cells and NA are
                      missing: rows with a missing value in a used column are dropped (counted).
  --formula TEXT      e.g. "rating ~ source + (1|post:rater) + (1|post) + (1|rater)". Supports a:b, a*b,
                      0 + / - 1, factor(x), (1|g), (1 + x|g), (0 + x|g), (x||g), (1|g1/g2), (1|g1:g2).
  --ml                Maximum likelihood instead of REML.
  --ref COL=LEVEL     Reference level of a factor (treatment contrasts); repeatable. Makes COL a factor
                      even when its values look like numbers (e.g. --ref study=1).
  --where COL=VALUE   Keep only rows whose COL equals VALUE (as text); repeatable. Conditions on different
                      columns must all hold; several values for one column mean any of them, e.g.
                      --where study=1 --where measure=empathy fits Study 1 empathy out of ratings_long.csv.
  --json              Print one JSON object: {formula, reml, nobs, fixef: [{term, estimate, se, df, t, p}],
                      varcorr: [{group, term, sd} | {group, term1, term2, cor}], sigma, reml_criterion
                      (null for ML), deviance, loglik, aic, bic, converged, singular, warnings}.
                      For REML fits "deviance" is the ML deviance at the REML estimates (lme4's
                      deviance(fit, REML = FALSE)); loglik, aic and bic use the REML criterion, as lme4.

Example (the paper's Study 1 model; the tidy file comes from \`empathy-lab data tidy\`):
  npx empathy-lab fit --data data/cache/lee2024/tidy/study1_empathy.csv \\
    --formula "rating ~ source + (1|post:rater_raw) + (1|post) + (1|rater_raw)" --ref source=human`;

const NUMERIC = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

function parsePairs(values: string[] | undefined, option: string): [string, string][] {
  return (values ?? []).map((v) => {
    const i = v.indexOf('=');
    if (i <= 0) throw new Error(`--${option} expects COL=VALUE, got "${v}"`);
    return [v.slice(0, i).trim(), v.slice(i + 1)];
  });
}

export const command: Command = {
  summary: 'Fit a linear mixed model (lme4 formula) to a long CSV file.',
  usage: USAGE,
  async run(args) {
    const { values } = parseOptions(args, {
      data: { type: 'string' },
      formula: { type: 'string' },
      ml: { type: 'boolean' },
      ref: { type: 'string', multiple: true },
      where: { type: 'string', multiple: true },
      json: { type: 'boolean' },
    });
    const file = required(values.data, 'data');
    const formula = required(values.formula, 'formula');
    const reference = Object.fromEntries(parsePairs(values.ref, 'ref'));
    const where = parsePairs(values.where, 'where');
    const table = readCsv(file);
    const col = new Map(table.header.map((h, i) => [h, i] as const));
    const conditions = new Map<string, Set<string>>();
    for (const [c, v] of where) {
      if (!col.has(c)) throw new Error(`${file}: --where names column '${c}', which is not in the file (columns: ${table.header.join(', ')})`);
      if (!conditions.has(c)) conditions.set(c, new Set());
      conditions.get(c)!.add(v);
    }
    const rows = table.rows.filter((r) => [...conditions].every(([c, vs]) => vs.has(r.fields[col.get(c)!]!)));
    if (rows.length === 0) throw new Error(`${file}: no rows left after --where ${where.map(([c, v]) => `${c}=${v}`).join(' ')}`);
    // Columns: numeric when every non-missing value looks like a number (as R's read.csv).
    const columns: Record<string, unknown[]> = {};
    table.header.forEach((h, j) => {
      const raw = rows.map((r) => r.fields[j] ?? '');
      const present = raw.filter((v) => v !== '' && v !== 'NA');
      const numeric = present.length > 0 && present.every((v) => NUMERIC.test(v)) && !(h in reference);
      columns[h] = raw.map((v) => (v === '' || v === 'NA' ? null : numeric ? Number(v) : v));
    });
    let fit;
    try {
      fit = fitLmm(formula, columns, { reml: !values.ml, reference, rowNumbers: rows.map((r) => r.row), dataName: basename(file) });
    } catch (err) {
      throw new Error(`${file}: ${(err as Error).message}`);
    }
    if (values.json) {
      console.log(JSON.stringify(fit.toJSON(), null, 2));
    } else {
      console.log(fit.summary());
    }
    return 0;
  },
};
