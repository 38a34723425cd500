/**
 * The model frame (R's `model.frame(formula, data, subset, na.action = na.omit)`): the ONE way data reach a
 * model. A CSV file (as a typed {@link DataTable}, read like R's read.csv) or in-memory rows, columns or a
 * danfojs DataFrame, plus a formula, `where` filters and reference levels, become the typed columns of the
 * variables the formula uses, for the rows that are kept, with a load report saying how many rows came
 * in, how many were kept and why the others were dropped. fitLmm, fitClmm and every command go through it.
 *
 * Rules (R's):
 * - `where` keeps rows whose column text equals one of the values given for it (conditions on different
 *   columns must all hold), before missing values are looked at;
 * - rows with a missing value in any variable of the formula are dropped (na.omit), each counted once under
 *   the first such variable (response, then fixed part, then random part);
 * - a numeric column stays numeric (a covariate) unless it is a grouping factor, written factor(x) or given a
 *   reference level; a text column is a factor, its levels sorted as R sorts characters (C locale: code
 *   points; for in-memory records, numeric-looking labels numerically, see data.ts);
 * - errors (naming the row and column): an infinite value in a variable of the model (lme4 stops), a
 *   response that is not numeric, a fixed-effect factor with fewer than two levels left, a column that is
 *   not there, a reference level or `where` naming a column that is not in the formula / the data;
 * - warnings (in the report): a factor made from a column that is mostly numbers (a stray text cell) or that
 *   has nearly one level per row.
 *
 * Row numbers in messages: for a CSV file, the spreadsheet row (header = row 1); for in-memory data, the
 * 1-based position plus `rowOffset`, or the caller's `rowNumbers`.
 */
import { displayPath } from '../data/errors';
import { LoadReport } from '../data/report';
import type { DataTable, TypedColumn } from '../data/table';
import { compareCodePoints, isMissing, ModelDataError, sortLevels, toColumns, type DataInput } from './data';
import { parseFormula, type ParsedFormula } from './formula';

/** Share of numbers above which a text column gets a "mostly numbers" warning. */
export const MOSTLY_NUMERIC = 0.9;
/** Levels per kept row above which a fixed-effect factor gets a "nearly one level per row" warning. */
export const NEARLY_UNIQUE = 0.9;

/** Options of {@link modelFrame}. */
export interface FrameOptions {
  /** Reference level per factor column, e.g. `{ source: 'human' }` (R's relevel). */
  reference?: Readonly<Record<string, string>>;
  /** Keep rows whose column equals one of the values (as text): `[['study', '1'], ['measure', 'empathy']]` or `{ study: '1' }`. */
  where?: readonly (readonly [string, string])[] | Readonly<Record<string, string | readonly string[]>>;
  /** More strings that mark a missing value in in-memory string columns (a DataTable has its own). */
  na?: readonly string[];
  /** Added to 1-based data-row numbers in messages (in-memory data; default 0). */
  rowOffset?: number;
  /** Row number to show in messages for each input row (in-memory data), e.g. CSV rows after a filter. */
  rowNumbers?: ArrayLike<number>;
  /** 'numeric' (default; linear models) or 'ordered' (any column: the categories of an ordinal model). */
  response?: 'numeric' | 'ordered';
}

/** A variable of the frame, kept rows only. */
export type FrameColumn =
  | { name: string; kind: 'numeric'; values: Float64Array }
  | {
      name: string;
      kind: 'factor';
      /** Levels in R's order (reference first when one was given). */
      levels: string[];
      /** Level (0-based) of each kept row. */
      codes: Int32Array;
      /** True when the column held numbers (factor(x), a grouping factor or a reference level made it a factor). */
      fromNumbers: boolean;
      /** The numbers of a numeric column (kept rows), for factor(x) and numeric use of the same column. */
      numbers?: Float64Array;
    };

