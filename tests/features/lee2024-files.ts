/**
 * Where the feature tests find Lee et al.'s released files: the data cache (data/cache/lee2024, filled by
 * the vitest globalSetup through ensureLee2024) when it holds the file, else the shared folder beside the
 * project (../shared/data/lee2024). One place to switch.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { cacheDir, fromRoot } from '../../src/util/paths';

/** Absolute path of one released file; throws (test fails) when neither place has it. */
export function lee2024File(name: string): string {
  const candidates = [`${cacheDir('lee2024')}/${name}`, fromRoot('..', 'shared', 'data', 'lee2024', name)];
  const found = candidates.find((p) => existsSync(p));
  if (found === undefined) throw new Error(`Lee et al. (2024) file ${name} not found in: ${candidates.join(', ')}`);
  return found;
}

/** A released CSV file as records keyed by column name (BOM removed). */
export function readLee2024Csv(name: string): Record<string, string>[] {
  return parse(readFileSync(lee2024File(name)), { columns: true, bom: true }) as Record<string, string>[];
}
