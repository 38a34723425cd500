/**
 * Executes one notebook headless on the project's tslab kernel through nbconvert's
 * ExecutePreprocessor (scripts/execute_notebook.py, run by a Python that has nbconvert) and
 * reports a failing cell with its real error text: tslab leaves ename/evalue empty and writes the
 * message to the cell's stderr stream, which is what {@link formatFailure} shows.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { RUN_LOG_ENV, RUN_LOG_PREFIX } from '../notebook/run-log';
import { jupyterEnv, KERNEL_NAME } from './kernel';

/** Why a notebook did not run through. */
export type FailureKind = 'cell_error' | 'timeout' | 'kernel_error';

/** A failed notebook run: where it stopped and the error text. */
export interface NotebookFailure {
  kind: FailureKind;
  /** 0-based index of the failing cell among all cells (markdown included); -1 if none ran. */
  cellIndex: number;
  /** Cells in the notebook. */
  cellCount: number;
  /** 1-based position of the failing cell among code cells; 0 if unknown. */
  codeCellNumber: number;
  /** Source of the failing cell ('' if unknown). */
  source: string;
  /** The real error: the cell's stderr (tslab), else the traceback or nbclient's message. */
  errorText: string;
  /** Output the Python driver or kernel process wrote (shown for kernel errors). */
  processOutput: string;
}

/** Outcome of {@link executeNotebook}. */
export interface NotebookRun {
  /** Path of the notebook that was executed. */
  notebook: string;
  /** Path of the executed copy (written also when a cell failed). */
  output: string;
  /** Wall-clock seconds, kernel start included. */
  seconds: number;
  failure: NotebookFailure | null;
  /** Messages the notebook sent to the run log ({@link runLog}: timings, estimates), in order. */
  runLog: string[];
  /**
   * Whether the executed copy was recorded as trusted in Jupyter's signature database (classic Notebook
   * then shows its figures on opening); with the reason when it was not. Only a copy whose every cell ran is.
   */
  trust: { trusted: boolean; error?: string };
}

/** Options of {@link executeNotebook}. */
export interface ExecuteOptions {
  /** Project root: holds jupyter/kernels and scripts/execute_notebook.py. */
  root: string;
  /** Python interpreter that has nbconvert and nbclient (see ensureJupyter). */
  python: string;
  /** Seconds allowed per cell (default 600). */
  timeoutSeconds?: number;
  /** Add each code cell's wall time to the run log ("cell N: S s"; never written into the notebook). */
  cellTimes?: boolean;
}

/** The JSON the Python driver writes (see scripts/execute_notebook.py). */
interface DriverResult {
  status: 'ok' | FailureKind;
  cell_count: number;
  cell_index?: number;
  source?: string;
  stderr?: string;
  stdout?: string;
  ename?: string;
  evalue?: string;
  traceback?: string;
  message?: string;
  trusted?: boolean;
  trust_error?: string;
}

/** Stack frames from node's vm and tslab's executor: noise in a notebook error. */
const KERNEL_FRAME = /^\s+at .*(node:vm|node:internal|node_modules\/tslab\/|sigintHandlersWrap)/;

/** The error text of a failed cell without the kernel's own stack frames. */
export function cleanErrorText(text: string): string {
  return text
    .split('\n')
    .filter((l) => !KERNEL_FRAME.test(l))
    .join('\n')
    .trim();
}

function codeCellNumber(notebookPath: string, cellIndex: number): number {
  try {
    const nb = JSON.parse(readFileSync(notebookPath, 'utf8')) as { cells: { cell_type: string }[] };
    return nb.cells.slice(0, cellIndex + 1).filter((c) => c.cell_type === 'code').length;
  } catch {
    return 0;
  }
}

