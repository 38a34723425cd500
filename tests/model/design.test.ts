/**
 * lFormula stage: fixed-effect coding against R's model.matrix (fixtures/model_matrix.json, written by
 * fixtures/model_matrix.R), level order, reference levels, missing values, and the errors lme4 raises.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildDesign, ModelDataError, sortLevels } from '../../src/model';
import { readReferenceCsv } from './helpers';
import { fromRoot } from '../../src/util/paths';

const fixture = JSON.parse(readFileSync(fromRoot('tests/model/fixtures/model_matrix.json'), 'utf8')) as {
  h: string[];
  cases: { formula: string; reference?: Record<string, string>; columns: string[]; rows_1_to_6: number[][] }[];
};

function slopeFactorData(): Record<string, unknown>[] {
  const rows = readReferenceCsv('tests/reference/datasets/slope_factor.csv');
  return rows.map((r, i) => ({ ...r, h: fixture.h[i] }));
}

describe('fixed-effect model matrix (R model.matrix, treatment contrasts)', () => {
  const data = slopeFactorData();
  for (const c of fixture.cases) {
    it(`${c.formula}${c.reference ? ` (reference ${JSON.stringify(c.reference)})` : ''}`, () => {
      const d = buildDesign(`${c.formula} + (1|g)`, data, { reference: c.reference });
      // Rank-deficient codings (f:h with an intercept) lose their aliased last column, as lme4 does.
      const kept = c.columns.filter((n) => !d.droppedFixef.includes(n));
      expect([...d.fixefNames, ...d.droppedFixef].sort()).toEqual([...c.columns].sort());
      expect(d.fixefNames).toEqual(kept);
      for (let i = 0; i < 6; i++) {
        const rRow = c.rows_1_to_6[i]!.filter((_, j) => !d.droppedFixef.includes(c.columns[j]!));
        expect(Array.from(d.X.subarray(i * d.p, (i + 1) * d.p))).toEqual(rRow);
      }
    });
  }

  it('drops the aliased column of an intercept plus all cells (f:h), with lme4 message', () => {
    const d = buildDesign('y ~ f:h + (1|g)', data);
    expect(d.droppedFixef).toEqual(['fc3:hw']);
    expect(d.messages).toContain('fixed-effect model matrix is rank deficient so dropping 1 column / coefficient');
  });
});

describe('factor levels and random-effects terms', () => {
  it('sorts levels by code point (C locale) and numeric-looking levels numerically', () => {
    expect(sortLevels(['b', 'B', 'a', '_x', 'A'])).toEqual(['A', 'B', '_x', 'a', 'b']);
    expect(sortLevels(['10', '9', '100', '2'])).toEqual(['2', '9', '10', '100']);
    expect(sortLevels(['s10', 's9'])).toEqual(['s10', 's9']);
  });

  it('orders random-effect terms like lme4 (most levels first) and names nested groups as lme4', () => {
    const rows = readReferenceCsv('tests/reference/datasets/pastes.csv');
    const d = buildDesign('strength ~ 1 + (1|batch/cask)', rows);
    expect(d.reterms.map((t) => t.group)).toEqual(['cask:batch', 'batch']);
    expect(d.reterms[0]!.levels.slice(0, 3)).toEqual(['a:A', 'a:B', 'a:C']);
    const pen = readReferenceCsv('tests/reference/datasets/penicillin.csv');
    const d2 = buildDesign('diameter ~ 1 + (1|sample) + (1|plate)', pen);
    expect(d2.reterms.map((t) => `${t.group}:${t.levels.length}`)).toEqual(['plate:24', 'sample:6']);
  });

  it('expands (x || g) into uncorrelated terms named g and g.1', () => {
    const rows = readReferenceCsv('tests/reference/datasets/uncorrelated_slope.csv');
    const d = buildDesign('y ~ x + (x || g)', rows);
    expect(d.reterms.map((t) => [t.group, t.cnames])).toEqual([
      ['g', ['(Intercept)']],
      ['g.1', ['x']],
    ]);
    expect(d.thetaNames).toEqual(['g.(Intercept)', 'g.x']);
  });

  it('drops rows with missing values in used columns (na.omit) and counts them', () => {
    const rows = readReferenceCsv('tests/reference/datasets/sleepstudy.csv');
    rows[3]!.Reaction = null;
    rows[7]!.Days = 'NA';
    rows[9]!.unused = null;
    const d = buildDesign('Reaction ~ Days + (1|Subject)', rows);
    expect(d.n).toBe(178);
    expect(d.nMissingDropped).toBe(2);
    expect(Array.from(d.rows.subarray(0, 9))).toEqual([0, 1, 2, 4, 5, 6, 8, 9, 10]);
  });
});

describe('errors name the column (and row)', () => {
  const rows = readReferenceCsv('tests/reference/datasets/sleepstudy.csv');
  const fail = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };

  it('unknown column', () => {
    const msg = fail(() => buildDesign('Reaction ~ Dayz + (1|Subject)', rows));
    expect(msg).toMatch(/column 'Dayz'.*unknown column/);
    expect(msg).toContain('Reaction, Days, Subject');
  });

  it('grouping factor with one level', () => {
    const one = rows.map((r) => ({ ...r, g: 'only' }));
    expect(fail(() => buildDesign('Reaction ~ Days + (1|g)', one))).toMatch(/grouping factor 'g' has only one level/);
  });

  it('as many levels as observations, and more random effects than observations', () => {
    const each = rows.map((r, i) => ({ ...r, id: `o${i}` }));
    expect(fail(() => buildDesign('Reaction ~ Days + (1|id)', each))).toMatch(/number of levels of each grouping factor must be < number of observations \(problems: id/);
    const half = rows.map((r, i) => ({ ...r, pair: `p${Math.floor(i / 2)}` }));
    expect(fail(() => buildDesign('Reaction ~ Days + (Days|pair)', half))).toMatch(/number of observations \(=180\) <= number of random effects \(=180\) for term \(Days \| pair\)/);
  });

  it('a non-numeric response names the row (with the caller\'s row numbering)', () => {
    const bad = rows.map((r) => ({ ...r }));
    bad[4]!.Reaction = 'fast';
    expect(fail(() => buildDesign('Reaction ~ Days + (1|Subject)', bad))).toBe('row 5, column \'Reaction\': the response must be numeric; found "fast"');
    expect(fail(() => buildDesign('Reaction ~ Days + (1|Subject)', bad, { rowOffset: 1 }))).toMatch(/^row 6, column 'Reaction'/);
  });

  it('a column mixing numbers and text', () => {
    const bad = rows.map((r) => ({ ...r }));
    bad[2]!.Days = 'three';
    expect(fail(() => buildDesign('Reaction ~ Days + (1|Subject)', bad))).toMatch(/column 'Days': mixes numbers \(row 1\) and text \(row 3: "three"\)/);
  });

  it('an unknown reference level', () => {
    const d = readReferenceCsv('tests/reference/datasets/crossed4.csv');
    expect(fail(() => buildDesign('y ~ cond + (1|subj)', d, { reference: { cond: 'c9' } }))).toMatch(/column 'cond': reference level 'c9' is not a level \(levels: c1, c2, c3, c4\)/);
  });

  it('throws ModelDataError for data problems', () => {
    expect(() => buildDesign('Reaction ~ Dayz + (1|Subject)', rows)).toThrow(ModelDataError);
  });
});
