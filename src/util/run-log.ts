/**
 * Messages whose text changes from run to run (timings, running-time estimates). Working in Jupyter they
 * print in the cell. When `npm run reproduce` executes a notebook it sets EMPATHY_LAB_RUN_LOG=1 for the
 * kernel: the message then goes to the kernel's own stderr (past tslab, which turns process.stdout and
 * process.stderr into cell output), and the runner prints it under the notebook's line. The executed
 * copies stay identical from run to run, and the estimate is still seen before the work starts.
 *
 * @example
 *   import { runLog } from './src/notebook/run-log';  // or from ./src/util/run-log
 *   await powerCurve({ ..., log: runLog });
 */
import { writeSync } from 'node:fs';

/** Set to '1' by the notebook runner for the kernels it starts. */
export const RUN_LOG_ENV = 'EMPATHY_LAB_RUN_LOG';
/** Marks run-log lines in the kernel's stderr. */
export const RUN_LOG_PREFIX = '[empathy-lab run log] ';

/** Prints a run-dependent message: in the cell, or to the runner's log under `npm run reproduce`. */
export function runLog(message: string): void {
  if (process.env[RUN_LOG_ENV] === '1') {
    for (const line of message.split('\n')) writeSync(2, `${RUN_LOG_PREFIX}${line}\n`);
  } else {
    console.log(message);
  }
}
