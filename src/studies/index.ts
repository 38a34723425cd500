/**
 * The studies of this project, each a folder of its own (data manifest and loaders, the paper's models,
 * figures, report). The generic library never imports from here; the pipeline and the CLI do.
 * Add a study: create src/studies/<name>/ with a steps.ts that exports a {@link Study}, and list it below.
 */
import type { Study } from './study';

export type { Study, StudyStep, StudyStepContext } from './study';

/** Every study, loaded on demand (a notebook-only run does not load the analyses). */
export async function loadStudies(): Promise<Study[]> {
  const { lee2024Study } = await import('./lee2024/steps');
  return [lee2024Study];
}
