/**
 * The paper's reported numbers (data/reported/*.json): typed access to the replication targets.
 * Each claim is one printed number (or interval, or bound such as "p < .001") with its precision.
 */
import { readFileSync } from 'node:fs';

/** A bound the paper states instead of a value, e.g. p < .001 -> { op: '<', value: 0.001 }. */
export interface Bound {
  op: '<' | '>';
  value: number;
}

/** A p value as printed: either a value with decimals or a bound. */
export type ReportedP = Bound | { value: number; decimals: number };

/** One reported number. `value` is a number, or [lower, upper] for an interval. */
export interface Claim {
  id: string;
  kind: string;
  study?: number;
  measure?: string;
  source?: string;
  /** [a, b] means the comparison a vs b (the paper's wording, e.g. ['gpt4', 'human']). */
  contrast?: [string, string];
  value: number | [number, number] | Bound;
  decimals?: number;
  p?: ReportedP;
  /** A count that must match exactly (no "off by one in the last digit" verdict). */
  exact?: boolean;
  /** Free-form fields of later claim kinds (features, classifier, ...). */
  [extra: string]: unknown;
}

/** A file of claims with its bibliographic source. */
export interface ClaimSet {
  paper: string;
  transcribed_from: string;
  claims: Claim[];
}

/** Reads a claim file (default: the Lee et al. 2024 targets in data/reported/lee2024.json). */
export function readClaims(path: string): ClaimSet {
  const set = JSON.parse(readFileSync(path, 'utf8')) as ClaimSet;
  const ids = new Set<string>();
  for (const c of set.claims) {
    if (ids.has(c.id)) throw new Error(`${path}: claim id '${c.id}' appears twice`);
    ids.add(c.id);
  }
  return set;
}
