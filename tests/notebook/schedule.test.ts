/**
 * How `reproduce` schedules: notebooks start longest first (times of the last run, else the study's
 * estimate) while the terminal keeps notebook order; a step that reads nothing the notebooks write runs
 * on a free core and its files reach the project only when every notebook ran through. The kernel is
 * replaced by a stand-in (`execute`) so the order and timing are under the test's control.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NotebookRun } from '../../src/pipeline/execute';
import type { PostNotebookStep } from '../../src/pipeline/post-steps';
import { reproduce } from '../../src/pipeline/reproduce';
import { publishStaged, readNotebookSeconds, recordNotebookSeconds, startOrder } from '../../src/pipeline/schedule';
import { ROOT } from './helpers';

const work = mkdtempSync(join(tmpdir(), 'empathy-lab-schedule-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('start order and timing history', () => {
  it('longest expected first, unknown ones after, ties in name order', () => {
    const nbs = ['/x/01-a.ipynb', '/x/02-b.ipynb', '/x/03-c.ipynb', '/x/04-d.ipynb', '/x/05-e.ipynb'];
    expect(startOrder(nbs, { '03-c.ipynb': 70, '04-d.ipynb': 40, '01-a.ipynb': 22, '02-b.ipynb': 22 })).toEqual([2, 3, 0, 1, 4]);
    expect(startOrder(nbs, {})).toEqual([0, 1, 2, 3, 4]);
  });

  it('records the wall seconds of the notebooks that ran and keeps the others', () => {
    const root = join(work, 'history');
    expect(readNotebookSeconds(root)).toEqual({});
    recordNotebookSeconds(root, [{ notebook: '/n/01-a.ipynb', seconds: 21.04 }, { notebook: '/n/03-c.ipynb', seconds: 69.96 }]);
    recordNotebookSeconds(root, [{ notebook: '/n/01-a.ipynb', seconds: 19.5 }]);
    expect(readNotebookSeconds(root)).toEqual({ '01-a.ipynb': 19.5, '03-c.ipynb': 70 });
    writeFileSync(join(root, 'build', 'cache', 'notebook-seconds.json'), '{"01-a.ipynb": "soon", "02-b.ipynb": 3');
    expect(readNotebookSeconds(root)).toEqual({}); // unreadable history: name order, no error
  });

  it('publishStaged moves every staged file to its place and removes the staging folder', () => {
    const [staging, root] = [join(work, 'stage'), join(work, 'dest')];
    mkdirSync(join(staging, 'figures', 'sub'), { recursive: true });
    mkdirSync(join(root, 'figures'), { recursive: true });
    writeFileSync(join(root, 'figures', 'a.svg'), 'old');
    writeFileSync(join(root, 'figures', 'keep.svg'), 'kept');
    writeFileSync(join(staging, 'figures', 'a.svg'), 'new');
    writeFileSync(join(staging, 'figures', 'sub', 'b.png'), 'b');
    expect(publishStaged(staging, root)).toEqual([join('figures', 'a.svg'), join('figures', 'sub', 'b.png')]);
    expect(readFileSync(join(root, 'figures', 'a.svg'), 'utf8')).toBe('new');
    expect(readFileSync(join(root, 'figures', 'keep.svg'), 'utf8')).toBe('kept');
    expect(readFileSync(join(root, 'figures', 'sub', 'b.png'), 'utf8')).toBe('b');
    expect(existsSync(staging)).toBe(false);
  });
});

/** A folder of (empty) notebooks and a stand-in executor: each takes `ms[name]` and fails when named in `failing`. */
function fakeRun(names: string[], ms: Record<string, number>, failing: string[] = []) {
  const dir = mkdtempSync(join(work, 'nbs-'));
  for (const n of names) writeFileSync(join(dir, n), '{"cells": []}');
  const events: string[] = [];
  const execute = async (input: string, output: string): Promise<NotebookRun> => {
    const name = basename(input);
    events.push(`start ${name}`);
    await new Promise((r) => setTimeout(r, ms[name] ?? 10));
    events.push(`end ${name}`);
    const failure = failing.includes(name)
      ? { kind: 'cell_error' as const, cellIndex: 0, cellCount: 1, codeCellNumber: 1, source: 'boom()', errorText: 'Error: boom', processOutput: '' }
      : null;
    return { notebook: input, output, seconds: (ms[name] ?? 10) / 1000, failure, runLog: [], trust: { trusted: true } };
  };
  return { dir, events, execute };
}

