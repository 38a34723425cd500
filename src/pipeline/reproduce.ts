/**
 * `empathy-lab reproduce`: makes sure the data of the studies whose notebooks run are in the cache,
 * executes the notebooks (two kernels at a time on two cores, the longest first: ./schedule; executed
 * copies, outputs included, go to build/notebooks/), stops at the first failing cell with its real error,
 * then runs the post-notebook steps (./post-steps). A step that reads nothing the notebooks write runs on
 * the first core with no notebook left to start; its files are staged and moved into the project only when
 * every notebook ran through. Terminal lines come in notebook order, then step order, whatever the order
 * of execution; timings go to the terminal only, never into the notebooks.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { loadStudies } from '../studies/index';
import { startWorkCount } from '../util/work-count';
import { projectRoot } from '../util/paths';
import { executeNotebook, formatFailure, type NotebookRun } from './execute';
import { ensureJupyter } from './jupyter';
import { assertKernelInstalled } from './kernel';
import { postNotebookSteps, type PostNotebookStep } from './post-steps';
import { publishStaged, readNotebookSeconds, recordNotebookSeconds, startOrder } from './schedule';

/** Options of {@link reproduce}. */
export interface ReproduceOptions {
  /** Project root (default: found from the working directory). */
  root?: string;
  /** Folder of the notebooks (default <root>/notebooks). */
  notebooksDir?: string;
  /** Folder for the executed copies (default <root>/build/notebooks). */
  outDir?: string;
  /** Run only notebooks whose file name contains one of these strings (default: all). */
  filters?: readonly string[];
  /** Make sure the data of every study whose notebooks run are in the cache first (default true). */
  fetchData?: boolean;
  /**
   * Steps to run after the notebooks. Default: {@link postNotebookSteps} when every notebook of
   * the default folder ran (no filter), none otherwise.
   */
  steps?: readonly PostNotebookStep[];
  /** Install missing Jupyter Debian packages when running as root on Debian (default true). */
  install?: boolean;
  /** Seconds allowed per cell (default 600). */
  timeoutSeconds?: number;
  /** Print each code cell's wall time under its notebook (default false). */
  cellTimes?: boolean;
  /**
   * Notebooks executed at the same time, each on its own kernel (default: 2, or 1 on a one-core machine).
   * The executed copies are the same whatever the number; the terminal lines keep notebook order.
   */
  jobs?: number;
  /** Executes one notebook (default {@link executeNotebook}: the tslab kernel through nbconvert); tests pass a stand-in. */
  execute?: typeof executeNotebook;
  /** Terminal output (default console.log). */
  log?: (message: string) => void;
}

/** Outcome of {@link reproduce}. */
export interface ReproduceResult {
  ok: boolean;
  /** One entry per notebook executed (the last one failed when ok is false). */
  runs: NotebookRun[];
  /** Names of the post-notebook steps that ran. */
  stepsRun: string[];
  /** Fits and cross-validations the steps performed: per kind, total and distinct. */
  work?: Record<string, { total: number; distinct: number }>;
}

