/**
 * Reads a dictionary file of either LIWC format, chosen by extension (.dic or .dicx) or, for other
 * extensions, by content (a line holding only '%' means .dic).
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseDic } from './dic';
import { parseDicx } from './dicx';
import { DictionaryError, type LiwcDictionary } from './types';

/**
 * Parses dictionary text; `file` names it in messages and decides the format by its extension.
 * @example parseDictionary('%\n1\ti\n%\ni\t1\n', 'mine.dic').format // 'dic'
 */
export function parseDictionary(text: string, file: string): LiwcDictionary {
  const ext = extname(file).toLowerCase();
  if (ext === '.dic') return parseDic(text, file);
  if (ext === '.dicx') return parseDicx(text, file);
  return /^\s*%\s*$/m.test(text) ? parseDic(text, file) : parseDicx(text, file);
}

/** Reads a .dic or .dicx file (UTF-8). Throws {@link DictionaryError} naming the file (and line) on failure. */
export function readDictionary(path: string): LiwcDictionary {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new DictionaryError(`cannot read the file (${(err as Error).message})`, path);
  }
  return parseDictionary(text, path);
}
