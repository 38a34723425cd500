/**
 * Project-relative paths. Notebooks run with the project root as working directory (see
 * jupyter/kernels), the CLI may run anywhere inside the project: both find the root by walking up
 * from the working directory to the package.json named "empathy-lab". (No import.meta here: tslab
 * compiles src/ as CommonJS.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Absolute path of the project root (the folder whose package.json is named empathy-lab). */
export function projectRoot(from: string = process.cwd()): string {
  let dir = resolve(from);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'empathy-lab') return dir;
      } catch {
        /* not ours; keep walking */
      }
    }
    const up = dirname(dir);
    if (up === dir) return resolve(from);
    dir = up;
  }
}

/** Resolves a path relative to the project root. */
export function fromRoot(...parts: string[]): string {
  return join(projectRoot(), ...parts);
}

/** Folder of the ignored data cache for one data set, e.g. data/cache/lee2024. */
export function cacheDir(dataset = 'lee2024'): string {
  return fromRoot('data', 'cache', dataset);
}
