/**
 * The report step of `empathy-lab reproduce`: computes our values for the paper's claims with the
 * analysis functions the notebooks use, and writes build/report/replication.md and .json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLee2024Ratings, loadLee2024Responses } from './index';
import { ratingMeasurements } from './replication';
import { styleMeasurements } from './style';
import { ordinalRobustness } from './robustness';
import { sourceLabel } from './labels';
import { readClaims } from '../../report/claims';
import { buildReplicationReport, replicationJson, replicationMarkdown, type ReplicationReport } from '../../report/replication';
import type { PostNotebookStep } from '../../pipeline/post-steps';

export * from '../../report/claims';
export * from '../../report/verdict';
export * from '../../report/replication';

/** Builds the Lee et al. (2024) replication report from the cached data. */
export function lee2024ReplicationReport(): ReplicationReport {
  const set = readClaims();
  const records = loadLee2024Ratings().records;
  const responses = loadLee2024Responses().records;
  const report = buildReplicationReport(set, [...ratingMeasurements(records, set.claims, 'paper'), ...styleMeasurements(responses, records, set.claims)], sourceLabel);
  for (const study of [1, 2]) {
    for (const r of ordinalRobustness(records, study).rows) {
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

/** Post-notebook step: the replication report into build/report/. */
export const reportStep: PostNotebookStep = {
  name: 'replication report',
  async run({ root, log }) {
    const report = lee2024ReplicationReport();
    const files = writeReplicationReport(report, join(root, 'build', 'report'));
    log(`replication report: ${report.counts.reproduced} reproduced, ${report.counts.rounding} off by one digit, ${report.counts.differs} differ -> ${files.join(', ')}`);
  },
};
