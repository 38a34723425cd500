/**
 * Steps that `empathy-lab reproduce` runs, in order, after every notebook of notebooks/ has
 * executed without error. This file is the extension point: a later stage of the pipeline adds
 * its step to {@link postNotebookSteps} (and only here).
 *
 * The steps are imported lazily so that a notebook-only run does not load the analyses.
 */

/** What a post-notebook step gets to work with. */
export interface PostNotebookContext {
  /** Project root (also the working directory). */
  root: string;
  /** Folder holding the executed notebooks. */
  outDir: string;
  /** Executed notebook copies, in execution order. */
  executed: string[];
  /** Progress messages for the terminal. */
  log: (message: string) => void;
  /** May a step install missing Debian packages (root on Debian)? False with `reproduce --no-install`. */
  install?: boolean;
}

/** One step run after the notebooks (e.g. assembling a report from their outputs). */
export interface PostNotebookStep {
  /** Short name printed with the step's timing. */
  name: string;
  /** Does the work; throws to fail `reproduce`. */
  run(context: PostNotebookContext): Promise<void>;
}

/** The ordered post-notebook steps: figures/ regenerated from the data, then the replication report. Add new steps here. */
export async function postNotebookSteps(_root: string): Promise<PostNotebookStep[]> {
  const { figuresStep } = await import('../studies/lee2024/figures');
  const { reportStep } = await import('../studies/lee2024/report');
  return [figuresStep, reportStep];
}
