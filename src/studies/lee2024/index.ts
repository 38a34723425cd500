/**
 * The study of Lee, Suh, Zhan, Li & Ong (2024), "Large Language Models Produce Responses Perceived to be
 * Empathic" (arXiv 2403.18148): everything specific to it, on top of the generic library.
 *
 * - manifest.ts: the released files (origin commit, sha256, shapes, wide layouts);
 * - acquire.ts: getting them into the cache (ensureLee2024, data fetch / status);
 * - data.ts: the wide ratings files, responses, raters and LIWC-22 output as typed records; tidy.ts;
 * - labels.ts: source names and display labels; features.ts: the texts behind the LIWC-22 files and our
 *   features' agreement with them;
 * - models.ts: the paper's models and rater codings; intervals.ts: the Figure 2 interval defect;
 * - style.ts: the style settings, the Study 2 features of both feature sets (LIWC-22's output, the open
 *   dictionary), Figure 3 and the style claims; protocol.ts: the paper's Table III / IV protocols re-run;
 *   styleReport.ts: the report's sections on them; robustness.ts: the ordinal robustness check;
 * - figures.ts, replication.ts, report.ts: the paper's figure set and the replication report;
 * - context.ts: one shared set of fits and results for the steps after the notebooks; steps.ts: those steps.
 */
export * from './manifest';
export * from './acquire';
export * from './data';
export * from './tidy';
export * from './labels';
export * from './features';
export * from './models';
export * from './intervals';
export * from './robustness';
export * from './style';
export * from './figures';
export * from './replication';
export * from './report';
export * from './context';
export * from './agreement';
export * from './protocol';
export * from './styleReport';
