/**
 * `empathy-lab fit` on a long CSV: the paper's Study 1 model prints t = 20.13 for gpt4 vs human; --json
 * prints the contract's object; --where selects rows; errors name the file and column.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { command } from '../../src/cli/commands/fit';
import { formatCsv } from '../../src/data/csv';
import { loadLee2024Ratings } from '../../src/studies/lee2024/data';
import { RATING_COLUMNS } from '../../src/data/types';
import { ensureLeeData, loadReference } from './helpers';

let file = '';

async function run(args: string[]): Promise<string> {
  const out: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...xs: unknown[]) => void out.push(xs.join(' ')));
  try {
    expect(await command.run(args)).toBe(0);
  } finally {
    spy.mockRestore();
  }
  return out.join('\n');
}

describe('empathy-lab fit', () => {
  beforeAll(async () => {
    await ensureLeeData();
    const dir = mkdtempSync(join(tmpdir(), 'lmm-cli-'));
    file = join(dir, 'ratings_long.csv');
    writeFileSync(file, formatCsv(loadLee2024Ratings({ study: 1 }).records, RATING_COLUMNS));
  });
  afterEach(() => vi.restoreAllMocks());

  const formula = 'rating ~ source + (1|post:rater_raw) + (1|post) + (1|rater_raw)';

  it('prints the summary with t = 20.13 for sourcegpt4 (Study 1 empathy, paper coding)', async () => {
    const text = await run(['--data', file, '--formula', formula, '--ref', 'source=human', '--where', 'measure=empathy']);
    expect(text).toContain("Linear mixed model fit by REML. t-tests use Satterthwaite's method");
    expect(text).toContain('Number of obs: 8688, groups:  post:rater_raw, 1448; rater_raw, 97; post, 15');
    const line = text.split('\n').find((l) => l.startsWith('sourcegpt4 '))!;
    expect(line.split(/\s+/)[4]).toBe('20.128');
  });

  it('--json prints the contract object, matching lme4', async () => {
    const json = JSON.parse(await run(['--data', file, '--formula', formula, '--ref', 'source=human', '--where', 'measure=empathy', '--json']));
    expect(Object.keys(json)).toEqual(['formula', 'reml', 'nobs', 'fixef', 'varcorr', 'sigma', 'reml_criterion', 'deviance', 'loglik', 'aic', 'bic', 'converged', 'singular', 'dropped', 'warnings']);
    expect(json.dropped).toEqual({ 'not selected by where (measure=empathy)': 8688 });
    const ref = loadReference('paper_study1_empathy_paper');
    expect(json.reml).toBe(true);
    expect(json.nobs).toBe(8688);
    expect(Math.abs(json.reml_criterion - ref.criterion.value)).toBeLessThan(1e-6);
    const gpt4 = json.fixef.find((r: { term: string }) => r.term === 'sourcegpt4');
    expect(gpt4.t.toFixed(2)).toBe('20.13');
    expect(Object.keys(gpt4)).toEqual(['term', 'estimate', 'se', 'df', 't', 'p']);
    expect(json.varcorr.map((r: { group: string }) => r.group)).toEqual(['post:rater_raw', 'rater_raw', 'post', 'Residual']);
    expect(Math.abs(json.varcorr[0].sd - ref.varcorr.sd[0].sd) / ref.varcorr.sd[0].sd).toBeLessThan(1e-4);
    expect(json.converged).toBe(true);
    expect(json.singular).toBe(false);
  });

  it('--ml fits by maximum likelihood (reml_criterion null)', async () => {
    const json = JSON.parse(await run(['--data', file, '--formula', 'rating ~ source + (1|rater)', '--where', 'measure=empathy', '--where', 'group=1', '--ml', '--json']));
    expect(json.reml).toBe(false);
    expect(json.reml_criterion).toBeNull();
    expect(Math.abs(json.deviance + 2 * json.loglik)).toBeLessThan(1e-9);
    expect(json.fixef[0].term).toBe('(Intercept)');
    expect(json.fixef[1].term).toBe('sourcegpt4_high');
  });

  it('errors name the file and the column', async () => {
    await expect(command.run(['--data', file, '--formula', 'rating ~ sauce + (1|rater)'])).rejects.toThrow(/ratings_long\.csv, column 'sauce': unknown column \(the data have: study, group/);
    await expect(command.run(['--data', file, '--formula', formula, '--where', 'mesure=empathy'])).rejects.toThrow(/--where mesure=\.\.\.: no column mesure in/);
    await expect(command.run(['--data', file])).rejects.toThrow(/--formula is required/);
  });
});
