/**
 * The report step of `empathy-lab reproduce`: computes our values for the paper's claims with the
 * analysis functions the notebooks use, and writes build/report/replication.md and .json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readClaims } from '../../report/claims';
import { buildReplicationReport, replicationJson, replicationMarkdown, type ReplicationReport } from '../../report/replication';
import { fromRoot } from '../../util/paths';
import type { StudyStep } from '../study';
import { Lee2024Context } from './context';
import { sourceLabel } from './labels';
import { ratingMeasurements } from './replication';
import { styleMeasurements } from './style';

/** The paper's numbers (the replication targets), with their source. */
export const LEE2024_CLAIMS_FILE = fromRoot('data', 'reported', 'lee2024.json');

/** Builds the Lee et al. (2024) replication report (fits and analyses from `ctx`, each computed once). */
export function lee2024ReplicationReport(ctx: Lee2024Context = new Lee2024Context()): ReplicationReport {
  const set = readClaims(LEE2024_CLAIMS_FILE);
  const records = ctx.records();
  const responses = ctx.responses();
  const report = buildReplicationReport(
    set,
    [
      ...ratingMeasurements(records, set.claims, 'paper', (study, measure) => ctx.paperFit(study, measure, 'paper')),
      ...styleMeasurements(responses, records, set.claims, ctx.style()),
    ],
    sourceLabel,
  );
  for (const study of [1, 2]) {
    for (const r of ctx.robustness(study).rows) {
      report.robustness.push({ study, comparison: r.comparison, lmm: r.lmm, clmm: r.clmm, holds: r.holds, sentence: r.sentence });
    }
  }
  return report;
}

/** Writes the report as Markdown and JSON into `dir`; returns the two paths. */
export function writeReplicationReport(report: ReplicationReport, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const md = join(dir, 'replication.md');
  const json = join(dir, 'replication.json');
  writeFileSync(md, replicationMarkdown(report));
  writeFileSync(json, replicationJson(report));
  return [md, json];
}

/** The step after the notebooks that writes the replication report into build/report/. */
export function reportStep(ctx: Lee2024Context): StudyStep {
  return {
    name: 'replication report',
    async run({ root, log }) {
      const report = lee2024ReplicationReport(ctx);
      const files = writeReplicationReport(report, join(root, 'build', 'report'));
      log(`replication report: ${report.counts.reproduced} reproduced, ${report.counts.rounding} off by one digit, ${report.counts.differs} differ -> ${files.join(', ')}`);
    },
  };
}
