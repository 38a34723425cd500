/**
 * LIWC output files (one row per text, LIWC-22's category columns in percent of words, WC in words)
 * -> one record per text with its study, post and source and the numeric category values.
 *
 * {@link parseLiwcOutput} reads any such file given the columns naming the post and the source (a study
 * wraps it for its own files: src/studies/lee2024/data.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv, type CsvTable } from './csv';
import { DataError, displayPath } from './errors';
import { danfojs, toFrame } from './frame';
import { LoadReport } from './report';
import type { LoadResult } from './types';
import { DuplicateFinder, readInteger } from './validate';
import { cacheDir } from '../util/paths';

/** One text of a LIWC output file. */
export interface LiwcRecord {
  study: number;
  post: number;
  /** Canonical source name (e.g. gpt4 for the file's gpt_base). */
  source: string;
  /** 'column': the source column named it; 'position': placed by its position among the post's rows. */
  placed: 'column' | 'position';
  /** LIWC's numeric columns (WC in words, WPS in words per sentence, categories in percent of words). */
  values: Record<string, number>;
}

/** How to read a LIWC output file. */
export interface LiwcParseOptions {
  study: number;
  /** Column with the post number (default post_num). */
  postColumn?: string;
  /** Column with the source name (default ColumnID). */
  sourceColumn?: string;
  /** First numeric column; it and every column after it are read as numbers (default WC). */
  firstValueColumn?: string;
  /** Raw source name -> canonical name (names not listed are kept). */
  sourceNames?: Readonly<Record<string, string>>;
  /**
   * Sources in the order a post's rows appear, used for rows whose source cell is blank
   * (default: a blank source is an error naming the row).
   */
  positionalSources?: readonly string[];
  /**
   * The canonical sources every post must have (default: any). A row naming another source is an error
   * naming its file, row and column; a post without one of them, an error naming the post.
   */
  sources?: readonly string[];
}

/**
 * Parses a LIWC output table. Numeric cells must be numbers (an error names the file, row and column)
 * or empty (kept as NaN and counted in the report, as LIWC leaves undefined summary variables empty);
 * each (post, source) must appear once.
 */
export function parseLiwcOutput(table: CsvTable, options: LiwcParseOptions): { records: LiwcRecord[]; report: LoadReport; valueColumns: string[] } {
  const file = table.file;
  if (table.rows.length === 0) throw new DataError('NO_DATA', 'the file has a header but no data rows', { file });
  const h = table.header;
  const col = (name: string): number => {
    const i = h.indexOf(name);
    if (i < 0) throw new DataError('COLUMN_MISSING', `required column ${name} is missing`, { file, row: 1, column: name });
    return i;
  };
  const postName = options.postColumn ?? 'post_num';
  const sourceName = options.sourceColumn ?? 'ColumnID';
  const postCol = col(postName);
  const sourceCol = col(sourceName);
  const first = col(options.firstValueColumn ?? 'WC');
  const valueColumns = h.slice(first);
  const report = new LoadReport(`${displayPath(file)} (LIWC output, Study ${options.study})`);
  report.addInput(file, table.rows.length);
  report.addColumns(file, table.droppedColumns, 'dropped', 'personal identifier');
  report.addColumns(file, h.slice(0, first).filter((_, i) => i !== postCol && i !== sourceCol), 'ignored', 'text and identifiers, not LIWC values');

  const names = options.sourceNames ?? {};
  const records: LiwcRecord[] = [];
  const seenInPost = new Map<number, number>();
  const keys = new DuplicateFinder(file, '(post, source)');
  let positional = 0;
  const empty = new Map<string, number>();
  for (const r of table.rows) {
    const where = (column: string) => ({ file, row: r.row, line: r.line, column });
    const post = readInteger(r.fields[postCol]!, postName, where(postName));
    const k = seenInPost.get(post) ?? 0;
    seenInPost.set(post, k + 1);
    let raw = r.fields[sourceCol]!.trim();
    let placed: LiwcRecord['placed'] = 'column';
    if (raw === '') {
      const bySlot = options.positionalSources?.[k];
      if (bySlot === undefined) {
        throw new DataError('MISSING_VALUE', `${sourceName} is empty${options.positionalSources ? ` and post ${post} has no position ${k + 1} in the source order` : ''}`, where(sourceName));
      }
      raw = bySlot;
      placed = 'position';
      positional++;
    }
    const source = names[raw] ?? raw;
    if (options.sources && !options.sources.includes(source)) {
      throw new DataError('INCONSISTENT', `${sourceName} '${raw}' is not one of the file's sources (${options.sources.join(', ')})`, where(sourceName));
    }
    keys.check(`${post}\u0000${source}`, `post ${post}, source ${source}`, where(sourceName));
    const values: Record<string, number> = {};
    valueColumns.forEach((name, j) => {
      const cell = r.fields[first + j]!.trim();
      if (cell === '') {
        // LIWC leaves a cell empty when a summary variable is undefined (e.g. Tone of a text with no tone words).
        values[name] = NaN;
        empty.set(name, (empty.get(name) ?? 0) + 1);
        return;
      }
      const v = Number(cell);
      if (!Number.isFinite(v)) throw new DataError('NOT_NUMERIC', `${name} '${cell}' is not a number`, where(name));
      values[name] = v;
    });
    records.push({ study: options.study, post, source, placed, values });
  }
  if (options.sources) {
    const have = new Set(records.map((r) => `${r.post}\u0000${r.source}`));
    for (const post of seenInPost.keys()) {
      const missing = options.sources.filter((s) => !have.has(`${post}\u0000${s}`));
      if (missing.length > 0) throw new DataError('INCONSISTENT', `post ${post} has no row for source ${missing.join(', ')}`, { file, column: sourceName });
    }
  }
  report.rowsKept = records.length;
  report.recordsOut = records.length;
  for (const [name, n] of empty) report.addNote(`empty ${name} cells (kept as missing, NaN)`, n);
  if (positional > 0) report.addNote(`rows with a blank ${sourceName}, source taken from their position in the post`, positional);
  if (table.blankRows.length > 0) report.addNote('blank lines ignored', table.blankRows.length);
  report.addSummary('texts', records.length);
  report.addSummary('posts', seenInPost.size);
  report.addSummary('value columns', valueColumns.length);
  return { records, report, valueColumns };
}

/** A LoadResult whose frame has study, post, source, placed and one column per LIWC value. */
export function liwcResult(records: LiwcRecord[], valueColumns: readonly string[], report: LoadReport): LoadResult<LiwcRecord> {
  let cached: ReturnType<typeof toFrame> | undefined;
  return {
    records,
    report,
    frame() {
      if (cached) return cached;
      const flat = records.map((r) => ({ study: r.study, post: r.post, source: r.source, placed: r.placed, ...r.values }));
      const columns = ['study', 'post', 'source', 'placed', ...valueColumns];
      cached = flat.length === 0 ? new (danfojs().DataFrame)([], { columns }) : toFrame(flat as Record<string, unknown>[], columns);
      return cached;
    },
  };
}
