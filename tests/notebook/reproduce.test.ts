/**
 * `empathy-lab reproduce` on fixture notebooks, through the real tslab kernel and nbconvert:
 * failing cells are reported with their real error and a non-zero exit, executed copies carry
 * the outputs, and two runs give byte-identical notebooks.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { findJupyterPython } from '../../src/pipeline/jupyter';
import { reproduce } from '../../src/pipeline/reproduce';
import type { PostNotebookContext } from '../../src/pipeline/post-steps';
import { FIXTURES, readNotebook, ROOT, startCli, text } from './helpers';

const work = mkdtempSync(join(tmpdir(), 'empathy-lab-reproduce-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the CLI without blocking the other concurrent tests. */
function cli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ status: number; output: string }> {
  const { child, output } = startCli(args, env);
  return new Promise((resolve) => child.on('close', (code) => resolve({ status: code ?? 1, output: output() })));
}

const broken = join(FIXTURES, 'broken');
const ok = join(FIXTURES, 'ok');

// Kernels start and compile TypeScript: on a loaded 2-core machine a run can take a minute.
describe.concurrent('empathy-lab reproduce', { timeout: 300_000 }, () => {
  it('a cell that throws: exit 1, the notebook, cell number, cell source and the real error; later cells not run', async () => {
    // both broken notebooks run at once (two kernels); the first failing one in name order is reported
    const out = join(work, 'runtime');
    const r = await cli(['reproduce', '--dir', broken, '--out', out, '--skip-data', '--no-install', '--jobs', '2']);
    expect(r.status, r.output).toBe(1);
    expect(r.output).toContain('(2 at a time)');
    expect(r.output).toContain('FAILED 01-runtime-error.ipynb');
    expect(r.output).not.toContain('02-type-error.ipynb: cell');
    expect(r.output).toContain('01-runtime-error.ipynb: cell 3 of 4 (code cell 2) failed.');
    expect(r.output).toContain('if (total !== 7) throw new Error(`expected a total of 7, got ${total}`);');
    expect(r.output).toContain('Error: expected a total of 7, got 6');
    expect(r.output).not.toMatch(/node_modules\/tslab|node:vm/); // the kernel's own stack frames are left out
    const nb = readNotebook(join(out, '01-runtime-error.ipynb'));
    const code = nb.cells.filter((c) => c.cell_type === 'code');
    expect(code.map((c) => c.execution_count)).toEqual([1, 2, null]);
    expect(text(code[0].outputs?.[0]?.text)).toBe('ratings loaded: 3\n');
    expect(code[2].outputs).toEqual([]);
  });

  it('a cell that does not type-check: exit 1 with the compiler message', async () => {
    const out = join(work, 'type');
    const r = await cli(['reproduce', 'type-error', '--dir', broken, '--out', out, '--skip-data', '--no-install']);
    expect(r.status, r.output).toBe(1);
    expect(r.output).toContain('02-type-error.ipynb: cell 2 of 3 (code cell 1) failed.');
    expect(r.output).toContain("Type 'string' is not assignable to type 'number'.");
  });

  it('a filter that matches no notebook: an error naming the notebooks there are', async () => {
    await expect(reproduce({ notebooksDir: broken, filters: ['no-such-notebook'], fetchData: false, install: false, log: () => {} })).rejects.toThrow(
      /no notebook in .* matches 'no-such-notebook'; there are: 01-runtime-error\.ipynb, 02-type-error\.ipynb/,
    );
  });

  it('without Jupyter and with --no-install: exit 1 saying how to get it, nothing installed', async () => {
    // A Python that cannot see Debian's dist-packages (-S: no site), so it lacks nbconvert.
    const python = join(work, 'python-without-jupyter');
    writeFileSync(python, '#!/bin/sh\nexec /usr/bin/python3 -S "$@"\n');
    chmodSync(python, 0o755);
    const r = await cli(['reproduce', '--dir', ok, '--skip-data', '--no-install'], { ...process.env, EMPATHY_LAB_PYTHON: python });
    expect(r.status).toBe(1);
    expect(r.output).toContain(`Jupyter is not installed (${python} lacks`);
    expect(r.output).toContain('nbconvert');
    expect(r.output).toContain('apt-get install --no-install-recommends jupyter-core jupyter-client jupyter-nbconvert python3-nbclient');
  });

  it('executes the notebook with its outputs; a second run gives a byte-identical notebook; post steps run after', async () => {
    const out1 = join(work, 'ok1');
    const out2 = join(work, 'ok2');
    const [r1, r2] = await Promise.all([
      cli(['reproduce', '--dir', ok, '--out', out1, '--skip-data', '--no-install', '--cell-times']),
      (async () => {
        const lines: string[] = [];
        const seen: PostNotebookContext[] = [];
        const result = await reproduce({
          notebooksDir: ok,
          outDir: out2,
          fetchData: false,
          install: false,
          log: (m) => lines.push(m),
          steps: [{ name: 'record', run: async (ctx) => void seen.push(ctx) }],
        });
        return { result, lines, seen };
      })(),
    ]);
    expect(r1.status, r1.output).toBe(0);
    // Timing per notebook goes to the terminal, and so do the notebook's run-log lines (runLog) ...
    expect(r1.output).toMatch(/ok {2}01-table-and-figure\.ipynb +\d+\.\d s\n {8}(cell \d+: \d+\.\d\d s\n {8})*fixture run log: started at \d{4}-/);
    // --cell-times: one line per code cell, in the terminal (run 2, without it, gives the same notebook bytes below)
    expect([...r1.output.matchAll(/^ {8}cell (\d+): \d+\.\d\d s$/gm)].map((m) => Number(m[1]))).toEqual([2, 3, 4, 5]);
    expect(r2.lines.join('\n')).not.toMatch(/cell \d+: /);
    expect(r2.result.ok).toBe(true);
    expect(r2.seen).toEqual([{ root: ROOT, writeRoot: ROOT, outDir: out2, executed: [join(out2, '01-table-and-figure.ipynb')], log: expect.any(Function), install: false }]);
    expect(r2.result.stepsRun).toEqual(['record']);

    const file1 = readFileSync(join(out1, '01-table-and-figure.ipynb'), 'utf8');
    const file2 = readFileSync(join(out2, '01-table-and-figure.ipynb'), 'utf8');
    expect(file1 === file2, 'two runs must give identical executed notebooks').toBe(true);

    // Every cell ran: the executed copy is recorded as trusted, so classic Notebook shows its figures.
    const python = findJupyterPython('execute').python!;
    const check = (file: string) =>
      spawnSync(python, ['-c', 'import sys, nbformat; from nbformat.sign import NotebookNotary; print(NotebookNotary().check_signature(nbformat.read(sys.argv[1], as_version=4)))', file], { encoding: 'utf8' });
    expect(check(join(out1, '01-table-and-figure.ipynb')).stdout.trim()).toBe('True');
    expect(r1.output).not.toMatch(/not recorded as trusted/);
    const untouched = join(work, 'never-executed.ipynb');
    writeFileSync(untouched, readFileSync(join(out1, '01-table-and-figure.ipynb'), 'utf8').replace('Mean empathy rating by source', 'Edited'));
    expect(check(untouched).stdout.trim()).toBe('False');

    const nb = readNotebook(join(out1, '01-table-and-figure.ipynb'));
    const code = nb.cells.filter((c) => c.cell_type === 'code');
    expect(code.map((c) => c.execution_count)).toEqual([1, 2, 3, 4]);
    // ... not into the notebook: no timing metadata, no run log.
    expect(file1).not.toMatch(/"execution":|ExecuteTime|iopub\.status/);
    expect(code[0].outputs).toEqual([]);
    const table = code[1].outputs?.[0];
    expect(table?.output_type).toBe('display_data');
    expect(text(table?.data?.['text/html'])).toMatch(/<td style="text-align:right;[^"]*">3\.62<\/td>/);
    expect(text(table?.data?.['text/plain'])).toContain('gpt4    120  3.62  0.95');
    const figures = [code[2].outputs?.[0], code[3].outputs?.[0]];
    for (const f of figures) expect(Object.keys(f?.data ?? {}).sort()).toEqual(['application/vnd.plotly.v1+json', 'text/html', 'text/plain']);
    expect((figures[0]?.data?.['application/vnd.plotly.v1+json'] as { data: { y: number[] }[] }).data[0].y).toEqual([2.8912, 3.6215, 3.4125]);
    // plotly.js inlined once per notebook, in the first figure; deterministic figure ids.
    expect(file1.split('window.Plotly = Plotly;').length - 1).toBe(1);
    expect(text(figures[0]?.data?.['text/html'])).toContain('window.Plotly = Plotly;');
    const ids = [...file1.matchAll(/class=\\"empathy-lab-figure\\" data-figure-id=\\"([^"\\]+)\\"/g)].map((m) => m[1]);
    expect(ids).toEqual(['empathy-lab-figure-1', 'empathy-lab-figure-2']);
    expect(text(code[3].outputs?.[1]?.data?.['text/plain'])).toBe('3 sources');
  });
});
