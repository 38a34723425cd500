import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { candidatePythons, debianPackages, findJupyterPython, installInstructions, missingModules, shebangPython, which } from '../../src/pipeline/jupyter';
import { jupyterEnv, KERNEL_NAME } from '../../src/pipeline/kernel';
import { notebookServerArgs } from '../../src/pipeline/server';

const work = mkdtempSync(join(tmpdir(), 'empathy-lab-jupyter-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function script(name: string, body: string): string {
  const file = join(work, name);
  writeFileSync(file, body);
  chmodSync(file, 0o755);
  return file;
}

describe('finding Jupyter', () => {
  it('reads the interpreter from a script\'s #! line', () => {
    expect(shebangPython(script('a', '#!/usr/bin/python3\nprint(1)\n'))).toBe('/usr/bin/python3');
    expect(shebangPython(script('b', '#!/usr/bin/env python3\n'))).toBe(which('python3'));
    expect(shebangPython(script('c', '#!/bin/sh\n'))).toBeNull();
    expect(shebangPython(join(work, 'missing'))).toBeNull();
  });

  it('which() finds executables on a given PATH only', () => {
    const tool = script('some-tool', '#!/bin/sh\n');
    expect(which('some-tool', ['/nonexistent', work].join(delimiter))).toBe(tool);
    expect(which('some-tool', '/nonexistent')).toBeNull();
  });

  it('lists the modules a Python lacks (a Python without site-packages lacks them all)', () => {
    const bare = script('python-bare', '#!/bin/sh\nexec /usr/bin/python3 -S "$@"\n');
    expect(missingModules(bare, 'execute')).toEqual(['jupyter_core', 'jupyter_client', 'nbformat', 'nbclient', 'nbconvert']);
    expect(missingModules(bare, 'notebook')).toEqual(['jupyter_core', 'jupyter_client', 'notebook']);
    expect(missingModules(join(work, 'no-python'), 'execute')).toHaveLength(5);
  });

  it('finds Debian\'s Jupyter on this machine (installed by .ci/run)', () => {
    expect(findJupyterPython('execute').python).not.toBeNull();
    expect(findJupyterPython('notebook').python).not.toBeNull();
  });

  it('EMPATHY_LAB_PYTHON, when set, is the only candidate', () => {
    expect(candidatePythons({ EMPATHY_LAB_PYTHON: '/opt/venv/bin/python' })).toEqual(['/opt/venv/bin/python']);
  });

  it('names the Debian packages to install', () => {
    expect(debianPackages('execute')).toEqual(['jupyter-core', 'jupyter-client', 'jupyter-nbconvert', 'python3-nbclient']);
    expect(debianPackages('notebook')).toEqual(['jupyter-core', 'jupyter-client', 'jupyter-notebook']);
    expect(installInstructions('notebook')).toContain('sudo apt-get install --no-install-recommends jupyter-core jupyter-client jupyter-notebook');
  });
});

describe('kernel and server settings', () => {
  it('puts the project jupyter/ folder first on JUPYTER_PATH, keeping other entries once', () => {
    expect(jupyterEnv('/p', { JUPYTER_PATH: ['/x', '/p/jupyter', '/y'].join(delimiter) }).JUPYTER_PATH).toBe(['/p/jupyter', '/x', '/y'].join(delimiter));
    expect(jupyterEnv('/p', {}).JUPYTER_PATH).toBe('/p/jupyter');
  });

  it('starts the Notebook on localhost with the project kernel as default', () => {
    const args = notebookServerArgs({ notebookDir: '/p', port: 8890, token: 't', defaultUrl: '/tree/notebooks', allowRoot: true });
    expect(args).toEqual([
      '--ip=127.0.0.1',
      '--port=8890',
      '--notebook-dir=/p',
      `--MappingKernelManager.default_kernel_name=${KERNEL_NAME}`,
      '--no-browser',
      '--allow-root',
      '--NotebookApp.token=t',
      '--NotebookApp.default_url=/tree/notebooks',
    ]);
  });
});
