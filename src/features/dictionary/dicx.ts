/**
 * Reader for LIWC-22's .dicx format (what LIWC-22's Dictionary Workbench saves): a CSV file whose first
 * column holds the terms and whose other columns are the categories; a cell marks membership.
 *
 *     DicTerm,i,ppron,emo_pos
 *     i,X,X,
 *     happ*,,,X
 *
 * Cells: empty = not in the category; "X" (any case) = in it with weight 1; a number = in it with that
 * weight (weighted dictionaries; 0 = not in it). Anything else counts as membership with weight 1 and a
 * warning. A first header other than "DicTerm" is accepted with a warning. Repeated terms are merged and
 * empty category headers skipped, with warnings naming the line and column. BOM and CRLF are handled.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { EntryCollector } from './entries';
import { type DictionaryCategory, DictionaryError, type DictionaryWarning, type LiwcDictionary } from './types';

interface CsvRecord {
  record: string[];
  info: { lines: number };
}

/**
 * Parses the text of a .dicx file.
 * @example parseDicx('DicTerm,i\ni,X\nme,X\n', 'mini.dicx').categories[0].name // 'i'
 */
export function parseDicx(text: string, file = 'dictionary.dicx'): LiwcDictionary {
  const warnings: DictionaryWarning[] = [];
  let records: CsvRecord[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as CsvRecord[];
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw new DictionaryError(`not a readable CSV file (${e.message})`, file, e.lines);
  }
  if (records.length === 0) throw new DictionaryError('the file is empty', file);

  const header = records[0]!.record.map((h) => h.trim());
  if (header.length < 2) throw new DictionaryError('the header has no category column (expected "DicTerm,<category>,...")', file, 1);
  if (header[0]!.toLowerCase() !== 'dicterm') {
    warnings.push({ file, line: 1, column: header[0], message: `the first column is '${header[0]}', not 'DicTerm'; it is read as the terms` });
  }
  const categories: DictionaryCategory[] = [];
  const columnCategory: (number | undefined)[] = [undefined];
  for (let c = 1; c < header.length; c++) {
    const name = header[c]!;
    if (name === '') {
      warnings.push({ file, line: 1, column: `#${c + 1}`, message: `column ${c + 1} has no name and is skipped` });
      columnCategory.push(undefined);
      continue;
    }
    if (categories.some((k) => k.name === name)) {
      throw new DictionaryError(`category '${name}' appears twice in the header; output columns must be unique`, file, 1, name);
    }
    columnCategory.push(categories.length);
    categories.push({ id: name, name });
  }

  const categoryName = (i: number) => categories[i]!.name;
  const collector = new EntryCollector(file, warnings);
  for (let r = 1; r < records.length; r++) {
    const { record, info } = records[r]!;
    const line = info.lines;
    const term = (record[0] ?? '').trim();
    if (term === '' && record.every((f) => f.trim() === '')) continue;
    if (record.length > header.length) {
      warnings.push({ file, line, message: `entry '${term}' has ${record.length} fields, the header ${header.length}; the extra fields are ignored` });
    }
    const cats: number[] = [];
    const weights: number[] = [];
    for (let c = 1; c < Math.min(record.length, header.length); c++) {
      const k = columnCategory[c];
      const cell = record[c]!.trim();
      if (k === undefined || cell === '') continue;
      let weight = 1;
      if (/^x$/i.test(cell)) weight = 1;
      else if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cell)) weight = Number(cell);
      else {
        warnings.push({ file, line, column: header[c], message: `entry '${term}': cell '${cell}' is neither X nor a number; read as membership (weight 1)` });
      }
      if (weight === 0) continue;
      cats.push(k);
      weights.push(weight);
    }
    collector.add(term, cats, weights, line, categoryName);
  }

  return {
    name: basename(file, extname(file)),
    file,
    format: 'dicx',
    categories,
    entries: collector.entries,
    preamble: [],
    warnings,
  };
}

/** Reads a .dicx file (UTF-8). */
export function readDicx(path: string): LiwcDictionary {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new DictionaryError(`cannot read the file (${(err as Error).message})`, path);
  }
  return parseDicx(text, path);
}
