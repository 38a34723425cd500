/** parseFormula: R's term expansion and ordering, lme4's random-effect terms, and clear syntax errors. */
import { describe, expect, it } from 'vitest';
import { FormulaError, parseFormula } from '../../src/model';

const labels = (f: string) => parseFormula(f).fixed.terms.map((t) => t.label);

describe('fixed-effect terms (R terms())', () => {
  it('expands *, / and : and orders terms by degree, then appearance', () => {
    expect(labels('y ~ a * b')).toEqual(['a', 'b', 'a:b']);
    expect(labels('y ~ a:b + c')).toEqual(['c', 'a:b']);
    expect(labels('y ~ a * b * c')).toEqual(['a', 'b', 'c', 'a:b', 'a:c', 'b:c', 'a:b:c']);
    expect(labels('y ~ f / x')).toEqual(['f', 'f:x']);
    expect(labels('y ~ (a + b) * c')).toEqual(['a', 'b', 'c', 'a:c', 'b:c']);
  });

  it('orders the variables of an interaction by first appearance in the formula', () => {
    expect(labels('y ~ b + a + a:b')).toEqual(['b', 'a', 'b:a']);
    expect(labels('y ~ h:f + f')).toEqual(['f', 'h:f']);
  });

  it('handles the intercept: 0 +, + 0, - 1, 1 +', () => {
    expect(parseFormula('y ~ x').fixed.intercept).toBe(true);
    expect(parseFormula('y ~ 0 + x').fixed.intercept).toBe(false);
    expect(parseFormula('y ~ x + 0').fixed.intercept).toBe(false);
    expect(parseFormula('y ~ x - 1').fixed.intercept).toBe(false);
    expect(parseFormula('y ~ 1 + x').fixed.intercept).toBe(true);
    expect(parseFormula('y ~ 1').fixed.terms).toEqual([]);
  });

  it('removes terms with -', () => {
    expect(labels('y ~ a * b - a:b')).toEqual(['a', 'b']);
  });

  it('marks factor(x) and reads backquoted names', () => {
    const f = parseFormula('y ~ factor(study) + `my col`');
    expect(f.fixed.terms.map((t) => t.variables[0])).toEqual([
      { name: 'study', asFactor: true },
      { name: 'my col', asFactor: false },
    ]);
  });
});

describe('random-effect terms (lme4)', () => {
  it('reads (1|g), interactions and nesting, with lme4 group names', () => {
    const f = parseFormula('rating ~ source + (1|post:rater) + (1|post) + (1|rater)');
    expect(f.response).toBe('rating');
    expect(labels('rating ~ source + (1|post:rater) + (1|post) + (1|rater)')).toEqual(['source']);
    expect(f.random.map((r) => r.group)).toEqual(['post:rater', 'post', 'rater']);
    expect(f.random[0]!.groupVariables).toEqual(['post', 'rater']);
    expect(parseFormula('y ~ 1 + (1|batch/cask)').random.map((r) => r.group)).toEqual(['cask:batch', 'batch']);
    expect(parseFormula('y ~ 1 + (1|a/b/c)').random.map((r) => r.group)).toEqual(['c:b:a', 'b:a', 'a']);
  });

  it('reads correlated and uncorrelated slopes', () => {
    const f = parseFormula('y ~ x + (1 + x | g)');
    expect(f.random[0]!.lhs.intercept).toBe(true);
    expect(f.random[0]!.lhs.terms.map((t) => t.label)).toEqual(['x']);
    const u = parseFormula('y ~ x + (1 | g) + (0 + x | g)');
    expect(u.random.map((r) => [r.lhs.intercept, r.lhs.terms.map((t) => t.label)])).toEqual([
      [true, []],
      [false, ['x']],
    ]);
    const dbl = parseFormula('y ~ x + (x || g)');
    expect(dbl.random.map((r) => r.text)).toEqual(['1 | g', '0 + x | g']);
  });
});

describe('syntax errors', () => {
  const msg = (f: string) => {
    try {
      parseFormula(f);
    } catch (e) {
      expect(e).toBeInstanceOf(FormulaError);
      return (e as Error).message;
    }
    return 'no error';
  };
  it('say what is wrong and where', () => {
    expect(msg('y x + z')).toMatch(/missing '~'/);
    expect(msg('y ~ log(x)')).toMatch(/unsupported function 'log\(\)'.*at character 5/);
    expect(msg('y ~ (1 | g')).toMatch(/expected '\)'/);
    expect(msg('y ~ x + 2')).toMatch(/the number 2 is not a term/);
    expect(msg('y ~ x:(1|g)')).toMatch(/must stand on its own/);
    expect(msg('y ~ x + (1 | a + b)')).toMatch(/separate terms/);
    expect(msg('y ~ x $ z')).toMatch(/unexpected character '\$'/);
  });
});
