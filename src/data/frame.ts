/**
 * Records -> danfojs-node DataFrame, loading danfojs (about 2 s) only when a frame is first asked for.
 *
 * The module is loaded with a require() made by node:module's createRequire, which works the same under
 * tsx/vitest (ESM) and under tslab (CommonJS) and needs no import.meta.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { DataFrame } from 'danfojs-node';
import type * as Danfo from 'danfojs-node';
import type { LoadReport } from './report';
import type { LoadResult } from './types';
import { projectRoot } from '../util/paths';

let danfo: typeof Danfo | undefined;

/** The danfojs-node module (loaded on first use). */
export function danfojs(): typeof Danfo {
  if (danfo === undefined) {
    const req = createRequire(join(projectRoot(), 'package.json'));
    danfo = req('danfojs-node') as typeof Danfo;
  }
  return danfo;
}

/**
 * A DataFrame with one row per record and the given columns in that order.
 * An empty record list gives an empty frame with those columns.
 * @example toFrame([{ rater: 'a', rating: 4 }], ['rater', 'rating']).shape // [1, 2]
 */
export function toFrame<T extends object>(records: readonly T[], columns: readonly (keyof T & string)[]): DataFrame {
  const dfd = danfojs();
  if (records.length === 0) return new dfd.DataFrame([], { columns: [...columns] });
  const data: Record<string, unknown[]> = {};
  for (const c of columns) data[c] = records.map((r) => r[c]);
  return new dfd.DataFrame(data, { columns: [...columns] });
}

/** Packs records, their columns and a report into a {@link LoadResult} whose frame is built once, on demand. */
export function loadResult<T extends object>(records: T[], columns: readonly (keyof T & string)[], report: LoadReport): LoadResult<T> {
  let cached: DataFrame | undefined;
  return {
    records,
    report,
    frame(): DataFrame {
      if (cached === undefined) cached = toFrame(records, columns);
      return cached;
    },
  };
}
