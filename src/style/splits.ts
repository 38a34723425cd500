/**
 * Train/test splits that keep groups (posts) whole: no post has texts in both the training and the
 * test part of a fold, so a classifier cannot score by recognising the post's topic.
 * All splits are seeded (src/stats/random) and therefore reproducible.
 */
import { createRng, shuffled, type Rng } from '../stats/random';

/** Row indices of one train/test split. */
export interface Fold {
  train: number[];
  test: number[];
}

function distinctGroups(groups: readonly (string | number)[]): { keys: string[]; byGroup: Map<string, number[]> } {
  const byGroup = new Map<string, number[]>();
  groups.forEach((g, i) => {
    const key = String(g);
    const rows = byGroup.get(key);
    if (rows) rows.push(i);
    else byGroup.set(key, [i]);
  });
  // Sorted keys first, so the result depends on the seed and the set of groups, not on row order.
  const keys = [...byGroup.keys()].sort();
  return { keys, byGroup };
}

function foldsFromAssignment(n: number, testSets: number[][]): Fold[] {
  return testSets.map((test) => {
    const inTest = new Uint8Array(n);
    for (const i of test) inTest[i] = 1;
    const train: number[] = [];
    for (let i = 0; i < n; i++) if (!inTest[i]) train.push(i);
    return { train, test: test.slice().sort((a, b) => a - b) };
  });
}

/**
 * Grouped K-fold: the distinct groups are shuffled with `rng` and dealt round-robin to k folds
 * (fold sizes differ by at most one group). Every row is in exactly one test set.
 * @example groupKFold(docs.map((d) => d.group), 5, createRng(1))
 */
export function groupKFold(groups: readonly (string | number)[], k: number, rng: Rng): Fold[] {
  const { keys, byGroup } = distinctGroups(groups);
  if (!Number.isInteger(k) || k < 2) throw new Error(`groupKFold: k must be an integer >= 2, got ${k}`);
  if (k > keys.length) throw new Error(`groupKFold: k = ${k} folds but only ${keys.length} distinct groups`);
  const order = shuffled(keys, rng);
  const testSets: number[][] = Array.from({ length: k }, () => []);
  order.forEach((key, pos) => testSets[pos % k]!.push(...byGroup.get(key)!));
  return foldsFromAssignment(groups.length, testSets);
}

/** Options of repeated grouped K-fold. */
export interface RepeatedFoldOptions {
  /** Default 5. */
  folds?: number;
  /** Default 10. */
  repeats?: number;
  /** Default 1. */
  seed?: number;
}

/** R independent grouped K-fold partitions drawn from one seeded stream: result[r] is repeat r's folds. */
export function repeatedGroupKFold(groups: readonly (string | number)[], options: RepeatedFoldOptions = {}): Fold[][] {
  const rng = createRng(options.seed ?? 1);
  const repeats = options.repeats ?? 10;
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`repeatedGroupKFold: repeats must be an integer >= 1, got ${repeats}`);
  return Array.from({ length: repeats }, () => groupKFold(groups, options.folds ?? 5, rng));
}

/** Options of a single train/test split. */
export interface HoldoutSplitOptions {
  /** Share of rows (or of groups, when grouped) in the test part; default 0.1 (the paper's 90:10). */
  testFraction?: number;
  /** When given, whole groups go to the test part: round(testFraction x number of groups) of them. */
  groups?: readonly (string | number)[];
}

/**
 * One seeded train/test split of n rows: round(testFraction x n) random rows (or whole groups) are
 * held out. A single split is high-variance (with 360 texts the test part has 36); prefer repeated
 * grouped K-fold for estimates and use this only to compare with a paper that reports one split.
 */
export function holdoutSplit(n: number, rng: Rng, options: HoldoutSplitOptions = {}): Fold {
  const f = options.testFraction ?? 0.1;
  if (!(f > 0 && f < 1)) throw new Error(`holdoutSplit: testFraction must be in (0, 1), got ${f}`);
  if (options.groups) {
    if (options.groups.length !== n) throw new Error(`holdoutSplit: ${options.groups.length} groups for ${n} rows`);
    const { keys, byGroup } = distinctGroups(options.groups);
    const m = Math.max(1, Math.min(keys.length - 1, Math.round(f * keys.length)));
    const test = shuffled(keys, rng)
      .slice(0, m)
      .flatMap((key) => byGroup.get(key)!);
    return foldsFromAssignment(n, [test])[0]!;
  }
  const m = Math.max(1, Math.min(n - 1, Math.round(f * n)));
  const rows = Array.from({ length: n }, (_, i) => i);
  return foldsFromAssignment(n, [shuffled(rows, rng).slice(0, m)])[0]!;
}
