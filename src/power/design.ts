/**
 * The layout of a planned rating study: R raters, P posts (items), K responses per post (the conditions
 * compared, e.g. GPT-4, Llama-2, Mistral), each rater rating every response of m posts (Study 2 of Lee et
 * al. 2024: P = 120, K = 3, m = 10, R = 202). Posts are given to raters cyclically (rater r gets posts
 * r m, r m + 1, ..., r m + m - 1 modulo P), so every post is rated by R m / P raters (+-1): a balanced
 * incomplete design without randomness, the same for every simulated data set.
 */

/** A planned study without its number of raters. */
export interface StudyLayout {
  /** Number of posts (items). */
  posts: number;
  /** Posts each rater rates. */
  postsPerRater: number;
  /** The responses of each post (condition levels), e.g. ['gpt4', 'llama2', 'mistral']. */
  conditions: string[];
  /** Column name of the condition factor (default "source"). */
  factor?: string;
}

/** The rows of a simulated study: one per rating, in rater, post, condition order. */
export interface RatingTable {
  raters: number;
  n: number;
  /** Rater index (0-based) of each row. */
  rater: Int32Array;
  /** Post index (0-based) of each row. */
  post: Int32Array;
  /** post:rater cell index (0-based, rater-major) of each row. */
  cell: Int32Array;
  /** Condition index of each row. */
  condition: Int32Array;
  /** Number of post:rater cells. */
  cells: number;
}

/** Checks a layout and returns the factor name. */
export function checkLayout(layout: StudyLayout): string {
  const { posts, postsPerRater, conditions } = layout;
  if (!Number.isInteger(posts) || posts < 2) throw new Error(`layout.posts must be an integer >= 2 (got ${posts})`);
  if (!Number.isInteger(postsPerRater) || postsPerRater < 1 || postsPerRater > posts) throw new Error(`layout.postsPerRater must be an integer in 1..posts (got ${postsPerRater})`);
  if (conditions.length < 2 || new Set(conditions).size !== conditions.length) throw new Error(`layout.conditions must name at least 2 distinct conditions (got ${conditions.join(', ')})`);
  return layout.factor ?? 'source';
}

/**
 * The rating table of `raters` raters.
 * @example ratingTable({ posts: 120, postsPerRater: 10, conditions: ['gpt4', 'llama2', 'mistral'] }, 100).n // 3000
 */
export function ratingTable(layout: StudyLayout, raters: number): RatingTable {
  checkLayout(layout);
  if (!Number.isInteger(raters) || raters < 2) throw new Error(`the number of raters must be an integer >= 2 (got ${raters})`);
  const { posts, postsPerRater: m } = layout;
  const K = layout.conditions.length;
  const n = raters * m * K;
  const rater = new Int32Array(n);
  const post = new Int32Array(n);
  const cell = new Int32Array(n);
  const condition = new Int32Array(n);
  let i = 0;
  for (let r = 0; r < raters; r++) {
    for (let k = 0; k < m; k++) {
      const p = (r * m + k) % posts;
      for (let c = 0; c < K; c++) {
        rater[i] = r;
        post[i] = p;
        cell[i] = r * m + k;
        condition[i] = c;
        i++;
      }
    }
  }
  return { raters, n, rater, post, cell, condition, cells: raters * m };
}

/** Data rows (rating, factor, rater, post) for the model code; labels r001.., p001... */
export function tableRows(layout: StudyLayout, table: RatingTable, ratings: ArrayLike<number>): Record<string, string | number>[] {
  const factor = checkLayout(layout);
  const pad = (x: number, w: number) => String(x + 1).padStart(w, '0');
  const wr = String(table.raters).length;
  const wp = String(layout.posts).length;
  const rows: Record<string, string | number>[] = new Array(table.n);
  for (let i = 0; i < table.n; i++) {
    rows[i] = { rating: ratings[i]!, [factor]: layout.conditions[table.condition[i]!]!, rater: `r${pad(table.rater[i]!, wr)}`, post: `p${pad(table.post[i]!, wp)}` };
  }
  return rows;
}
