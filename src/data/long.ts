/**
 * A loader for any long-format ratings CSV (one row per rating), so a new study needs a column mapping,
 * not new code.
 *
 * @example
 * const { records, report } = loadLongRatings('data/my_study.csv', {
 *   columns: { rater: 'participant', post: 'item', source: 'condition', rating: 'score', measure: 'question' },
 *   scale: { min: 1, max: 7 },
 *   sourceNames: { GPT: 'gpt4', Human: 'human' },
 * });
 *
 * The file is read with the same rules as every CSV here (src/data/table.ts, R's read.csv): UTF-8 unless
 * `encoding` says otherwise, and a rating cell that is empty, blank, NA, NaN or one of `na` is missing.
 *
 * Checks (each a DataError naming file, row and column): mapped column missing; empty rater/post/source;
 * study/group not a whole number; rating not a number or off the declared scale (or, with
 * `invalid: 'drop'`, a counted drop); a missing rating (dropped and counted by default, or an error with
 * `missing: 'error'`); the same (study, rater, post, source, measure) twice (names both rows); source,
 * post or rater with a single level. Columns named like a Prolific ID never get loaded. `where` keeps only
 * rows whose column equals one of the values given (the others are counted as not selected).
 */
import { readCsv, parseCsv, type CsvTable } from './csv';
import { DEFAULT_NA_STRINGS } from './table';
import { DataError, displayPath, quoteValue } from './errors';
import { loadResult } from './frame';
import { LoadReport } from './report';
import type { InvalidRatingPolicy, LoadResult, LongRatingRecord, RatingScale } from './types';
import { checkScale, DuplicateFinder, readInteger, readRating, requireLevels } from './validate';

/** Which header holds each variable. rater, post, source and rating are required. */
export interface LongColumns {
  rater: string;
  post: string;
  source: string;
  rating: string;
  /** Column naming the question (e.g. empathy / appropriateness); else `options.measure` for every row. */
  measure?: string;
  study?: string;
  group?: string;
  domain?: string;
}

/** How `rater` is built from the raw id: as written, or prefixed so ids that restart per study/group stay unique. */
export type RaterIdScheme = 'as-is' | 'per-study' | 'per-group';

/** Options of {@link loadLongRatings}. */
export interface LongRatingsOptions {
  columns: LongColumns;
  /** The declared rating scale, e.g. { min: 1, max: 5 } (whole numbers unless integer: false). */
  scale: RatingScale;
  /** Study number when there is no study column (default 1). */
  study?: number;
  /** Group number when there is no group column (default 1). */
  group?: number;
  /** Measure name when there is no measure column (default "rating"). */
  measure?: string;
  /** Domain when there is no domain column (default ""). */
  domain?: string;
  /** Raw source name -> canonical name (names not listed are kept as written). */
  sourceNames?: Readonly<Record<string, string>>;
  /** 'as-is' (default): rater = raw id; 'per-study': "s{study}-{id}"; 'per-group': "s{study}g{group}-{id}". */
  raterIds?: RaterIdScheme;
  /** Non-numeric or off-scale rating: 'error' (default) or 'drop' the row (counted, with the first location). */
  invalid?: InvalidRatingPolicy;
  /** Empty rating: 'drop' the row (default; counted) or 'error'. */
  missing?: 'drop' | 'error';
  /** More personal-identifier columns never to load (exact names or patterns), besides /prolific/i. */
  dropColumns?: readonly (string | RegExp)[];
  /** Encoding of the file: utf8 (default), latin1, windows-1252. */
  encoding?: string;
  /** More texts that mark a missing rating (besides empty, blank, NA and NaN). */
  na?: readonly string[];
  /** Keep only rows whose column (as written) equals one of the values: [['measure', 'empathy']]. */
  where?: readonly (readonly [string, string])[];
  /** Title of the load report (default: the file name). */
  title?: string;
}

/** Reads a long-format ratings CSV file; see the module doc for the checks. */
export function loadLongRatings(file: string, options: LongRatingsOptions): LoadResult<LongRatingRecord> {
  return fromTable(readCsv(file, { dropColumns: options.dropColumns, encoding: options.encoding }), options);
}

/** Same as {@link loadLongRatings} for CSV text already in memory; `file` is used in messages. */
export function parseLongRatings(text: string | Uint8Array, file: string, options: LongRatingsOptions): LoadResult<LongRatingRecord> {
  return fromTable(parseCsv(text, file, { dropColumns: options.dropColumns, encoding: options.encoding }), options);
}

const LONG_COLUMNS = ['study', 'group', 'rater', 'rater_raw', 'post', 'domain', 'source', 'measure', 'rating'] as const;