/** The model frame: typed variables of the kept rows, their row numbers, and the report. */
export interface ModelFrame {
  readonly kind: 'model-frame';
  /** Parsed formula. */
  formula: ParsedFormula;
  /** Rows read (data rows, blank lines excluded). */
  nInput: number;
  /** Rows kept. */
  n: number;
  /** Input row index (0-based) of each kept row. */
  rows: Int32Array;
  /** Row number shown in messages for each kept row. */
  rowNumbers: Int32Array;
  /** The variables the formula uses, by column name (a column appears once, however it is used). */
  columns: Map<string, FrameColumn>;
  /** Reference levels in force (validated). */
  reference: Record<string, string>;
  /** Rows in, rows kept, drops by reason, warnings. */
  report: LoadReport;
  /** Name of the data (file path for a CSV). */
  file?: string;
}

/** True for a {@link ModelFrame}. */
export function isModelFrame(x: unknown): x is ModelFrame {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'model-frame';
}

/** True for a {@link DataTable} (a typed CSV file). */
export function isDataTable(x: unknown): x is DataTable {
  return typeof x === 'object' && x !== null && Array.isArray((x as DataTable).header) && (x as DataTable).rowNumbers instanceof Int32Array && typeof (x as DataTable).column === 'function';
}

/** Column names that hold personal identifiers: their values are never echoed in a message. */
const PERSONAL = /prolific|mturk|worker.?id|participant.?id|e.?mail|ip.?address|\bpid\b/i;

