/**
 * The standard analysis of any rating study (a long CSV: rater, item, source, rating): load with the
 * project's rules, read the design, fit, compare, size the effects, measure rater agreement, check with an
 * ordinal model, draw, plan a follow-up, and write results.json; `studyNotebook` writes the notebook
 * that runs it (`npx empathy-lab new-study`).
 */
export { loadRatingStudy, checkStudySpec, type RatingStudy, type RatingStudySpec, type StudyRatingRow } from './load';
export { studyDesign, type StudyDesign } from './design';
export { describeSources, sourceSummaryRows, type SourceSummary } from './describe';
export {
  fitStudyModel,
  studyDfMethod,
  studyMeans,
  studyEffectSizes,
  effectSizeReplicates,
  studyAgreement,
  studyRobustness,
  followUpPower,
  KENWARD_ROGER_LIMIT,
  type StudyMeans,
  type FollowUpPower,
} from './analysis';
export { describeMeans, describeContrasts, describeEffectSizes, describeAgreement, describeRobustness, effectSizeLabel, iccLabel } from './narrative';
export { meansFigure, contrastsFigure, studyDiagnosticsFigure, powerFigure, studyFigureJobs, exportStudyFigures, meansTitle } from './figures';
export { studyResults, writeStudyResults, type StudyResults } from './results';
export { studyNotebook, notebookText, type NotebookJson } from './notebook';
