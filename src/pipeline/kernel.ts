/**
 * The project's Jupyter kernel: tslab from node_modules, started in the project root (see
 * jupyter/kernels/tslab-empathy-lab/kernel.json), so notebooks import `./src/...` and read data by
 * root-relative paths. The kernel is started with jupyter/kernel/preload.cjs, which makes tslab's zeromq
 * sends wait for each other (tslab 1.0.22 can otherwise die with EBUSY on a loaded machine). Jupyter
 * finds the kernelspec through JUPYTER_PATH; nothing is installed into the user's Jupyter folders.
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Name of the kernelspec kept in the repository (the notebooks' metadata.kernelspec.name). */
export const KERNEL_NAME = 'tslab-empathy-lab';

/** Folder to put on JUPYTER_PATH: it holds kernels/<KERNEL_NAME>/kernel.json. */
export function jupyterDataDir(root: string): string {
  return join(root, 'jupyter');
}

/**
 * The environment for Jupyter processes: `base` with the project's jupyter/ folder first on
 * JUPYTER_PATH (entries already there are kept after it).
 */
export function jupyterEnv(root: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const existing = base.JUPYTER_PATH ? base.JUPYTER_PATH.split(delimiter).filter((p) => p !== '') : [];
  const dir = jupyterDataDir(root);
  return { ...base, JUPYTER_PATH: [dir, ...existing.filter((p) => p !== dir)].join(delimiter) };
}

/** Throws a readable error unless the kernelspec and the tslab it starts are both in place. */
export function assertKernelInstalled(root: string): void {
  const spec = join(jupyterDataDir(root), 'kernels', KERNEL_NAME, 'kernel.json');
  if (!existsSync(spec)) throw new Error(`kernelspec missing: ${spec} (it is part of the repository; restore it with git).`);
  const tslab = join(root, 'node_modules', 'tslab', 'bin', 'tslab');
  if (!existsSync(tslab)) throw new Error(`tslab is not installed (${tslab} missing): run \`npm ci\` in ${root}.`);
}
