import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postNotebookSteps } from '../../src/pipeline/post-steps';

const work = mkdtempSync(join(tmpdir(), 'empathy-lab-steps-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('post-notebook steps of reproduce', () => {
  it('are the figure export, then the replication report', async () => {
    expect((await postNotebookSteps(work)).map((s) => s.name)).toEqual(['figures', 'replication report']);
  });

  it('the figures step, without Chromium and not allowed to install, says how to get it', { timeout: 300_000 }, async () => {
    const figures = (await postNotebookSteps(work)).find((s) => s.name === 'figures')!;
    const saved = process.env.EMPATHY_LAB_CHROMIUM;
    process.env.EMPATHY_LAB_CHROMIUM = join(work, 'no-such-chromium');
    try {
      await expect(figures.run({ root: work, writeRoot: work, outDir: work, executed: [], log: () => {}, install: false })).rejects.toThrow(/apt-get install -y --no-install-recommends chromium/);
    } finally {
      if (saved === undefined) delete process.env.EMPATHY_LAB_CHROMIUM;
      else process.env.EMPATHY_LAB_CHROMIUM = saved;
    }
  });
});
