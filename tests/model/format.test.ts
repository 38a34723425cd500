/**
 * p values printed as R prints them: formatPValues against R's format.pval on the cases in
 * tests/reference/format/format_pval.json (made by tests/reference/R/format_pval.R). Exact strings.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatPValues } from '../../src/format/index';
import { fromRoot } from '../../src/util/paths';

interface Case {
  p: number[];
  digits: number[];
  formatted: string[];
}

const ref = JSON.parse(readFileSync(fromRoot('tests', 'reference', 'format', 'format_pval.json'), 'utf8')) as { cases: Case[] };

describe("formatPValues = R's format.pval", () => {
  it('has the reference cases', () => expect(ref.cases.length).toBeGreaterThanOrEqual(40));

  it.each(ref.cases.map((c) => [c.p.join(', '), c.digits[0]!, c] as const))('p = %s, digits = %i', (_p, digits, c) => {
    expect(formatPValues(c.p, digits)).toEqual(c.formatted);
  });
});