function fromTable(table: CsvTable, options: LongRatingsOptions): LoadResult<LongRatingRecord> {
  const file = table.file;
  const scale = checkScale(options.scale);
  const cols = options.columns as unknown as Record<string, string | undefined> | undefined;
  if (cols === undefined || typeof cols !== 'object') throw new DataError('BAD_OPTION', 'options.columns (the column mapping) is required');
  const report = new LoadReport(options.title ?? displayPath(file));
  report.addInput(file, table.rows.length);
  report.addColumns(file, table.droppedColumns, 'dropped', 'personal identifier');

  const index: Record<string, number> = {};
  for (const key of ['rater', 'post', 'source', 'rating', 'measure', 'study', 'group', 'domain']) {
    const name = cols[key];
    if (name === undefined) {
      if (['rater', 'post', 'source', 'rating'].includes(key)) throw new DataError('BAD_OPTION', `options.columns.${key} is required`);
      continue;
    }
    const at = table.header.indexOf(name);
    if (at < 0) {
      const why = table.droppedColumns.includes(name)
        ? ` (${name} is a personal identifier and is never loaded: map ${key} to an anonymous id column)`
        : ` (columns: ${table.header.slice(0, 12).join(', ')}${table.header.length > 12 ? ', ...' : ''})`;
      throw new DataError('COLUMN_MISSING', `column ${name} (mapped to ${key}) is missing${why}`, { file, row: 1, column: name });
    }
    const again = table.header.indexOf(name, at + 1);
    if (again >= 0) {
      throw new DataError('DUPLICATE_COLUMN', `column ${name} (mapped to ${key}) appears twice (columns ${at + 1} and ${again + 1})`, { file, row: 1, column: name });
    }
    index[key] = at;
  }
  const used = new Set(Object.values(index));
  report.addColumns(file, table.header.filter((_, i) => !used.has(i)), 'ignored', 'not mapped');

  const na = new Set([...DEFAULT_NA_STRINGS, ...(options.na ?? []).map((v) => v.trim())]);
  const selected = new Map<number, Set<string>>();
  for (const [c, v] of options.where ?? []) {
    const at = table.header.indexOf(c);
    if (at < 0) throw new DataError('COLUMN_MISSING', `column ${c} (of a where condition) is missing`, { file, row: 1, column: c });
    if (!selected.has(at)) selected.set(at, new Set());
    selected.get(at)!.add(v.trim());
  }
  let notSelected = 0;
  const scheme = options.raterIds ?? 'as-is';
  const dup = new DuplicateFinder(file, 'rating of');
  const records: LongRatingRecord[] = [];
  const postsRaw: string[] = [];
  let kept = 0;
  for (const r of table.rows) {
    if (![...selected].every(([at, vs]) => vs.has((r.fields[at] ?? '').trim()))) {
      notSelected++;
      continue;
    }
    const where = (key: string) => ({ file, row: r.row, line: r.line, column: cols[key]! });
    const text = (key: string): string => {
      const v = r.fields[index[key]!]!.trim();
      if (v === '') throw new DataError('MISSING_VALUE', `${key} is empty`, where(key));
      return v;
    };
    const study = index.study !== undefined ? readInteger(r.fields[index.study]!, 'study', where('study')) : (options.study ?? 1);
    const group = index.group !== undefined ? readInteger(r.fields[index.group]!, 'group', where('group')) : (options.group ?? 1);
    const raterRaw = text('rater');
    const post = text('post');
    const sourceRaw = text('source');
    const measure = index.measure !== undefined ? text('measure') : (options.measure ?? 'rating');
    const domain = index.domain !== undefined ? r.fields[index.domain]!.trim() : (options.domain ?? '');
    const rawRating = r.fields[index.rating]!;
    const cell = na.has(rawRating.trim()) ? ({ kind: 'empty' } as const) : readRating(rawRating, scale);
    if (cell.kind === 'empty') {
      if (options.missing === 'error') throw new DataError('MISSING_VALUE', 'rating is missing', where('rating'));
      report.addDrop('rating is missing', 'row', `row ${r.row}`);
      continue;
    }
    if (cell.kind === 'invalid') {
      if (options.invalid !== 'drop') throw new DataError(cell.code, cell.problem, where('rating'));
      report.addDrop(cell.reason, 'row', `row ${r.row}, column ${cols.rating}`);
      continue;
    }
    const rater = scheme === 'per-group' ? `s${study}g${group}-${raterRaw}` : scheme === 'per-study' ? `s${study}-${raterRaw}` : raterRaw;
    const source = options.sourceNames?.[sourceRaw] ?? sourceRaw;
    const label = `(rater ${quoteValue(rater)}, post ${quoteValue(post)}, source ${quoteValue(source)}, measure ${quoteValue(measure)}${index.study !== undefined ? `, study ${study}` : ''})`;
    const hint = scheme === 'as-is' && index.group !== undefined ? " (if rater ids restart in each group, pass raterIds: 'per-group')" : '';
    dup.check(JSON.stringify([study, rater, post, source, measure]), label, { row: r.row, line: r.line }, hint);
    postsRaw.push(post);
    records.push({ study, group, rater, rater_raw: raterRaw, post, domain, source, measure, rating: cell.value });
    kept++;
  }
  if (notSelected > 0) report.addDrop(`not selected by where (${(options.where ?? []).map(([c, v]) => `${c}=${v}`).join(', ')})`, 'row', undefined, notSelected);
  if (records.length === 0) {
    throw new DataError('NO_DATA', table.rows.length === 0 ? 'the file has a header but no data rows' : 'no rating is left after the drops in the load report', { file });
  }
  // Posts are numbers when every id is a whole number, else labels.
  if (postsRaw.every((p) => /^[+-]?\d+$/.test(p))) for (const rec of records) rec.post = Number(rec.post);
  requireLevels(records.map((x) => x.source), 'source', cols.source!, file);
  requireLevels(records.map((x) => x.post), 'post', cols.post!, file);
  requireLevels(records.map((x) => x.rater), 'rater', cols.rater!, file);

  report.rowsKept = kept;
  report.recordsOut = records.length;
  if (table.blankRows.length > 0) report.addNote('blank lines ignored', table.blankRows.length);
  const measures = new Map<string, number>();
  for (const x of records) measures.set(x.measure, (measures.get(x.measure) ?? 0) + 1);
  for (const [m, n] of measures) report.addSummary(`${m} ratings`, n);
  report.addSummary('raters', new Set(records.map((x) => x.rater)).size);
  report.addSummary('posts', new Set(records.map((x) => x.post)).size);
  report.addSummary('sources', [...new Set(records.map((x) => x.source))].join(', '));
  return loadResult(records, LONG_COLUMNS, report);
}
