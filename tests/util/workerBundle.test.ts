/**
 * The cached worker bundles of src/util/workerBundle.ts, on a throw-away project (a temp folder with a
 * package.json, a worker entry importing a second file, and the real node_modules for esbuild): the bundle
 * is built once and reused, an edited source file rebuilds it, a file edited just now is bundled but not
 * cached, and without esbuild or with a broken source there is no bundle (callers fall back to tsx).
 */
import { mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startWorker, workerCacheDir, workerCode, type WorkerCode } from '../../src/util/workerBundle';
import { projectRoot } from '../../src/util/paths';

const ENTRY = 'src/w/worker-main.ts';

/** A temp project whose worker replies with dep.ts's value times workerData. */
function project(withNodeModules = true): { root: string; write(path: string, text: string, settled?: boolean): void } {
  const root = mkdtempSync(join(tmpdir(), 'worker-bundle-'));
  mkdirSync(join(root, 'src', 'w'), { recursive: true });
  if (withNodeModules) symlinkSync(join(projectRoot(), 'node_modules'), join(root, 'node_modules'), 'dir');
  const write = (path: string, text: string, settled = true) => {
    const file = join(root, path);
    writeFileSync(file, text);
    if (settled) utimesSync(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000)); // edited a minute ago
  };
  write('package.json', JSON.stringify({ name: 'empathy-lab', type: 'module' }));
  write(ENTRY, "import { parentPort, workerData } from 'node:worker_threads';\nimport { value } from './dep';\nparentPort!.postMessage(value * (workerData as number));\n");
  write('src/w/dep.ts', 'export const value: number = 2;\n');
  return { root, write };
}

/** What a worker started from `code` replies. */
async function reply(code: WorkerCode, data: number): Promise<unknown> {
  const w = startWorker(code, 'no-fallback.mjs', { workerData: data });
  try {
    return await new Promise((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
  } finally {
    await w.terminate();
  }
}

describe('workerCode (cached esbuild bundles of worker entries)', () => {
  it('builds the bundle once, reuses it, and rebuilds it when a bundled source changes', async () => {
    const { root, write } = project();
    const first = workerCode(ENTRY, root);
    expect(first?.kind).toBe('file');
    const file1 = (first as { file: string }).file;
    expect(file1.startsWith(workerCacheDir(root))).toBe(true);
    expect(await reply(first, 5)).toBe(10);
    const manifest = join(workerCacheDir(root), 'src-w-worker-main.json');
    const stamp = statSync(manifest).mtimeMs;
    // Unchanged sources: the same file, and no new manifest written.
    expect(workerCode(ENTRY, root)).toEqual(first);
    expect(statSync(manifest).mtimeMs).toBe(stamp);
    // A touched file with the same content: still the same bundle.
    utimesSync(join(root, 'src/w/dep.ts'), new Date(Date.now() - 30_000), new Date(Date.now() - 30_000));
    expect(workerCode(ENTRY, root)).toEqual(first);
    // An edited import: a new bundle with the new code.
    write('src/w/dep.ts', 'export const value: number = 3;\n');
    const second = workerCode(ENTRY, root);
    expect(second?.kind).toBe('file');
    expect((second as { file: string }).file).not.toBe(file1);
    expect(await reply(second, 5)).toBe(15);
    expect(JSON.parse(readFileSync(manifest, 'utf8')).inputs.map((i: unknown[]) => i[0]).sort()).toEqual(['src/w/dep.ts', ENTRY]);
  });

  it('does not cache a bundle of a file edited just now (it may have changed while esbuild read it)', async () => {
    const { root, write } = project();
    write('src/w/dep.ts', 'export const value: number = 7;\n', false);
    const code = workerCode(ENTRY, root);
    expect(code?.kind).toBe('code');
    expect(await reply(code, 1)).toBe(7);
  });

  it('gives null without esbuild or when the sources do not build', () => {
    expect(workerCode(ENTRY, project(false).root)).toBeNull();
    const { root, write } = project();
    write('src/w/dep.ts', 'export const value: number = ;\n');
    expect(workerCode(ENTRY, root)).toBeNull();
  });
});
