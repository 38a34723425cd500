import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverReportStep, postNotebookSteps } from '../../src/notebook/post-steps';

const work = mkdtempSync(join(tmpdir(), 'empathy-lab-steps-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('post-notebook steps', () => {
  it('finds no report step when src/report/index.ts does not exist', async () => {
    expect(await discoverReportStep(join(work, 'absent'))).toBeNull();
    mkdirSync(join(work, 'root', 'src'), { recursive: true });
    expect(await postNotebookSteps(join(work, 'root'))).toEqual([]);
  });

  it('takes the reportStep that src/report/index.ts exports, as the project step list', async () => {
    const report = join(work, 'root2', 'src', 'report');
    mkdirSync(report, { recursive: true });
    writeFileSync(
      join(report, 'index.ts'),
      "export const reportStep = { name: 'report', async run(ctx: { log(m: string): void }) { ctx.log('report built'); } };\n",
    );
    const steps = await postNotebookSteps(join(work, 'root2'));
    expect(steps.map((s) => s.name)).toEqual(['report']);
    const logged: string[] = [];
    await steps[0].run({ root: work, outDir: work, executed: [], log: (m) => logged.push(m) });
    expect(logged).toEqual(['report built']);
  });

  it('rejects an index.ts that exports no valid reportStep', async () => {
    const report = join(work, 'root3', 'src', 'report');
    mkdirSync(report, { recursive: true });
    writeFileSync(join(report, 'index.ts'), "export const reportStep = { name: 'report' };\n");
    await expect(discoverReportStep(report)).rejects.toThrow(/must export `reportStep: PostNotebookStep`/);
  });
});
