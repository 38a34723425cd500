import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postNotebookSteps } from '../../src/pipeline/post-steps';
import { startWorkCount } from '../../src/util/work-count';

const work = mkdtempSync(join(tmpdir(), 'empathy-lab-steps-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('post-notebook steps of reproduce', () => {
  it('are the figure export, then the replication report', async () => {
    expect((await postNotebookSteps(work)).map((s) => s.name)).toEqual(['figures', 'replication report']);
  });

  it('figures then report, sharing one set of fits: each distinct LMM fit and classifier CV once; the report is written', { timeout: 600_000 }, async () => {
    const steps = await postNotebookSteps(work);
    const logged: string[] = [];
    const work0 = startWorkCount();
    try {
      for (const step of steps) await step.run({ root: work, outDir: work, executed: [], log: (m) => logged.push(m) });
    } finally {
      work0.stop();
    }
    const counts = work0.summary();
    // the figures step fits both studies' paper models (unique raters); the report reuses them for the
    // ordinal robustness check and fits the paper-coded ones, the cross-study and per-feature models once each
    for (const [kind, c] of Object.entries(counts)) expect(c.distinct, `${kind}: ${JSON.stringify(c)}`).toBe(c.total);
    expect(counts['LMM fit']!.total).toBeGreaterThan(10);
    expect(counts['classifier CV (grouped K-fold)']).toEqual({ total: 1, distinct: 1 });
    expect(counts['classifier CV (repeated 90:10 splits)']).toEqual({ total: 1, distinct: 1 });
    expect(counts['regression CV']).toEqual({ total: 1, distinct: 1 });
    for (const f of ['figure2-empathy-by-source', 'figure3-features-by-model', 'forest-pairwise-contrasts']) expect(existsSync(join(work, 'figures', `${f}.svg`)), f).toBe(true);
    const md = join(work, 'build', 'report', 'replication.md');
    const json = join(work, 'build', 'report', 'replication.json');
    expect(existsSync(md) && existsSync(json)).toBe(true);
    expect(readFileSync(md, 'utf8')).toMatch(/\| Study 1 empathy contrast GPT4 vs Human: t \| 20\.13, p < 0\.001 \| 20\.13, /);
    const parsed = JSON.parse(readFileSync(json, 'utf8')) as {
      rows: { id: string; verdict: string; note: string }[];
      robustness: { study: number; holds: boolean }[];
      notCovered: string[];
    };
    expect(parsed.rows.find((r) => r.id === 's1.t.human_gpt4')?.verdict).toBe('reproduced');
    // every claim of the paper is measured: ratings, Figure 3 features, classifier F1 and n-grams, regression MAE
    expect(parsed.notCovered).toEqual([]);
    for (const id of ['s2.clf.f1.gpt4', 's2.clf.top.mistral', 's2.reg.mae', 's2.feat.emo_neg.t.mistral_gpt4']) expect(parsed.rows.some((r) => r.id === id), id).toBe(true);
    expect(parsed.rows.find((r) => r.id === 's2.clf.f1.llama2')!.note).toMatch(/mean over 50 random 90:10 splits/);
    expect(parsed.rows.find((r) => r.id === 's2.reg.mae')!.note).toMatch(/mean-only baseline 0\.\d{3}/);
    // one robustness row (LMM vs ordinal CLMM) per comparison the paper reports: 7 in Study 1, 3 in Study 2
    expect(parsed.robustness.map((r) => r.study)).toEqual([1, 1, 1, 1, 1, 1, 1, 2, 2, 2]);
    expect(readFileSync(md, 'utf8')).toMatch(/## Robustness: the comparisons as ordinal mixed models/);
    expect(logged.join('\n')).toMatch(/replication report: \d+ reproduced/);
  });

  it('the figures step, without Chromium and not allowed to install, says how to get it', { timeout: 300_000 }, async () => {
    const figures = (await postNotebookSteps(work)).find((s) => s.name === 'figures')!;
    const saved = process.env.EMPATHY_LAB_CHROMIUM;
    process.env.EMPATHY_LAB_CHROMIUM = join(work, 'no-such-chromium');
    try {
      await expect(figures.run({ root: work, outDir: work, executed: [], log: () => {}, install: false })).rejects.toThrow(/apt-get install -y --no-install-recommends chromium/);
    } finally {
      if (saved === undefined) delete process.env.EMPATHY_LAB_CHROMIUM;
      else process.env.EMPATHY_LAB_CHROMIUM = saved;
    }
  });
});
