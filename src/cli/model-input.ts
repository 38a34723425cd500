/**
 * The options every model command shares (`fit`, `emmeans`, `effect-size`): where the data come from,
 * how the file is read, the formula, reference levels and row filters. They all end in the one model
 * frame (src/model/frame.ts): no command reads values on its own.
 */
import { basename } from 'node:path';
import { readTable, type DataTable } from '../data/table';
import { checkEncoding } from '../data/csv';
import { isDataError } from '../data/errors';
import { parseFormula, type ParsedFormula } from '../model/formula';
import type { FrameOptions } from '../model/frame';
import { listOption, parsePairs, UsageError } from './args';

/** parseArgs options of the model data (spread into each command's options). */
export const MODEL_DATA_OPTIONS = {
  data: { type: 'string' },
  formula: { type: 'string' },
  ref: { type: 'string', multiple: true },
  where: { type: 'string', multiple: true },
  na: { type: 'string', multiple: true },
  encoding: { type: 'string' },
  factor: { type: 'string', multiple: true },
} as const;

/** Help text of {@link MODEL_DATA_OPTIONS}. */
export const MODEL_DATA_USAGE = `Data and model:
  --data FILE.csv     A long CSV file (header row, one row per observation), read as R's read.csv
                      reads it: an empty or blank cell, NA and NaN are missing in every column; a column
                      whose cells are all numbers (or missing) is numeric, TRUE/FALSE/T/F logical, any
                      other column text (a factor). Rows with a missing value in a variable of the
                      formula are dropped and counted (R's na.omit). Rows are numbered as a spreadsheet
                      shows the file: the header is row 1.
  --formula TEXT      lme4 formula, e.g. "rating ~ source + (1|post:rater) + (1|post) + (1|rater)".
                      Supports a:b, a*b, 0 + / - 1, factor(x), (1|g), (1 + x|g), (0 + x|g), (x||g),
                      (1|g1/g2), (1|g1:g2).
  --ref COL=LEVEL     Reference level of a fixed-effect factor (treatment contrasts); repeatable. Makes
                      COL a factor even when its values are numbers (e.g. --ref study=1).
  --where COL=VALUE   Keep only rows whose COL equals VALUE; repeatable. Conditions on different columns
                      must all hold; several values for one column mean any of them.
  --na TEXT           Another text that marks a missing cell (e.g. --na -99 --na missing); repeatable.
  --encoding E        utf8 (default; a BOM is fine), latin1 or windows-1252. A file that is not valid
                      UTF-8 is refused with the row of the first bad byte.
  --factor COL        Read COL as text (a factor) even when its cells are numbers; repeatable or a,b.`;

/** Values of {@link MODEL_DATA_OPTIONS} as parseArgs returns them. */
export interface ModelDataValues {
  data?: string;
  formula?: string;
  ref?: string[];
  where?: string[];
  na?: string[];
  encoding?: string;
  factor?: string[];
}

/** What a model command fits: the formula, the data and the frame options. */
export interface ModelInput {
  formula: ParsedFormula;
  /** The CSV file as a typed table. */
  table: DataTable;
  frame: FrameOptions;
  /** Name of the data for summaries ("Data: ..."). */
  dataName: string;
}

/** Parses a formula given on the command line (a malformed formula is a usage error). */
export function parseFormulaOption(text: string): ParsedFormula {
  try {
    return parseFormula(text);
  } catch (err) {
    throw new UsageError(`--formula: ${(err as Error).message}`);
  }
}

/**
 * Reference levels from --ref COL=LEVEL: each COL must be a variable of the formula's fixed part (not only
 * a grouping factor, not absent), else a UsageError.
 */
export function referenceLevels(pairs: readonly [string, string][], formula: ParsedFormula): Record<string, string> {
  const fixed = new Set([...formula.fixed.terms, ...formula.random.flatMap((r) => r.lhs.terms)].flatMap((t) => t.variables.map((v) => v.name)));
  const groups = new Set(formula.random.flatMap((r) => r.groupVariables));
  const out: Record<string, string> = {};
  for (const [col, level] of pairs) {
    if (!fixed.has(col)) {
      throw new UsageError(
        groups.has(col)
          ? `--ref ${col}=${level}: ${col} is a grouping factor; a reference level applies to a factor of the fixed part`
          : `--ref ${col}=${level}: ${col} is not a variable of the formula ${formula.text}`,
      );
    }
    if (level === '') throw new UsageError(`--ref ${col}=: give a level`);
    if (col in out && out[col] !== level) throw new UsageError(`--ref gives two reference levels for ${col} (${out[col]}, ${level})`);
    out[col] = level;
  }
  return out;
}

/** Reads --data with the reading options; a column named by --where or --factor that is missing is a UsageError. */
export function readModelTable(values: ModelDataValues): DataTable {
  const file = values.data;
  if (file === undefined || file === '') throw new UsageError('--data is required (see --help)');
  let encoding;
  try {
    encoding = checkEncoding(values.encoding);
  } catch (err) {
    throw new UsageError(`--encoding: ${isDataError(err) ? err.problem : (err as Error).message}`);
  }
  const table = readTable(file, { encoding, na: values.na ?? [], asText: listOption(values.factor) });
  for (const c of listOption(values.factor)) {
    if (!table.has(c)) throw new UsageError(`--factor ${c}: no such column in ${file} (columns: ${table.header.join(', ')})`);
  }
  return table;
}

/** The model input of --data, --formula, --ref, --where, --na, --encoding and --factor. */
export function modelInput(values: ModelDataValues, defaults: { formula?: string } = {}): ModelInput {
  const formulaText = values.formula ?? defaults.formula;
  if (formulaText === undefined || formulaText === '') throw new UsageError('--formula is required (see --help)');
  const formula = parseFormulaOption(formulaText);
  const reference = referenceLevels(parsePairs(values.ref, 'ref'), formula);
  const where = parsePairs(values.where, 'where');
  const table = readModelTable(values);
  for (const [c] of where) {
    if (!table.has(c)) throw new UsageError(`--where ${c}=...: no column ${c} in ${table.file} (columns: ${table.header.join(', ')})`);
  }
  return { formula, table, frame: { reference, where }, dataName: basename(table.file) };
}
