/**
 * Steps that `empathy-lab reproduce` runs, in order, after every notebook of notebooks/ has executed
 * without error: each study's steps (src/studies/index.ts), which share one set of fits per study. Add a
 * step in the study's own folder (its steps.ts), not here.
 *
 * The studies are loaded lazily so that a notebook-only run does not load the analyses.
 */
import { loadStudies, type StudyStep, type StudyStepContext } from '../studies/index';

/** What a post-notebook step gets to work with (a study step's context). */
export type PostNotebookContext = StudyStepContext;

/** One step run after the notebooks. */
export type PostNotebookStep = StudyStep;

/** The ordered post-notebook steps of every study (Lee et al.: figures/ from the data, then the replication report). */
export async function postNotebookSteps(_root: string): Promise<PostNotebookStep[]> {
  return (await loadStudies()).flatMap((s) => s.steps());
}