/** Notebooks (*.ipynb) in `dir`, sorted by file name, keeping those matching any filter. */
export function listNotebooks(dir: string, filters: readonly string[] = []): string[] {
  if (!existsSync(dir)) throw new Error(`notebook folder not found: ${dir}`);
  const all = readdirSync(dir)
    .filter((f) => f.endsWith('.ipynb') && !f.startsWith('.'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const chosen = filters.length === 0 ? all : all.filter((f) => filters.some((p) => f.toLowerCase().includes(p.toLowerCase())));
  if (all.length === 0) throw new Error(`no notebooks (*.ipynb) in ${dir}`);
  if (chosen.length === 0) throw new Error(`no notebook in ${dir} matches ${filters.map((f) => `'${f}'`).join(' or ')}; there are: ${all.join(', ')}`);
  return chosen.map((f) => join(dir, f));
}

function seconds(s: number): string {
  return `${s.toFixed(1)} s`;
}

/** Runs the notebooks (and then the post-notebook steps); see the module comment. */
export async function reproduce(options: ReproduceOptions = {}): Promise<ReproduceResult> {
  const log = options.log ?? ((m: string) => console.log(m));
  const root = options.root ?? projectRoot();
  const notebooksDir = options.notebooksDir ?? join(root, 'notebooks');
  const outDir = options.outDir ?? join(root, 'build', 'notebooks');
  const filters = options.filters ?? [];
  const shown = (p: string) => (relative(root, p).startsWith('..') ? p : relative(root, p) || '.');
  const t0 = process.hrtime.bigint();
  const elapsed = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

  const notebooks = listNotebooks(notebooksDir, filters);
  const execute = options.execute ?? executeNotebook;
  assertKernelInstalled(root);
  const python = ensureJupyter('execute', { install: options.install, log });

  if (options.fetchData !== false) {
    // only the studies whose notebooks run: `reproduce mystudy` needs no other study's data
    const running = new Set(notebooks.map((n) => basename(n)));
    for (const study of (await loadStudies()).filter((s) => s.notebooks.some((n) => running.has(n)))) {
      const t = process.hrtime.bigint();
      const dir = await study.ensureData((m: string) => log(`  ${m}`));
      log(`data: ${shown(dir)} ready (${seconds(elapsed(t))})`);
    }
  }

  const jobs = Math.max(1, Math.min(options.jobs ?? Math.min(2, availableParallelism()), notebooks.length));
  log(`executing ${notebooks.length} notebook${notebooks.length === 1 ? '' : 's'} from ${shown(notebooksDir)} into ${shown(outDir)}${jobs > 1 ? ` (${jobs} at a time)` : ''}`);

  const isDefaultFolder = resolve(notebooksDir) === resolve(root, 'notebooks');
  const isFullRun = filters.length === 0 && isDefaultFolder;
  const steps = options.steps ?? (isFullRun ? await postNotebookSteps(root) : []);
  // The leading steps that read nothing the notebooks write run on the first core with no notebook left to
  // start, writing into a staging folder that is moved into the project only when every notebook ran through.
  const nAlongside = jobs > 1 ? steps.findIndex((s) => s.alongsideNotebooks !== true) : 0;
  const alongside = steps.slice(0, nAlongside < 0 ? steps.length : nAlongside);
  const after = steps.slice(alongside.length);
  const staging = join(root, 'build', 'staging', `reproduce-${process.pid}`);
  const stepLines: string[] = [];
  const stepsRun: string[] = [];
  const runStep = async (step: PostNotebookStep, writeRoot: string, executed: string[], say: (m: string) => void): Promise<void> => {
    const t = process.hrtime.bigint();
    await step.run({ root, writeRoot, outDir, executed, log: (m) => say(`  ${m}`), install: options.install !== false });
    stepsRun.push(step.name);
    say(`  ok  step ${step.name.padEnd(35)} ${seconds(elapsed(t)).padStart(8)}${writeRoot === root ? '' : ' (alongside the notebooks)'}`);
  };
  let alongsideRun: Promise<void> | undefined;
  const runAlongside = async (): Promise<void> => {
    for (const step of alongside) await runStep(step, staging, [], (m) => stepLines.push(m));
  };

  // A pool of `jobs` kernels starting the notebooks longest first (./schedule); results are reported in
  // notebook order, each as soon as it and every notebook before it are done. After a failure no further
  // notebook is started.
  const measured = readNotebookSeconds(root);
  const estimated = notebooks.every((n) => measured[basename(n)] !== undefined) ? [] : (await loadStudies()).map((s) => s.notebookSeconds ?? {});
  const order = startOrder(notebooks, Object.assign({}, ...estimated, measured) as Record<string, number>);
  const finished: ((run: NotebookRun | null) => void)[] = [];
  const done = notebooks.map(() => new Promise<NotebookRun | null>((res) => finished.push(res)));
  const work = startWorkCount();
  let next = 0;
  let failed = false;
  const slot = async (): Promise<void> => {
    while (!failed && next < order.length) {
      const i = order[next++]!;
      const nb = notebooks[i]!;
      const run = await execute(nb, join(outDir, basename(nb)), { root, python, timeoutSeconds: options.timeoutSeconds, cellTimes: options.cellTimes });
      if (run.failure) failed = true;
      finished[i]!(run);
    }
    if (!failed && alongside.length > 0) await (alongsideRun ??= runAlongside());
  };
  const slots = Promise.allSettled(Array.from({ length: jobs }, () => slot())).then((settled) => {
    notebooks.forEach((_, i) => finished[i]!(null)); // never started (a failure came first); a no-op for the others
    return settled;
  });
  const runs: NotebookRun[] = [];
  const failures: NotebookRun[] = [];
  for (let i = 0; i < notebooks.length; i++) {
    const run = await done[i]!;
    if (run === null) continue;
    runs.push(run);
    const nb = notebooks[i]!;
    if (run.failure) {
      failures.push(run);
      log(`  FAILED ${basename(nb)} (${seconds(run.seconds)})`);
      log(formatFailure({ ...run, notebook: shown(run.notebook), output: shown(run.output) }));
      break; // the first failure in notebook order is the one to fix
    }
    log(`  ok  ${basename(nb).padEnd(40)} ${seconds(run.seconds).padStart(8)}`);
    for (const line of run.runLog) log(`        ${line}`);
    if (!run.trust.trusted) log(`        (not recorded as trusted: classic Notebook will ask before showing its figures${run.trust.error ? `; ${run.trust.error}` : ''})`);
  }
  const settled = await slots;
  const ranThrough = runs.filter((r) => !r.failure);
  if (isDefaultFolder && ranThrough.length > 0) recordNotebookSeconds(root, ranThrough);
  const thrown = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failures.length > 0 || thrown) {
    work.stop();
    rmSync(staging, { recursive: true, force: true }); // a failed run publishes nothing its steps made
    if (thrown && failures.length === 0) throw thrown.reason;
    return { ok: false, runs, stepsRun: [] };
  }

  try {
    for (const line of stepLines) log(line);
    publishStaged(staging, root);
    const executed = runs.map((r) => r.output);
    for (const step of after) await runStep(step, root, executed, log);
  } finally {
    work.stop();
  }
  const summary = Object.entries(work.summary());
  if (steps.length > 0) log(`work after the notebooks: ${summary.length ? summary.map(([kind, c]) => `${c.total} ${kind}${c.distinct !== c.total ? ` (${c.distinct} distinct)` : ''}`).join(', ') : 'none counted'}`);
  log(`done: ${runs.length} notebook${runs.length === 1 ? '' : 's'}${stepsRun.length ? ` and ${stepsRun.length} step(s)` : ''} in ${seconds(elapsed(t0))}`);
  return { ok: true, runs, stepsRun, work: work.summary() };
}