/** Turns the driver's JSON into a failure record (null when the notebook ran through). */
export function failureFromDriver(result: DriverResult, notebookPath: string, processOutput: string): NotebookFailure | null {
  if (result.status === 'ok') return null;
  const cellIndex = result.cell_index ?? -1;
  const fromCell = result.stderr?.trim() ? result.stderr : result.traceback?.trim() ? result.traceback : '';
  const fromName = result.ename || result.evalue ? `${result.ename ?? ''}: ${result.evalue ?? ''}` : '';
  return {
    kind: result.status,
    cellIndex,
    cellCount: result.cell_count,
    codeCellNumber: cellIndex >= 0 ? codeCellNumber(notebookPath, cellIndex) : 0,
    source: result.source ?? '',
    errorText: cleanErrorText(fromCell || fromName || result.message || '(no error text)'),
    processOutput,
  };
}

/** Runs `command args`, collecting stdout+stderr; resolves with the exit code. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

/**
 * Executes `input` on the tslab kernel and writes the executed copy to `output`. Resolves with
 * the run (failure null when every cell ran); rejects only when the driver itself cannot run.
 */
export async function executeNotebook(input: string, output: string, options: ExecuteOptions): Promise<NotebookRun> {
  mkdirSync(dirname(output), { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'empathy-lab-nb-'));
  const resultFile = join(work, 'result.json');
  const started = process.hrtime.bigint();
  try {
    const args = [
      join(options.root, 'scripts', 'execute_notebook.py'),
      '--kernel',
      KERNEL_NAME,
      '--timeout',
      String(options.timeoutSeconds ?? 600),
      '--cwd',
      options.root,
      '--result',
      resultFile,
      ...(options.cellTimes ? ['--cell-times'] : []),
      input,
      output,
    ];
    const env = { ...jupyterEnv(options.root), [RUN_LOG_ENV]: '1' };
    const { code, output: processOutput } = await run(options.python, args, env, options.root);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    let result: DriverResult;
    try {
      result = JSON.parse(readFileSync(resultFile, 'utf8')) as DriverResult;
    } catch {
      result = { status: 'kernel_error', cell_count: 0, message: `the notebook driver exited with status ${code} without a result` };
    }
    if (result.status === 'ok' && code !== 0) result = { ...result, status: 'kernel_error', message: `the notebook driver exited with status ${code}` };
    // run-log lines (see run-log.ts) are the notebook's messages; the rest is the driver's and kernel's output
    const lines = processOutput.split('\n');
    const logged = lines.filter((l) => l.startsWith(RUN_LOG_PREFIX)).map((l) => l.slice(RUN_LOG_PREFIX.length));
    const rest = lines.filter((l) => !l.startsWith(RUN_LOG_PREFIX)).join('\n');
    const trust = { trusted: result.trusted === true, ...(result.trust_error ? { error: result.trust_error } : {}) };
    return { notebook: input, output, seconds, failure: failureFromDriver(result, input, rest), runLog: logged, trust };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function indent(text: string, prefix = '    '): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : prefix + l))
    .join('\n');
}

/** A human-readable account of a failed run: notebook, cell number, cell source and real error. */
export function formatFailure(run: NotebookRun): string {
  const f = run.failure;
  if (!f) return `${basename(run.notebook)}: ok`;
  const lines: string[] = [];
  if (f.cellIndex >= 0) {
    const what = f.kind === 'timeout' ? 'timed out' : f.kind === 'kernel_error' ? 'lost its kernel' : 'failed';
    lines.push(`${run.notebook}: cell ${f.cellIndex + 1} of ${f.cellCount} (code cell ${f.codeCellNumber}) ${what}.`);
    lines.push('  Cell source:');
    lines.push(indent(f.source.trimEnd()));
    lines.push('  Error:');
    lines.push(indent(f.errorText));
  } else {
    lines.push(`${run.notebook}: the kernel could not run the notebook.`);
    lines.push(indent(f.errorText));
  }
  if (f.kind === 'kernel_error' && f.processOutput.trim()) {
    lines.push('  Output of the notebook driver and kernel:');
    lines.push(indent(f.processOutput.trim()));
  }
  lines.push(`  Executed copy (outputs up to the failing cell): ${run.output}`);
  return lines.join('\n');
}
