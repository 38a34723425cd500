/**
 * The report step of `empathy-lab reproduce`: computes our values for the paper's claims with the
 * analysis functions the notebooks use, and writes build/report/replication.md and .json.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readClaims, type ClaimSet } from '../../report/claims';
import { buildReplicationReport, changedVerdicts, replicationJson, replicationMarkdown, summaryLine, VERDICT_TEXT, type ReplicationReport } from '../../report/replication';
import { fromRoot } from '../../util/paths';
import type { StudyStep } from '../study';
import { Lee2024Context } from './context';
import { sourceLabel } from './labels';
import { ratingMeasurements } from './replication';
import { styleMeasurements } from './style';
import { readSklearnReference, styleReportSections } from './styleReport';

/** The paper's numbers (the replication targets), with their source. */
export const LEE2024_CLAIMS_FILE = fromRoot('data', 'reported', 'lee2024.json');

/** The paper's numbers (data/reported/lee2024.json). */
export function readLee2024Claims(): ClaimSet {
  return readClaims(LEE2024_CLAIMS_FILE);
}

/** Builds the Lee et al. (2024) replication report (fits and analyses from `ctx`, each computed once). */
export function lee2024ReplicationReport(ctx: Lee2024Context = new Lee2024Context()): ReplicationReport {
  const set = readLee2024Claims();
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
  report.sections.push(...styleReportSections(ctx.style(), set.claims, responses, readSklearnReference()));
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

/** The rows of a report written earlier (build/report/replication.json), or null when there is none or it cannot be read. */
export function readPreviousReport(path: string): Pick<ReplicationReport, 'rows'> | null {
  if (!existsSync(path)) return null;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<ReplicationReport>;
    return Array.isArray(parsed.rows) ? { rows: parsed.rows } : null;
  } catch {
    return null;
  }
}

/** The step after the notebooks that writes the replication report into build/report/. */
export function reportStep(ctx: Lee2024Context): StudyStep {
  return {
    name: 'replication report',
    async run({ root, writeRoot, log }) {
      const report = lee2024ReplicationReport(ctx);
      const previous = readPreviousReport(join(root, 'build', 'report', 'replication.json'));
      const files = writeReplicationReport(report, join(writeRoot, 'build', 'report'));
      log(`replication report: ${summaryLine(report.counts)} -> ${files.join(', ')}`);
      if (previous) {
        const changed = changedVerdicts(previous, report);
        const name = (v: keyof typeof VERDICT_TEXT | null) => (v === null ? '(none)' : VERDICT_TEXT[v]);
        log(changed.length === 0 ? 'replication report: no row changed verdict since the previous report' : `replication report: ${changed.length} row(s) changed verdict since the previous report: ${changed.map((c) => `${c.id} (${name(c.before)} -> ${name(c.after)})`).join('; ')}`);
      }
    },
  };
}
