/**
 * The model frame's warnings (the fits on R's messy files are tests/cli/messy.test.ts): a CSV column that is
 * mostly numbers and a fixed-effect factor with nearly one level per row are read as R reads them (factors)
 * and named in the report, so a stray cell cannot silently turn a covariate into dozens of levels.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTable } from '../../src/data/table';
import { modelFrame } from '../../src/model/frame';

const work = mkdtempSync(join(tmpdir(), 'empathy-lab-frame-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The columns written as a CSV file and read back with the project's reader. */
function csv(columns: Record<string, readonly (string | number)[]>, na: string[] = []) {
  const names = Object.keys(columns);
  const lines = [names.join(','), ...columns[names[0]!]!.map((_, i) => names.map((c) => String(columns[c]![i])).join(','))];
  const file = join(work, `t${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return readTable(file, { na });
}

const n = 40;
const base = {
  rating: Array.from({ length: n }, (_, i) => 1 + (i % 5)),
  source: Array.from({ length: n }, (_, i) => ['human', 'gpt4'][i % 2]!),
  rater: Array.from({ length: n }, (_, i) => `r${i % 8}`),
};

describe('modelFrame warnings', () => {
  it('a numeric column with one text cell: a factor, as R, with a warning naming the row (header = row 1) and value', () => {
    const len = base.rating.map((v, i) => (i === 6 ? 'n/a' : String(v * 10)));
    const frame = modelFrame('rating ~ source + len + (1 | rater)', csv({ ...base, len }));
    expect(frame.columns.get('len')?.kind).toBe('factor');
    expect(frame.report.warnings).toEqual([
      'column len is read as a factor (text), as R would, though 97.5% of its cells are numbers: row 8 holds "n/a". If it should be numeric, correct that cell or declare it missing (--na / options.na).',
    ]);
    // declared missing instead: numeric, the row dropped and counted, no warning
    const fixed = modelFrame('rating ~ source + len + (1 | rater)', csv({ ...base, len }, ['n/a']));
    expect(fixed.columns.get('len')?.kind).toBe('numeric');
    expect([fixed.n, fixed.report.warnings]).toEqual([n - 1, []]);
  });

  it('a fixed-effect factor with nearly one level per row is named; a grouping factor is not', () => {
    const comment = base.rating.map((_, i) => `comment ${i}`);
    const frame = modelFrame('rating ~ source + comment + (1 | rater)', { ...base, comment });
    expect(frame.report.warnings).toEqual([`factor comment has ${n} levels for ${n} rows: nearly one level per row (an identifier or a number read as text?)`]);
    expect(modelFrame('rating ~ source + (1 | comment)', { ...base, comment }).report.warnings).toEqual([]);
    expect(modelFrame('rating ~ source + (1 | rater)', base).report.warnings).toEqual([]);
  });
});
