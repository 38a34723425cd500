/**
 * The order in which `reproduce` starts notebooks, and the staging of files written by steps that run
 * alongside them. With two kernels on two cores the run ends when its longest chain ends: starting the
 * longest notebook first (longest-processing-time order) keeps the other core busy with the short ones.
 * Expected times come from the previous run on this machine (build/cache/notebook-seconds.json), else
 * from the owning study's estimate; the terminal lines and the executed copies do not depend on the order.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Where the wall seconds of the last run of each notebook are kept (ignored, machine-specific). */
export function notebookSecondsFile(root: string): string {
  return join(root, 'build', 'cache', 'notebook-seconds.json');
}

/** Wall seconds of each notebook's last successful run on this machine, by file name ({} when none). */
export function readNotebookSeconds(root: string): Record<string, number> {
  try {
    const parsed = JSON.parse(readFileSync(notebookSecondsFile(root), 'utf8')) as unknown;
    if (parsed === null || typeof parsed !== 'object') return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]) && e[1] >= 0));
  } catch {
    return {};
  }
}

/** Records the wall seconds of notebooks that ran through (keeps the others' earlier times). */
export function recordNotebookSeconds(root: string, runs: readonly { notebook: string; seconds: number }[]): void {
  const times = { ...readNotebookSeconds(root) };
  for (const r of runs) times[basename(r.notebook)] = Math.round(r.seconds * 10) / 10;
  const file = notebookSecondsFile(root);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(times, Object.keys(times).sort(), 2)}\n`);
}

/**
 * Indices of `notebooks` in the order to start them: longest expected time first; notebooks without an
 * expected time after those with one; ties in the given (name) order.
 * @example startOrder(['01.ipynb', '03.ipynb'], { '03.ipynb': 60, '01.ipynb': 20 }) // [1, 0]
 */
export function startOrder(notebooks: readonly string[], expectedSeconds: Readonly<Record<string, number>>): number[] {
  const expected = notebooks.map((n) => expectedSeconds[basename(n)]);
  return notebooks
    .map((_, i) => i)
    .sort((a, b) => {
      const [ea, eb] = [expected[a], expected[b]];
      if (ea !== undefined && eb !== undefined && ea !== eb) return eb - ea;
      if ((ea === undefined) !== (eb === undefined)) return ea === undefined ? 1 : -1;
      return a - b;
    });
}

/**
 * Moves every file under `staging` to the same relative path under `root` (replacing files there), then
 * removes `staging`. Returns the relative paths moved, sorted.
 */
export function publishStaged(staging: string, root: string): string[] {
  const moved: string[] = [];
  const walk = (rel: string): void => {
    const dir = join(staging, rel);
    for (const name of readdirSync(dir).sort()) {
      const relPath = rel ? join(rel, name) : name;
      if (statSync(join(staging, relPath)).isDirectory()) walk(relPath);
      else {
        mkdirSync(dirname(join(root, relPath)), { recursive: true });
        renameSync(join(staging, relPath), join(root, relPath));
        moved.push(relPath);
      }
    }
  };
  if (existsSync(staging)) walk('');
  rmSync(staging, { recursive: true, force: true });
  return moved;
}
