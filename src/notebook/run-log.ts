/** Run-dependent messages of a notebook (timings, estimates): see ../util/run-log.ts, where the library's own use lives. */
export { runLog, RUN_LOG_ENV, RUN_LOG_PREFIX } from '../util/run-log';
