import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { paperVsCorrectedIntervals } from '../../src/studies/lee2024/intervals';
import { loadLee2024Ratings } from '../../src/studies/lee2024/index';

interface Claim { id: string; study?: number; kind: string; measure: string; source?: string; value: number | number[]; decimals: number }
const claims = (JSON.parse(readFileSync('data/reported/lee2024.json', 'utf8')) as { claims: Claim[] }).claims;

describe("the paper's Figure 2 intervals (independent reference: the numbers printed in the paper)", () => {
  for (const study of [1, 2] as const) {
    const rows = loadLee2024Ratings({ study }).records;
    const ours = paperVsCorrectedIntervals(rows, 'empathy', 'appropriateness');
    const paperCis = claims.filter((c) => c.kind === 'paper_ci' && c.study === study && c.measure === 'empathy');
    it(`Study ${study}: every CI end within 0.01 of the paper (spread taken from appropriateness, z)`, () => {
      expect(paperCis.length).toBeGreaterThan(0);
      for (const c of paperCis) {
        const r = ours.find((o) => o.source === c.source)!;
        const [lo, hi] = c.value as number[];
        expect(Math.abs(r.paper.lower - lo!), `${c.id} lower`).toBeLessThanOrEqual(0.0101);
        expect(Math.abs(r.paper.upper - hi!), `${c.id} upper`).toBeLessThanOrEqual(0.0101);
      }
    });
    it(`Study ${study}: the same construction with the empathy spread does NOT give the paper's intervals`, () => {
      const misses = paperCis.filter((c) => {
        const r = ours.find((o) => o.source === c.source)!;
        const [lo, hi] = c.value as number[];
        return Math.abs(r.corrected.lower - lo!) > 0.0101 || Math.abs(r.corrected.upper - hi!) > 0.0101;
      });
      expect(misses.length).toBeGreaterThanOrEqual(paperCis.length - 1);
    });
  }
});
