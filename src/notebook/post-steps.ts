/**
 * Steps that `empathy-lab reproduce` runs, in order, after every notebook of notebooks/ has
 * executed without error. This file is the extension point: a later stage of the pipeline adds
 * its step to {@link postNotebookSteps} (and only here).
 *
 * Currently the list holds the report step of src/report/ when that folder exists and its
 * index.ts exports `reportStep: PostNotebookStep`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

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
}

/** One step run after the notebooks (e.g. assembling a report from their outputs). */
export interface PostNotebookStep {
  /** Short name printed with the step's timing. */
  name: string;
  /** Does the work; throws to fail `reproduce`. */
  run(context: PostNotebookContext): Promise<void>;
}

/**
 * The step exported as `reportStep` by `<reportDir>/index.ts`, or null when that file does not
 * exist. Throws when the file exists but exports no valid step (a mistake worth seeing).
 */
export async function discoverReportStep(reportDir: string): Promise<PostNotebookStep | null> {
  const file = join(reportDir, 'index.ts');
  if (!existsSync(file)) return null;
  const mod = (await import(pathToFileURL(file).href)) as { reportStep?: Partial<PostNotebookStep> };
  const step = mod.reportStep;
  if (!step || typeof step.name !== 'string' || typeof step.run !== 'function') {
    throw new Error(`${file} must export \`reportStep: PostNotebookStep\` ({ name, run(context) }) from src/notebook/post-steps.`);
  }
  return step as PostNotebookStep;
}

/** The ordered post-notebook steps of the project at `root`. Add new steps here. */
export async function postNotebookSteps(root: string): Promise<PostNotebookStep[]> {
  const steps: PostNotebookStep[] = [];
  const report = await discoverReportStep(join(root, 'src', 'report'));
  if (report) steps.push(report);
  return steps;
}
