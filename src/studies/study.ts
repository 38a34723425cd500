/**
 * What a study folder offers the pipeline (`empathy-lab reproduce`): how to get its data into the cache
 * and the steps to run after every notebook has executed (exporting its figures, writing its report).
 * A study implements {@link Study} in its folder (src/studies/<name>/steps.ts) and is listed in
 * src/studies/index.ts. Nothing here knows about Jupyter: the pipeline calls these.
 */

/** What a step after the notebooks gets to work with. */
export interface StudyStepContext {
  /** Project root (also the working directory): read from here. */
  root: string;
  /**
   * Write your files under this folder, at the paths they have under root (e.g. `join(writeRoot, 'figures')`).
   * It is root for a step run after the notebooks; for a step run alongside them ({@link StudyStep.alongsideNotebooks})
   * it is a staging folder that the pipeline moves into root only once every notebook has run without error.
   */
  writeRoot: string;
  /** Folder holding the executed notebooks. */
  outDir: string;
  /** Executed notebook copies, in notebook order (empty for a step run alongside the notebooks). */
  executed: string[];
  /** Progress messages for the terminal. */
  log: (message: string) => void;
  /** May a step install missing Debian packages (root on Debian)? False with `reproduce --no-install`. */
  install?: boolean;
}

/** One step run after the notebooks (e.g. exporting figures, assembling a report). */
export interface StudyStep {
  /** Short name printed with the step's timing. */
  name: string;
  /**
   * The step reads nothing the notebooks write, so `reproduce` may run it while the last notebooks still
   * execute (on a core that would otherwise wait); its files are staged (see StudyStepContext.writeRoot).
   * Steps run in their listed order either way. Default false: after every notebook.
   */
  alongsideNotebooks?: boolean;
  /** Does the work; throws to fail `reproduce`. */
  run(context: StudyStepContext): Promise<void>;
}

/** A study as the pipeline sees it. */
export interface Study {
  /** Folder name, e.g. "lee2024". */
  name: string;
  /** One line for the terminal. */
  title: string;
  /** File names of its notebooks in notebooks/ (`reproduce` fetches its data only when one of them runs). */
  notebooks: readonly string[];
  /**
   * Typical wall seconds of each notebook (two at a time on a 2-core machine): `reproduce` starts the longest
   * first. Used only until build/ holds the times of a previous run on this machine.
   */
  notebookSeconds?: Readonly<Record<string, number>>;
  /** Makes sure the study's data are in the cache; returns the cache folder. */
  ensureData(log: (message: string) => void): Promise<string>;
  /**
   * The steps after the notebooks, in order. They share one set of fits and results (each distinct fit
   * computed once per call of `steps`).
   */
  steps(): StudyStep[];
}
