import { LEE2024_CLAIMS_FILE } from '../../src/studies/lee2024/report';
import { describe, expect, it } from 'vitest';
import { compareLee2024Studies } from '../../src/studies/lee2024/models';
import { ratingMeasurements } from '../../src/studies/lee2024/replication';
import { loadLee2024Ratings } from '../../src/studies/lee2024/index';
import { readClaims } from '../../src/report/claims';
import { isStyleClaim } from '../../src/studies/lee2024/style';
import { buildReplicationReport } from '../../src/report/replication';

const records = loadLee2024Ratings().records;
const all = readClaims(LEE2024_CLAIMS_FILE);
// The rating claims (the style claims are measured by styleMeasurements, tests/analysis/lee2024-style.test.ts).
const set = { ...all, claims: all.claims.filter((c) => !isStyleClaim(c)) };

describe('Lee et al. (2024) rating claims (reference: the numbers printed in the paper)', () => {
  const report = buildReplicationReport(set, ratingMeasurements(records, set.claims, 'paper'));
  const row = (id: string) => report.rows.find((r) => r.id === id)!;

  it('every mixed-model t and p of Studies 1 and 2 is reproduced to the printed precision', () => {
    const ids = set.claims.filter((c) => c.kind === 't' || c.kind === 'p').map((c) => c.id);
    expect(ids.length).toBe(10);
    for (const id of ids) expect(row(id).verdict, `${id}: ${row(id).ours}`).toBe('reproduced');
  });

  it('every mean is reproduced; no claim differs by more than one unit in the last digit', () => {
    for (const c of set.claims.filter((x) => x.kind === 'mean')) expect(row(c.id).verdict).toBe('reproduced');
    expect(report.counts.differs).toBe(0);
    expect(report.notCovered).toEqual([]);
  });

  it("cross-study p values with the paper's coding and with unique raters (reference: the data README, from R)", () => {
    const expected: Record<string, [number, number]> = { gpt4: [0.586, 0.599], llama2: [0.58, 0.596], mistral: [0.735, 0.729] };
    for (const [coding, k] of [['paper', 0], ['unique', 1]] as const) {
      const rows = compareLee2024Studies(records, coding).rows;
      for (const [source, ps] of Object.entries(expected)) expect(rows.find((r) => r.source === source)!.p).toBeCloseTo(ps[k], 3);
    }
  });
});