/** A cell value for a message: quoted and shortened, or withheld for a personal-identifier column. */
export function showValue(column: string, value: unknown): string {
  if (PERSONAL.test(column)) return '(value withheld: personal identifier column)';
  const s = String(value);
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 37)}...` : s);
}

/** Where filters as [column, value] pairs. */
function wherePairs(where: FrameOptions['where']): [string, string][] {
  if (where === undefined) return [];
  if (Array.isArray(where)) return (where as readonly (readonly [string, string])[]).map(([c, v]) => [c, v]);
  return Object.entries(where as Record<string, string | readonly string[]>).flatMap(([c, v]) => (typeof v === 'string' ? [[c, v] as [string, string]] : v.map((x) => [c, x] as [string, string])));
}

/** A source column before row selection: typed values of all input rows. */
type SourceColumn =
  | { kind: 'numeric'; values: Float64Array; missing: (i: number) => boolean }
  | { kind: 'text'; values: readonly (string | null)[]; numericShare: number; firstText?: { row: number; value: string }; codePointLevels: boolean };

/** Reads in-memory columns with the frame's rules (see data.ts for the value conventions). */
function memoryColumn(raw: readonly unknown[], name: string, na: Set<string>, rowLabel: (i: number) => number, responseName: string, responseKind: 'numeric' | 'ordered', err: Errors): SourceColumn {
  const n = raw.length;
  const missingAt = (v: unknown) => isMissing(v) || (typeof v === 'string' && (na.has(v.trim()) || v.trim() === '' || v.trim() === 'NA'));
  let sawString = -1;
  let sawNumber = -1;
  for (let i = 0; i < n; i++) {
    const v = raw[i];
    if (missingAt(v)) continue;
    const t = typeof v;
    if (t === 'string') {
      if (sawString < 0) sawString = i;
    } else if (t === 'number' || t === 'boolean') {
      if (sawNumber < 0) sawNumber = i;
    } else throw err.at(`unsupported value ${showValue(name, v)}`, { column: name, row: rowLabel(i) });
  }
  if (name === responseName && sawString >= 0 && responseKind === 'numeric') {
    const bad = raw.findIndex((v) => !missingAt(v) && typeof v === 'string' && !Number.isFinite(Number(v.trim())));
    if (bad >= 0) throw err.at(`the response must be numeric; found ${showValue(name, raw[bad])}`, { column: name, row: rowLabel(bad) });
  }
  if (sawString >= 0 && sawNumber >= 0 && name !== responseName) {
    throw err.at(
      `mixes numbers (row ${rowLabel(sawNumber)}) and text (row ${rowLabel(sawString)}: ${showValue(name, raw[sawString])}); convert it to one type or write factor(${name})`,
      { column: name },
    );
  }
  const numericStrings = sawString >= 0 && name === responseName && responseKind === 'numeric';
  if (sawString < 0 || numericStrings) {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = raw[i];
      values[i] = missingAt(v) ? NaN : typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'string' ? Number(v.trim()) : (v as number);
    }
    return { kind: 'numeric', values, missing: (i) => missingAt(raw[i]) };
  }
  return { kind: 'text', values: raw.map((v) => (missingAt(v) ? null : String(v))), numericShare: 0, codePointLevels: false };
}

function tableColumn(c: TypedColumn): SourceColumn {
  if (c.kind === 'numeric') return { kind: 'numeric', values: c.values, missing: (i) => Number.isNaN(c.values[i]!) };
  return { kind: 'text', values: c.values, numericShare: c.numericShare, firstText: c.firstText, codePointLevels: true };
}

/** Errors with the file named when there is one. */
interface Errors {
  at(message: string, where: { column?: string; row?: number }): ModelDataError;
}

/**
 * Builds the model frame of `formula` over `data` (a DataTable from readTable, rows, columns or a
 * DataFrame). See the module doc for the rules.
 * @example modelFrame('rating ~ source + (1|rater)', readTable('my.csv'), { where: { measure: 'empathy' } }).report.toText()
 */
export function modelFrame(formula: string | ParsedFormula, data: DataInput | DataTable, options: FrameOptions = {}): ModelFrame {
  const f = typeof formula === 'string' ? parseFormula(formula) : formula;
  const table = isDataTable(data) ? data : null;
  const file = table ? displayPath(table.file) : undefined;
  const err: Errors = { at: (message, where) => new ModelDataError(message, { ...where, file }) };
  const mem = table ? null : toColumns(data as DataInput);
  const nInput = table ? table.nrow : mem!.nrow;
  const rowLabel = (i: number): number =>
    table ? table.rowNumbers[i]! : options.rowNumbers ? options.rowNumbers[i]! : i + 1 + (options.rowOffset ?? 0);
  const has = (name: string) => (table ? table.has(name) : mem!.has(name));
  const names = table ? table.header : mem!.names;
  const na = new Set([...(table ? [] : ['NaN']), ...(options.na ?? []).map((s) => s.trim())]);
  const report = new LoadReport(file ? `model frame of ${file}` : 'model frame');
  report.addInput(file ?? 'data', nInput);
  if (table && table.blankRows.length > 0) report.addNote('blank lines ignored', table.blankRows.length);
  if (table && table.droppedColumns.length > 0) report.addColumns(file!, table.droppedColumns, 'dropped', 'personal identifier');

  // Variables in R's model.frame order: response, fixed part, random lhs, grouping factors.
  const fixedRefs = f.fixed.terms.flatMap((t) => t.variables);
  const lhsRefs = f.random.flatMap((r) => r.lhs.terms.flatMap((t) => t.variables));
  const groupNames = f.random.flatMap((r) => r.groupVariables);
  const used = [...new Set([f.response, ...fixedRefs.map((v) => v.name), ...lhsRefs.map((v) => v.name), ...groupNames])];
  const missingCols = used.filter((u) => !has(u));
  if (missingCols.length > 0) {
    const dropped = table?.droppedColumns.includes(missingCols[0]!) ? ' (a personal identifier: never loaded)' : '';
    const avail = names.slice(0, 30).join(', ') + (names.length > 30 ? ', ...' : '');
    throw err.at(`unknown column${dropped} (the data have: ${avail})`, { column: missingCols[0]! });
  }
  const reference: Record<string, string> = { ...(options.reference ?? {}) };
  const fixedNames = new Set([...fixedRefs, ...lhsRefs].map((v) => v.name));
  for (const name of Object.keys(reference)) {
    if (!used.includes(name)) throw err.at(`a reference level is given for '${name}', which is not a variable of ${f.text}`, { column: name });
    if (!fixedNames.has(name)) throw err.at(`'${name}' is a grouping factor: a reference level applies to factors of the fixed part`, { column: name });
  }
  const factorNames = new Set([
    ...groupNames,
    ...[...fixedRefs, ...lhsRefs].filter((v) => v.asFactor).map((v) => v.name),
    ...Object.keys(reference),
  ]);

  // Source columns (all input rows).
  const source = new Map<string, SourceColumn>();
  for (const name of used) {
    source.set(name, table ? tableColumn(table.column(name)) : memoryColumn(mem!.column(name), name, na, rowLabel, f.response, options.response ?? 'numeric', err));
  }

  // Rows: where, then na.omit.
  const pairs = wherePairs(options.where);
  const conditions = new Map<string, Set<string>>();
  for (const [c, v] of pairs) {
    if (!has(c)) throw err.at(`a where condition names column '${c}', which is not in the data (columns: ${names.join(', ')})`, { column: c });
    if (!conditions.has(c)) conditions.set(c, new Set());
    conditions.get(c)!.add(v.trim());
  }
  const whereCols = [...conditions].map(([c, vs]) => ({ vs, text: table ? tableWhereText(table, c, vs) : whereText(mem!.column(c)) }));
  const keep = new Int32Array(nInput);
  let n = 0;
  let whereDropped = 0;
  const missingDrops = new Map<string, { count: number; first: number }>();
  for (let i = 0; i < nInput; i++) {
    if (!whereCols.every((w) => w.vs.has(w.text(i)))) {
      whereDropped++;
      continue;
    }
    let missingIn: string | null = null;
    for (const name of used) {
      const s = source.get(name)!;
      if (s.kind === 'numeric' ? s.missing(i) : s.values[i] === null) {
        missingIn = name;
        break;
      }
    }
    if (missingIn !== null) {
      const d = missingDrops.get(missingIn);
      if (d) d.count++;
      else missingDrops.set(missingIn, { count: 1, first: rowLabel(i) });
      continue;
    }
    keep[n++] = i;
  }
  const rows = keep.slice(0, n);
  if (whereDropped > 0) report.addDrop(`not selected by where (${pairs.map(([c, v]) => `${c}=${v}`).join(', ')})`, 'row', undefined, whereDropped);
  for (const name of used) {
    const d = missingDrops.get(name);
    if (d) report.addDrop(`missing value in ${name}`, 'row', `row ${d.first}`, d.count);
  }
  report.rowsKept = n;
  report.recordsOut = n;
  if (n === 0) {
    const why = nInput === 0 ? 'the data have no rows' : whereDropped === nInput ? `no row matches where ${pairs.map(([c, v]) => `${c}=${v}`).join(' ')}` : `every row has a missing value in one of ${used.join(', ')}`;
    throw err.at(`no rows left: ${why}`, {});
  }

  // Typed variables of the kept rows.
  const columns = new Map<string, FrameColumn>();
  for (const name of used) {
    const s = source.get(name)!;
    if (s.kind === 'numeric') {
      const values = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        const v = s.values[rows[k]!]!;
        if (!Number.isFinite(v)) throw err.at(`${v > 0 ? 'Inf' : '-Inf'} is not a finite number (lme4 stops on infinite values)`, { column: name, row: rowLabel(rows[k]!) });
        values[k] = v;
      }
      if (factorNames.has(name)) {
        const labels = Array.from(values, (v) => String(v));
        const levels = sortLevels(labels);
        columns.set(name, { name, kind: 'factor', ...codesFor(labels, withReference(levels, reference[name], name, err)), fromNumbers: true, numbers: values });
      } else {
        columns.set(name, { name, kind: 'numeric', values });
      }
    } else {
      const labels = Array.from(rows, (i) => s.values[i]!) as string[];
      const distinct = [...new Set(labels)];
      const levels = s.codePointLevels ? distinct.sort(compareCodePoints) : sortLevels(distinct);
      columns.set(name, { name, kind: 'factor', ...codesFor(labels, withReference(levels, reference[name], name, err)), fromNumbers: false });
      if (name === f.response) continue;
      if (s.numericShare > MOSTLY_NUMERIC && s.firstText) {
        report.warnings.push(
          `column ${name} is read as a factor (text), as R would, though ${Math.floor(s.numericShare * 1000) / 10}% of its cells are numbers: ` +
            `row ${s.firstText.row} holds ${showValue(name, s.firstText.value)}. If it should be numeric, correct that cell or declare it missing (--na / options.na).`,
        );
      }
      if (!groupNames.includes(name) && n >= 10 && levels.length >= NEARLY_UNIQUE * n) {
        report.warnings.push(`factor ${name} has ${levels.length} levels for ${n} rows: nearly one level per row (an identifier or a number read as text?)`);
      }
    }
  }

  // The response: numeric for a linear model.
  const y = columns.get(f.response)!;
  if (options.response !== 'ordered' && y.kind === 'factor' && !y.fromNumbers) {
    const s = source.get(f.response)! as Extract<SourceColumn, { kind: 'text' }>;
    const first = rows.find((i) => !Number.isFinite(Number(s.values[i])));
    throw err.at(`the response must be numeric; found ${showValue(f.response, first === undefined ? '' : s.values[first])}`, { column: f.response, row: first === undefined ? undefined : rowLabel(first) });
  }
  // Fixed-effect factors need two levels (lme4: "contrasts can be applied only to factors with 2 or more levels").
  for (const v of fixedRefs) {
    const c = columns.get(v.name)!;
    if (v.name === f.response) continue;
    if ((c.kind === 'factor' && (v.asFactor || !c.fromNumbers || v.name in reference)) && c.levels.length < 2) {
      throw err.at(
        `factor ${v.name} has ${c.levels.length === 1 ? `only one level (${showValue(v.name, c.levels[0])})` : 'no level'} in the ${n} rows used` +
          `${whereDropped > 0 ? ' after the where filter' : ''}; contrasts can be applied only to factors with 2 or more levels (lme4 stops here too)`,
        { column: v.name },
      );
    }
  }
  return { kind: 'model-frame', formula: f, nInput, n, rows, rowNumbers: Int32Array.from(rows, (i) => rowLabel(i)), columns, reference, report, ...(file ? { file } : {}) };
}

/**
 * Text of a cell of a CSV table for a where condition: the cell as written, or for a numeric column whose
 * value equals a number given in the condition, that number as given (so study=1 selects "1.0" too, as
 * R's as.character(1.0) == "1").
 */
function tableWhereText(table: DataTable, name: string, wanted: Set<string>): (i: number) => string {
  const col = table.column(name);
  if (col.kind !== 'numeric') return (i) => table.cell(i, name);
  const byValue = new Map<number, string>();
  for (const w of wanted) if (w !== '' && Number.isFinite(Number(w))) byValue.set(Number(w), w);
  return (i) => byValue.get(col.values[i]!) ?? table.cell(i, name);
}

/** Text of a cell of in-memory data for a where condition. */
function whereText(raw: readonly unknown[]): (i: number) => string {
  return (i) => {
    const v = raw[i];
    return v === null || v === undefined ? '' : String(v).trim();
  };
}

function withReference(levels: string[], ref: string | undefined, name: string, err: Errors): string[] {
  if (ref === undefined) return levels;
  if (!levels.includes(ref)) throw err.at(`reference level '${ref}' is not a level (levels: ${levels.slice(0, 20).join(', ')}${levels.length > 20 ? ', ...' : ''})`, { column: name });
  return [ref, ...levels.filter((l) => l !== ref)];
}

function codesFor(labels: readonly string[], levels: string[]): { levels: string[]; codes: Int32Array } {
  const index = new Map(levels.map((l, i) => [l, i] as const));
  return { levels, codes: Int32Array.from(labels, (l) => index.get(l)!) };
}
