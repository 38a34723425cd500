/** `empathy-lab data` subcommands (run in-process): tidy writes the five long CSVs; report; status; errors. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { command } from '../../src/cli/commands/data';
import { DataError, parseCsv, RATING_COLUMNS } from '../../src/data/index';
import { cleanupTemp, tempDir } from './helpers';

afterAll(cleanupTemp);
afterEach(() => vi.restoreAllMocks());

function captured(): string[] {
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  return out;
}

describe('empathy-lab data', () => {
  it('tidy writes ratings_long.csv and one file per study and measure, columns exactly as RatingRecord', async () => {
    const out = tempDir();
    const log = captured();
    expect(await command.run(['tidy', '--out', out])).toBe(0);
    const expected: Record<string, number> = {
      'ratings_long.csv': 29496,
      'study1_empathy.csv': 8688,
      'study1_appropriateness.csv': 8688,
      'study2_empathy.csv': 6060,
      'study2_appropriateness.csv': 6060,
    };
    for (const [name, rows] of Object.entries(expected)) {
      const t = parseCsv(readFileSync(join(out, name)), name);
      expect(t.header).toEqual([...RATING_COLUMNS]);
      expect(t.rows).toHaveLength(rows);
    }
    const s2 = parseCsv(readFileSync(join(out, 'study2_empathy.csv')), 'x');
    // first empathy cell of SubjectNum 1 in study2_cleaned.csv (read with Python's csv module): s14_llama_emp = 4
    expect(s2.rows[0]!.fields).toEqual(['2', '1', 's2-1', '1', '14', 'anger', 'llama2', 'empathy', '4']);
    expect(log.join('\n')).toMatch(/wrote .*study1_empathy\.csv \(8,688 rows\)/);
  }, 60_000);

  it('report prints the Study 1 and Study 2 load reports and writes HTML', async () => {
    const html = join(tempDir(), 'report.html');
    const log = captured();
    expect(await command.run(['report', '--html', html])).toBe(0);
    const text = log.join('\n');
    expect(text).toMatch(/Load report: Lee et al\. \(2024\) ratings, Study 1[\s\S]*rows in: 193/);
    expect(text).toMatch(/Load report: Lee et al\. \(2024\) ratings, Study 2[\s\S]*rows in: 202/);
    expect(readFileSync(html, 'utf8')).toContain('<table class="empathy-lab-load-report">');
  });

  it('status says the cache is valid; unknown subcommand gives usage and exit code 2', async () => {
    const log = captured();
    expect(await command.run(['status'])).toBe(0);
    expect(log.join('\n')).toContain('cache complete and valid');
    await expect(command.run(['nonsense'])).rejects.toThrow(/unknown subcommand 'nonsense'/);
    expect(await command.run([])).toBe(2);
  });

  it('fetch --from a missing folder fails with a DataError naming it (and writes nothing)', async () => {
    captured();
    await expect(command.run(['fetch', '--from', '/nonexistent/lee2024'])).rejects.toThrow(DataError);
    await expect(command.run(['fetch', '--from', '/nonexistent/lee2024'])).rejects.toThrow('/nonexistent/lee2024: folder not found');
  });
});
