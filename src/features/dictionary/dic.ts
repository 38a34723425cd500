/**
 * Reader for LIWC's .dic format (LIWC2001 to LIWC-22):
 *
 *     %
 *     1	i
 *     2	ppron
 *     %
 *     i	1	2
 *     thank you	7
 *     happ*	8
 *
 * Lines before the first '%' are kept as a preamble (our own dictionaries put their provenance there).
 * Between the two '%' lines: a category id and name per line. After them: one entry per line, the term
 * then its category ids. Fields are separated by tabs; a line without tabs is split at white space and its
 * trailing id-like fields are the categories (so "thank you 7" also works).
 *
 * Handled, with a warning naming file and line: a byte-order mark and CRLF line ends (silently), repeated
 * entries (merged), unknown category ids (ignored), repeated category ids (first kept), a '*' inside a word
 * (literal), an entry without categories (skipped), and LIWC2007's conditional category syntax such as
 * "(02 134)125/464" ("125 if the previous word is in category 2 or 134, else 464"): the condition is not
 * evaluated; the id after the last '/' (the unconditional choice) is kept when it exists, else the field is
 * ignored. Numeric ids are compared as numbers ("02" = "2"). Fatal problems (no '%' lines, a category name
 * defined twice) throw a {@link DictionaryError}.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { EntryCollector } from './entries';
import { type DictionaryCategory, DictionaryError, type DictionaryWarning, type LiwcDictionary } from './types';

const CONDITIONAL = /[()<>/[\]]/;

function canonicalId(id: string): string {
  return /^\d+$/.test(id) ? String(Number(id)) : id;
}

function splitFields(line: string): string[] {
  const raw = line.includes('\t') ? line.split('\t') : line.trim().split(/\s+/);
  return raw.map((f) => f.trim()).filter((f) => f !== '');
}

/**
 * Parses the text of a .dic file. `file` is used in messages and as the dictionary's name.
 * @example parseDic('%\n1\ti\n%\ni\t1\nme\t1\n', 'mini.dic').entries.length // 2
 */
export function parseDic(text: string, file = 'dictionary.dic'): LiwcDictionary {
  const warnings: DictionaryWarning[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const isPercent = (s: string) => s.trim() === '%';

  const open = lines.findIndex(isPercent);
  if (open < 0) {
    throw new DictionaryError("no line holding only '%': a .dic file lists its categories between two such lines", file);
  }
  const closeRel = lines.slice(open + 1).findIndex(isPercent);
  if (closeRel < 0) {
    throw new DictionaryError("the category list opened here is never closed by a second line holding only '%'", file, open + 1);
  }
  const close = open + 1 + closeRel;
  const preamble = lines.slice(0, open).map((l) => l.trimEnd());

  const categories: DictionaryCategory[] = [];
  const byId = new Map<string, number>();
  const nameLine = new Map<string, number>();
  for (let k = open + 1; k < close; k++) {
    const lineNo = k + 1;
    const fields = splitFields(lines[k]!);
    if (fields.length === 0) continue;
    const id = canonicalId(fields[0]!);
    const name = fields[1];
    if (name === undefined) {
      throw new DictionaryError(`category '${fields[0]}' has no name (expected "<id><tab><name>")`, file, lineNo);
    }
    if (byId.has(id)) {
      warnings.push({ file, line: lineNo, message: `category id '${fields[0]}' is defined again (as '${name}'); the first definition ('${categories[byId.get(id)!]!.name}') is kept` });
      continue;
    }
    const seen = nameLine.get(name);
    if (seen !== undefined) {
      throw new DictionaryError(`category name '${name}' is defined twice (lines ${seen} and ${lineNo}); output columns must be unique`, file, lineNo);
    }
    nameLine.set(name, lineNo);
    byId.set(id, categories.length);
    categories.push({ id: fields[0]!, name });
  }
  if (categories.length === 0) throw new DictionaryError('the category list is empty', file, open + 1);

  const categoryName = (i: number) => categories[i]!.name;
  const collector = new EntryCollector(file, warnings);
  const isIdLike = (f: string) => byId.has(canonicalId(f)) || /^\d+$/.test(f);

  for (let k = close + 1; k < lines.length; k++) {
    const lineNo = k + 1;
    const line = lines[k]!;
    if (line.trim() === '') continue;
    let term: string;
    let ids: string[];
    if (line.includes('\t')) {
      const fields = splitFields(line);
      term = fields[0]!;
      ids = fields.slice(1);
    } else {
      const fields = splitFields(line);
      let cut = fields.length;
      while (cut > 1 && isIdLike(fields[cut - 1]!)) cut--;
      term = fields.slice(0, cut).join(' ');
      ids = fields.slice(cut);
    }
    const cats: number[] = [];
    for (const raw of ids) {
      let id = raw;
      if (CONDITIONAL.test(raw)) {
        const slash = raw.lastIndexOf('/');
        const fallback = slash >= 0 ? raw.slice(slash + 1).replace(/[()<>[\]]/g, '') : '';
        const kept = fallback !== '' && byId.has(canonicalId(fallback));
        warnings.push({
          file,
          line: lineNo,
          message:
            `entry '${term}': LIWC2007 conditional category '${raw}' is not evaluated; ` +
            (kept ? `its unconditional category '${categories[byId.get(canonicalId(fallback))!]!.name}' is used` : 'the field is ignored'),
        });
        if (!kept) continue;
        id = fallback;
      }
      const index = byId.get(canonicalId(id));
      if (index === undefined) {
        warnings.push({ file, line: lineNo, message: `entry '${term}': category id '${raw}' is not defined in the category list; ignored` });
        continue;
      }
      if (!cats.includes(index)) cats.push(index);
    }
    collector.add(term, cats, cats.map(() => 1), lineNo, categoryName);
  }

  return {
    name: basename(file, extname(file)),
    file,
    format: 'dic',
    categories,
    entries: collector.entries,
    preamble,
    warnings,
  };
}

/** Reads a .dic file (UTF-8). */
export function readDic(path: string): LiwcDictionary {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new DictionaryError(`cannot read the file (${(err as Error).message})`, path);
  }
  return parseDic(text, path);
}
