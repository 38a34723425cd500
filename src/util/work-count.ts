/**
 * Counts expensive pieces of work (model fits, cross-validations) while a count is open, by kind and by
 * a key that identifies the work (e.g. a hash of the design), so a pipeline can show, and a test can
 * check, that each distinct piece was done once. Costs nothing when no count is open.
 *
 * Example: `const c = startWorkCount(); ...; c.stop(); c.summary()` // { 'LMM fit': { total: 5, distinct: 5 } }
 */
import { createHash } from 'node:crypto';

/** An open count. */
export interface WorkCount {
  /** Per kind, per key, how often the work was done. */
  readonly counts: Map<string, Map<string, number>>;
  /** Closes the count (later work is not counted). */
  stop(): void;
  /** Per kind: total pieces and distinct keys. */
  summary(): Record<string, { total: number; distinct: number }>;
}

let open: WorkCount | null = null;

/** Opens a count (closing any open one). */
export function startWorkCount(): WorkCount {
  const counts = new Map<string, Map<string, number>>();
  const count: WorkCount = {
    counts,
    stop() {
      if (open === count) open = null;
    },
    summary() {
      const out: Record<string, { total: number; distinct: number }> = {};
      for (const [kind, keys] of counts) out[kind] = { total: [...keys.values()].reduce((a, b) => a + b, 0), distinct: keys.size };
      return out;
    },
  };
  open = count;
  return count;
}

/** Records one piece of work of `kind`; `key` is only computed while a count is open. */
export function countWork(kind: string, key: () => string): void {
  if (open === null) return;
  const k = key();
  let keys = open.counts.get(kind);
  if (!keys) open.counts.set(kind, (keys = new Map()));
  keys.set(k, (keys.get(k) ?? 0) + 1);
}

/** A short hash of numbers and texts, for work keys. */
export function workKey(...parts: (string | number | ArrayLike<number>)[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    if (typeof p === 'string' || typeof p === 'number') h.update(`${p}\u0000`);
    else h.update(new Uint8Array(Float64Array.from(p as ArrayLike<number>).buffer));
  }
  return h.digest('hex').slice(0, 16);
}
