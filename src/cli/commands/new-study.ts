/**
 * `empathy-lab new-study`: writes notebooks/NAME.ipynb, a narrated standard analysis of a rating study's
 * long CSV (src/ratingStudy/notebook.ts), after reading the file once with the project's rules so a bad
 * file fails here, naming file, row and column, not later in the kernel.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { checkEncoding } from '../../data/csv';
import { loadRatingStudy, notebookText, studyDesign, studyNotebook, type RatingStudySpec } from '../../ratingStudy/index';
import { projectRoot } from '../../util/paths';
import { listOption, parseOptions, parsePairs, required, UsageError } from '../args';
import type { Command } from '../main';

const USAGE = `Usage: empathy-lab new-study --data FILE.csv --name NAME --rater COL --item COL --source COL --rating COL
                              --scale MIN-MAX [--measure COL] [--reference LEVEL] [--encoding E]
                              [--where COL=VALUE]... [--na TEXT]... [--dir DIR] [--force]

Writes notebooks/NAME.ipynb: a narrated standard analysis of a rating study (one row per rating in a
long CSV) that calls the library: load report; descriptives per source; the design read from the data
(raters crossed with or nested in sources; an item:rater term where a rater rates an item more than
once); the linear mixed model; marginal means and all pairwise contrasts (Tukey; Kenward-Roger df up to
3,000 ratings, else Satterthwaite); effect sizes with seeded bootstrap CIs; rater agreement (ICC,
Krippendorff's alpha); the ordinal (CLMM) robustness check; figures; the raters a follow-up needs.
Nothing else in the repository is written. The file is read once here with the same rules as the
notebook (R's missing values; errors name file, row and column).

Options:
  --data FILE.csv     the ratings, one row per rating (UTF-8 unless --encoding)
  --name NAME         the study's name: notebooks/NAME.ipynb, build/studies/NAME/ (letters, digits, - _)
  --rater COL         column of the rater id
  --item COL          column of the item rated (a post, a dialog, a prompt)
  --source COL        column of the response's source (human, a model, a condition)
  --rating COL        column of the rating (whole numbers on the scale)
  --scale MIN-MAX     the rating scale, e.g. 1-5; a rating off it is an error naming its row
  --measure COL       column naming what was rated (e.g. empathy); one measure per study: with several,
                      choose one with --where COL=VALUE
  --reference LEVEL   the source the others are compared with first (default: the first in R's order)
  --encoding E        utf8 (default), latin1 or windows-1252
  --where COL=VALUE   keep only rows whose COL equals VALUE (repeatable)
  --na TEXT           another text that marks a missing rating (repeatable)
  --dir DIR           write the notebook into DIR instead of notebooks/
  --force             replace an existing notebook of that name

Then: npx empathy-lab reproduce NAME   (executes it; writes build/studies/NAME/results.json and figures)

Exit status: 0 written, 1 the file cannot be analysed (the message names file, row and column), 2 a usage error.`;

/** A --scale value "MIN-MAX" as two whole numbers. */
function parseScale(text: string): { min: number; max: number } {
  const m = /^\s*(-?\d+)\s*(?:-|:|\.\.)\s*(-?\d+)\s*$/.exec(text);
  if (!m || !(Number(m[1]) < Number(m[2]))) throw new UsageError(`--scale must look like MIN-MAX with whole numbers MIN < MAX, e.g. 1-5 (got '${text}')`);
  return { min: Number(m[1]), max: Number(m[2]) };
}

export const command: Command = {
  summary: 'Write a narrated analysis notebook (design, LMM, contrasts, agreement, ordinal check, figures) for a ratings CSV.',
  usage: USAGE,
  async run(args) {
    const { values } = parseOptions(args, {
      data: { type: 'string' },
      name: { type: 'string' },
      rater: { type: 'string' },
      item: { type: 'string' },
      source: { type: 'string' },
      rating: { type: 'string' },
      scale: { type: 'string' },
      measure: { type: 'string' },
      reference: { type: 'string' },
      encoding: { type: 'string' },
      where: { type: 'string', multiple: true },
      na: { type: 'string', multiple: true },
      dir: { type: 'string' },
      force: { type: 'boolean' },
    });
    const name = required(values.name, 'name');
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name)) throw new UsageError(`--name ${name}: use letters, digits, '-' and '_' (it names a notebook and a folder)`);
    const file = required(values.data, 'data');
    if (!existsSync(file)) throw new UsageError(`--data ${file}: no such file`);
    const scale = parseScale(required(values.scale, 'scale'));
    let encoding: string | undefined;
    if (values.encoding !== undefined) {
      try {
        encoding = checkEncoding(values.encoding);
      } catch (err) {
        throw new UsageError(`--encoding: ${(err as Error & { problem?: string }).problem ?? (err as Error).message}`);
      }
    }
    const root = projectRoot();
    const abs = resolve(file);
    const rel = relative(root, abs);
    const spec: RatingStudySpec = {
      name,
      data: rel.startsWith('..') || isAbsolute(rel) ? abs : rel,
      ...(encoding && encoding !== 'utf8' ? { encoding } : {}),
      columns: {
        rater: required(values.rater, 'rater'),
        item: required(values.item, 'item'),
        source: required(values.source, 'source'),
        rating: required(values.rating, 'rating'),
        ...(values.measure ? { measure: values.measure } : {}),
      },
      scale,
      ...(values.reference !== undefined ? { reference: values.reference } : {}),
      ...(values.where ? { where: parsePairs(values.where, 'where') } : {}),
      ...(values.na ? { na: listOption(values.na) } : {}),
    };
    const cols = Object.values(spec.columns);
    const dup = cols.find((c, i) => cols.indexOf(c) !== i);
    if (dup) throw new UsageError(`column ${dup} is given for two roles`);
    // Read once here: a file that cannot be analysed fails now, with its row and column.
    const study = loadRatingStudy({ ...spec, data: abs });
    const design = studyDesign(study);
    const dir = resolve(values.dir ?? join(root, 'notebooks'));
    mkdirSync(dir, { recursive: true });
    const out = join(dir, `${name}.ipynb`);
    if (existsSync(out) && !values.force) throw new UsageError(`${relative(process.cwd(), out) || out} exists: choose another --name, or --force to replace it`);
    writeFileSync(out, notebookText(studyNotebook(spec)));
    const shown = relative(process.cwd(), out) || out;
    console.log(
      [
        `wrote ${shown}`,
        `  ${study.report.rowsKept} of ${study.report.rowsIn} rows used${study.report.drops.length ? ` (${study.report.drops.map((d) => `${d.reason}: ${d.count}`).join('; ')})` : ''}`,
        `  design: ${design.structure}, ${design.raters} raters, ${design.items} items, ${design.sources} sources; model ${design.formula}`,
        '',
        'Run it:',
        `  npx empathy-lab reproduce ${name}${values.dir ? ` --dir ${values.dir}` : ''}   # executes it; writes build/studies/${name}/results.json and figures`,
        '  npm run notebook                     # or open it in Jupyter and run all cells',
      ].join('\n'),
    );
    return 0;
  },
};
