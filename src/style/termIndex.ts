/**
 * The n-gram and emoji counts of a set of texts with every distinct term numbered once, so that the
 * cross-validation code fits a fold's vocabulary by adding numbers in typed arrays instead of building a
 * map of strings per fold. Numbering terms leaks nothing: which terms become columns is still decided
 * from the training rows only (fitVocabularyOnIndex gives exactly fitVocabulary's result).
 */
import type { DocTerms, Vocabulary, VocabularyOptions } from './ngrams';

/** The terms of one namespace (n-grams or emojis): their keys, and each text's term ids and counts. */
export interface TermSpace {
  /** keys[id]: the term. */
  keys: string[];
  /** id of each key. */
  ids: Map<string, number>;
  /** rank[id]: position of keys[id] in code-unit order (the tie-break of the top-k vocabulary). */
  rank: Int32Array;
  /** docIds[d], docCounts[d]: text d's term ids and counts, in the order of its count map. */
  docIds: Int32Array[];
  docCounts: Float64Array[];
}

/** The numbered terms of a set of texts (their DocTerms, same order). */
export interface TermIndex {
  docs: readonly DocTerms[];
  ngrams: TermSpace;
  emojis: TermSpace;
}

function termSpace(maps: readonly ReadonlyMap<string, number>[]): TermSpace {
  const ids = new Map<string, number>();
  const keys: string[] = [];
  const docIds: Int32Array[] = [];
  const docCounts: Float64Array[] = [];
  for (const m of maps) {
    const di = new Int32Array(m.size);
    const dc = new Float64Array(m.size);
    let e = 0;
    for (const [key, c] of m) {
      let id = ids.get(key);
      if (id === undefined) {
        id = keys.length;
        ids.set(key, id);
        keys.push(key);
      }
      di[e] = id;
      dc[e] = c;
      e++;
    }
    docIds.push(di);
    docCounts.push(dc);
  }
  const order = keys.map((_, id) => id).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
  const rank = new Int32Array(keys.length);
  order.forEach((id, r) => (rank[id] = r));
  return { keys, ids, rank, docIds, docCounts };
}

/**
 * Numbers the terms of `docs`.
 * @example const index = indexDocTerms(texts.map((t) => extractDocTerms(t))); fitVocabularyOnIndex(index, trainRows)
 */
export function indexDocTerms(docs: readonly DocTerms[]): TermIndex {
  return { docs, ngrams: termSpace(docs.map((d) => d.ngrams)), emojis: termSpace(docs.map((d) => d.emojis)) };
}

/**
 * The k-th largest of `values` (k >= 1, counting repeats; the array is reordered): the number that
 * sorting ascending and taking values[length - k] gives, up to the sign of a zero (which `>=` does not
 * see). Hoare's quickselect; with a NaN present it sorts (a sort puts NaN last, as topKeys has it).
 * @example kthLargest(Float64Array.of(3, 1, 4, 1, 5), 2) // 4
 */
export function kthLargest(values: Float64Array, k: number): number {
  const n = values.length;
  if (!(k >= 1 && k <= n)) throw new Error(`kthLargest: k = ${k} for ${n} values`);
  for (let i = 0; i < n; i++) if (values[i] !== values[i]) return values.sort()[n - k]!;
  const target = n - k; // position in ascending order
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break; // values[j + 1 .. i - 1] all equal the pivot
  }
  return values[target]!;
}

/**
 * The top-k terms of the rows `rows` of a space: the same keys, in the same order, as ngrams.ts' topKeys
 * on those rows' maps (totals added in row order, threshold from the sorted totals, ties by code unit).
 */
function topKeysOnIndex(space: TermSpace, rows: readonly number[], k: number, rankBy: 'count' | 'documents'): string[] {
  const total = new Float64Array(space.keys.length);
  const seen = new Uint8Array(space.keys.length);
  const present: number[] = []; // ids in the order topKeys' map would hold them (first seen)
  for (const r of rows) {
    const ids = space.docIds[r]!;
    const counts = space.docCounts[r]!;
    for (let e = 0; e < ids.length; e++) {
      const id = ids[e]!;
      if (seen[id] === 0) {
        seen[id] = 1;
        present.push(id);
      }
      total[id] = total[id]! + (rankBy === 'count' ? counts[e]! : 1);
    }
  }
  if (k <= 0) return [];
  const threshold = present.length > k ? kthLargest(Float64Array.from(present, (id) => total[id]!), k) : -Infinity;
  return present
    .filter((id) => total[id]! >= threshold)
    .sort((a, b) => total[b]! - total[a]! || space.rank[a]! - space.rank[b]!)
    .slice(0, k)
    .map((id) => space.keys[id]!);
}

/**
 * The top-k vocabulary of the texts `rows` of the index: equal to fitVocabulary(rows.map((i) => docs[i])).
 * @example fitVocabularyOnIndex(index, fold.train, { topNgrams: 200, topEmojis: 20 })
 */
export function fitVocabularyOnIndex(index: TermIndex, rows: readonly number[], options: VocabularyOptions = {}): Vocabulary {
  const rankBy = options.rankBy ?? 'count';
  return {
    ngrams: topKeysOnIndex(index.ngrams, rows, options.topNgrams ?? 200, rankBy),
    emojis: topKeysOnIndex(index.emojis, rows, options.topEmojis ?? 20, rankBy),
  };
}

/**
 * Raw counts of the texts `rows` in the columns of `vocabulary` (its n-grams, then its emojis), as one
 * row-major array: equal to countMatrix(rows.map((i) => docs[i]), vocabulary), flattened.
 */
export function countRowsOnIndex(index: TermIndex, rows: readonly number[], vocabulary: Vocabulary): Float64Array {
  const pn = vocabulary.ngrams.length;
  const p = pn + vocabulary.emojis.length;
  const column = (space: TermSpace, keys: readonly string[], offset: number): Int32Array => {
    const col = new Int32Array(space.keys.length).fill(-1);
    keys.forEach((key, j) => {
      const id = space.ids.get(key);
      if (id !== undefined) col[id] = offset + j;
    });
    return col;
  };
  const ngramCol = column(index.ngrams, vocabulary.ngrams, 0);
  const emojiCol = column(index.emojis, vocabulary.emojis, pn);
  const out = new Float64Array(rows.length * p);
  rows.forEach((r, i) => {
    for (const [space, col] of [
      [index.ngrams, ngramCol],
      [index.emojis, emojiCol],
    ] as const) {
      const ids = space.docIds[r]!;
      const counts = space.docCounts[r]!;
      for (let e = 0; e < ids.length; e++) {
        const j = col[ids[e]!]!;
        if (j >= 0) out[i * p + j] = counts[e]!;
      }
    }
  });
  return out;
}
