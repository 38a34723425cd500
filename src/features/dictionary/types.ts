/**
 * A LIWC-format dictionary in memory: categories (LIWC's output columns) and entries (words, wildcard
 * stems such as "abandon*", and multi-word phrases such as "thank you"), each entry in one or more
 * categories. Both readers (.dic and LIWC-22's .dicx) produce this shape; match.ts compiles it.
 */
import { relative, isAbsolute } from 'node:path';

/** One category: its id in the file (a number in .dic, the column name in .dicx) and its name. */
export interface DictionaryCategory {
  /** Identifier used by the entries of a .dic file ("1", "12"); equal to the name for .dicx. */
  id: string;
  /** Category (output column) name, e.g. "i" or "emo_pos". */
  name: string;
}

/** One dictionary entry. */
export interface DictionaryEntry {
  /** The entry as normalised: lower case, curly apostrophes as ', single spaces ("thank you", "care*"). */
  term: string;
  /** The term's words; a word ending in '*' matches every word that starts with the part before it. */
  pattern: string[];
  /** Indices into {@link LiwcDictionary.categories}, ascending, without repeats. */
  categories: number[];
  /** Weight per category (parallel to `categories`): 1 in .dic files, the cell value in weighted .dicx files. */
  weights: number[];
  /** Line of the file where the entry is defined (1-based; the first line if repeated). */
  line: number;
}

/** A problem that did not stop reading; the reader kept going as the message says. */
export interface DictionaryWarning {
  /** File (or label) the dictionary came from. */
  file: string;
  /** 1-based line of the file. */
  line?: number;
  /** Column (for .dicx files). */
  column?: string;
  /** What was found and what the reader did about it. */
  message: string;
}

/** A parsed dictionary. */
export interface LiwcDictionary {
  /** Short name (the file name without extension, or a label). */
  name: string;
  /** Path or label of the source, used in messages. */
  file: string;
  /** File format. */
  format: 'dic' | 'dicx';
  /** Categories in file order (the order of the output columns). */
  categories: DictionaryCategory[];
  /** Entries in file order (repeats merged into the first). */
  entries: DictionaryEntry[];
  /** Lines of text before the first '%' of a .dic file (comments about the dictionary). */
  preamble: string[];
  /** Problems met while reading. */
  warnings: DictionaryWarning[];
}

/** A dictionary file that cannot be read; the message names the file and line. */
export class DictionaryError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly column?: string,
  ) {
    super(`${where(file, line, column)}: ${message}`);
    this.name = 'DictionaryError';
  }
}

function shortPath(file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

function where(file: string, line?: number, column?: string): string {
  let s = shortPath(file);
  if (line !== undefined) s += `, line ${line}`;
  if (column !== undefined) s += `, column '${column}'`;
  return s;
}

/** One warning as a line of text: "file, line 12: message". */
export function formatWarning(w: DictionaryWarning): string {
  return `${where(w.file, w.line, w.column)}: ${w.message}`;
}