/** Steps: `figures` may run alongside the notebooks and writes a file; `report` runs after them. */
function steps(events: string[], tag: string): { steps: PostNotebookStep[]; file: string } {
  const rel = join('build', 'test-schedule', `${tag}-${process.pid}.txt`);
  return {
    file: join(ROOT, rel),
    steps: [
      {
        name: 'figures',
        alongsideNotebooks: true,
        run: async ({ root, writeRoot, executed }) => {
          events.push(`figures (staged: ${writeRoot !== root}, executed: ${executed.length})`);
          mkdirSync(join(writeRoot, 'build', 'test-schedule'), { recursive: true });
          writeFileSync(join(writeRoot, rel), 'figure');
        },
      },
      {
        name: 'report',
        run: async ({ root, writeRoot, executed }) => {
          events.push(`report (published: ${existsSync(join(root, rel))}, staged: ${writeRoot !== root}, executed: ${executed.length})`);
        },
      },
    ],
  };
}

describe('reproduce: two at a time, longest first, a step alongside', () => {
  const names = ['01-a.ipynb', '02-b.ipynb', '03-c.ipynb'];

  it('the alongside step runs on the first free core once every notebook has started; the report after all; terminal in notebook order', async () => {
    const { dir, events, execute } = fakeRun(names, { '01-a.ipynb': 60, '02-b.ipynb': 60, '03-c.ipynb': 400 });
    const s = steps(events, 'ok');
    const lines: string[] = [];
    try {
      const r = await reproduce({ notebooksDir: dir, outDir: join(dir, 'out'), fetchData: false, install: false, jobs: 2, execute, steps: s.steps, log: (m) => lines.push(m) });
      expect(r.ok).toBe(true);
      expect(r.stepsRun).toEqual(['figures', 'report']);
      // no timing history for these names: name order; 03 runs alone at the end, the figures beside it
      expect(events).toEqual([
        'start 01-a.ipynb', 'start 02-b.ipynb', 'end 01-a.ipynb', 'start 03-c.ipynb', 'end 02-b.ipynb',
        'figures (staged: true, executed: 0)', 'end 03-c.ipynb', 'report (published: true, staged: false, executed: 3)',
      ]);
      expect(readFileSync(s.file, 'utf8')).toBe('figure');
      const shownOrder = lines.filter((l) => /^ {2}ok {2}/.test(l)).map((l) => l.trim().split(/\s+/)[1]);
      expect(shownOrder).toEqual([...names, 'step', 'step']);
      expect(lines.find((l) => l.includes('step figures'))).toMatch(/\(alongside the notebooks\)$/);
      expect(existsSync(join(ROOT, 'build', 'staging', `reproduce-${process.pid}`))).toBe(false);
    } finally {
      rmSync(s.file, { force: true });
    }
  });

  it('after a failing notebook nothing the steps made is published, and the report does not run', async () => {
    // 01 fails last, after the figures step has already written into the staging folder
    const { dir, events, execute } = fakeRun(names, { '01-a.ipynb': 400, '02-b.ipynb': 30, '03-c.ipynb': 30 }, ['01-a.ipynb']);
    const s = steps(events, 'failed');
    const lines: string[] = [];
    const r = await reproduce({ notebooksDir: dir, outDir: join(dir, 'out'), fetchData: false, install: false, jobs: 2, execute, steps: s.steps, log: (m) => lines.push(m) });
    expect(r.ok).toBe(false);
    expect(events).toContain('figures (staged: true, executed: 0)');
    expect(events.indexOf('figures (staged: true, executed: 0)')).toBeLessThan(events.indexOf('end 01-a.ipynb'));
    expect(events.some((e) => e.startsWith('report'))).toBe(false);
    expect(existsSync(s.file)).toBe(false);
    expect(existsSync(join(ROOT, 'build', 'staging', `reproduce-${process.pid}`))).toBe(false);
    expect(lines.join('\n')).toMatch(/FAILED 01-a\.ipynb[\s\S]*Error: boom/);
  });

  it('one core: no step alongside, everything in name order', async () => {
    const { dir, events, execute } = fakeRun(names, {});
    const s = steps(events, 'one');
    try {
      const r = await reproduce({ notebooksDir: dir, outDir: join(dir, 'out'), fetchData: false, install: false, jobs: 1, execute, steps: s.steps, log: () => {} });
      expect(r.ok).toBe(true);
      expect(events).toEqual([
        'start 01-a.ipynb', 'end 01-a.ipynb', 'start 02-b.ipynb', 'end 02-b.ipynb', 'start 03-c.ipynb', 'end 03-c.ipynb',
        'figures (staged: false, executed: 3)', 'report (published: true, staged: false, executed: 3)',
      ]);
    } finally {
      rmSync(s.file, { force: true });
    }
  });
});
