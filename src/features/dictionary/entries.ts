/**
 * Shared by the .dic and .dicx readers: turns a raw term into a normalised entry pattern and collects
 * entries, merging repeated terms (with a warning).
 */
import { normalizeWord } from '../tokenizer';
import type { DictionaryEntry, DictionaryWarning } from './types';

/** Result of normalising a raw term. */
export interface NormalizedTerm {
  term: string;
  pattern: string[];
  /** Set when the term had a '*' that is not at the end of a word (kept as a literal character). */
  innerWildcard: boolean;
}

/**
 * Lower case, curly apostrophes to ', runs of white space to one space; splits into words.
 * @example normalizeTerm('Thank  You*').pattern // ['thank', 'you*']
 */
export function normalizeTerm(raw: string): NormalizedTerm {
  const term = normalizeWord(raw.trim().replace(/\s+/g, ' '));
  const pattern = term === '' ? [] : term.split(' ');
  const innerWildcard = pattern.some((w) => w.slice(0, -1).includes('*'));
  return { term, pattern, innerWildcard };
}

/** Collects entries in file order and merges a repeated term into its first definition. */
export class EntryCollector {
  readonly entries: DictionaryEntry[] = [];
  private readonly byTerm = new Map<string, DictionaryEntry>();

  constructor(
    private readonly file: string,
    private readonly warnings: DictionaryWarning[],
  ) {}

  /** Adds (or merges) one entry; categories are indices, weights parallel to them. */
  add(rawTerm: string, categories: number[], weights: number[], line: number, categoryName: (i: number) => string, column?: string): void {
    const { term, pattern, innerWildcard } = normalizeTerm(rawTerm);
    if (pattern.length === 0) {
      this.warnings.push({ file: this.file, line, column, message: 'empty entry skipped' });
      return;
    }
    if (innerWildcard) {
      this.warnings.push({
        file: this.file,
        line,
        column,
        message: `entry '${term}' has a '*' that is not at the end of a word: only a trailing '*' is a wildcard, this one is matched as a literal character`,
      });
    }
    if (categories.length === 0) {
      this.warnings.push({ file: this.file, line, column, message: `entry '${term}' has no category and is skipped` });
      return;
    }
    const prior = this.byTerm.get(term);
    if (prior === undefined) {
      const order = categories.map((c, k) => [c, weights[k]!] as const).sort((a, b) => a[0] - b[0]);
      const entry: DictionaryEntry = {
        term,
        pattern,
        categories: order.map((o) => o[0]),
        weights: order.map((o) => o[1]),
        line,
      };
      this.byTerm.set(term, entry);
      this.entries.push(entry);
      return;
    }
    const added: string[] = [];
    for (let k = 0; k < categories.length; k++) {
      const c = categories[k]!;
      if (!prior.categories.includes(c)) {
        prior.categories.push(c);
        prior.weights.push(weights[k]!);
        added.push(categoryName(c));
      }
    }
    const order = prior.categories.map((c, k) => [c, prior.weights[k]!] as const).sort((a, b) => a[0] - b[0]);
    prior.categories = order.map((o) => o[0]);
    prior.weights = order.map((o) => o[1]);
    this.warnings.push({
      file: this.file,
      line,
      column,
      message:
        `entry '${term}' repeats the entry on line ${prior.line}; the two were merged` +
        (added.length > 0 ? ` (categories added: ${added.join(', ')})` : ' (no new category)'),
    });
  }
}
