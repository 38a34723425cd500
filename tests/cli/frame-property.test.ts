/**
 * One way in: for random small rating designs with random missing cells (empty, blank, NA, NaN),
 * `fit --json`, `emmeans --json` and the library (fitLmm on the CSV read with readTable, and on in-memory
 * records with null for a missing value) give exactly the same numbers, rows dropped and warnings.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../src/data/table';
import { emmeans } from '../../src/inference/index';
import { fitLmm } from '../../src/model/index';
import { runCli } from '../helpers/cli';

const MISSING = ['', '  ', 'NA', 'NaN'];

interface Design {
  raters: number;
  posts: number;
  sources: number;
  cells: { rating: number; x: number; missing: number }[];
}

const design = fc.record({ raters: fc.integer({ min: 4, max: 7 }), posts: fc.integer({ min: 4, max: 7 }), sources: fc.integer({ min: 2, max: 3 }) }).chain((d) =>
  fc.record({
    raters: fc.constant(d.raters),
    posts: fc.constant(d.posts),
    sources: fc.constant(d.sources),
    cells: fc.array(
      fc.record({
        rating: fc.integer({ min: 1, max: 5 }),
        x: fc.double({ min: -3, max: 3, noNaN: true, noDefaultInfinity: true }).map((v) => Math.round(v * 1000) / 1000),
        // 0-3: which column is missing (rating, x, rater, source); >= 4: nothing missing
        missing: fc.integer({ min: 0, max: 24 }),
      }),
      { minLength: d.raters * d.posts, maxLength: d.raters * d.posts },
    ),
  }),
);

const FORMULA = 'rating ~ source + x + (1 | rater) + (1 | post)';

describe('fit --json, emmeans --json and the library agree exactly (fast-check)', () => {
  it('on random designs with random missing cells', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'frame-prop-'));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(design, fc.integer({ min: 0, max: 3 }), async (d: Design, kind) => {
        const file = join(dir, `d${run++}.csv`);
        const lines = ['rating,source,x,rater,post'];
        const records: Record<string, unknown>[] = [];
        let i = 0;
        for (let r = 0; r < d.raters; r++) {
          for (let p = 0; p < d.posts; p++) {
            const c = d.cells[i++]!;
            const source = `m${(r + p) % d.sources}`;
            const cell = (col: number, v: string | number) => (c.missing === col ? MISSING[(kind + i) % MISSING.length]! : String(v));
            lines.push([cell(0, c.rating), cell(3, source), cell(1, c.x), cell(2, `r${r}`), `p${p}`].join(','));
            records.push({
              rating: c.missing === 0 ? null : c.rating,
              source: c.missing === 3 ? null : source,
              x: c.missing === 1 ? null : c.x,
              rater: c.missing === 2 ? null : `r${r}`,
              post: `p${p}`,
            });
          }
        }
        writeFileSync(file, `${lines.join('\n')}\n`);
        const cli = await runCli(['fit', '--data', file, '--formula', FORMULA, '--json']);
        if (cli.code !== 0) {
          // a design the random cells made unfittable: the library must refuse it the same way
          expect(() => fitLmm(FORMULA, readTable(file))).toThrow();
          return;
        }
        const fromCli = JSON.parse(cli.stdout);
        const fromTable = JSON.parse(JSON.stringify(fitLmm(FORMULA, readTable(file), { dataName: `d${run - 1}.csv` }).toJSON()));
        expect(fromCli).toEqual(fromTable);
        const fromRecords = JSON.parse(JSON.stringify(fitLmm(FORMULA, records).toJSON()));
        expect(fromRecords).toEqual(fromTable);
        const emm = await runCli(['emmeans', '--data', file, '--formula', FORMULA, '--specs', 'source', '--json']);
        expect(emm.code, emm.stderr).toBe(0);
        const emmCli = JSON.parse(emm.stdout);
        const lib = emmeans(fitLmm(FORMULA, readTable(file)), 'source');
        expect(emmCli.emmeans).toEqual(JSON.parse(JSON.stringify(lib.toJSON())));
        expect(emmCli.contrasts).toEqual(JSON.parse(JSON.stringify(lib.contrast('pairwise').toJSON())));
        expect(emmCli.dropped).toEqual(fromCli.dropped);
        expect(emmCli.warnings).toEqual(fromCli.warnings);
        expect(emmCli.nobs).toBe(fromCli.nobs);
        const expectedDropped = d.cells.filter((c) => c.missing < 4).length;
        expect(Object.values(fromCli.dropped as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(expectedDropped);
      }),
      { numRuns: 25, seed: 20241204 },
    );
  });
});
