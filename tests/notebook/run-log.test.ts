/** runLog: in the cell when working interactively; to the kernel's stderr, marked, under the runner. */
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RUN_LOG_ENV, RUN_LOG_PREFIX, runLog } from '../../src/notebook/run-log';
import { projectRoot } from '../../src/util/paths';

afterEach(() => vi.restoreAllMocks());

describe('runLog', () => {
  it('prints with console.log when no runner asked for the run log', () => {
    const saved = process.env[RUN_LOG_ENV];
    delete process.env[RUN_LOG_ENV];
    const spy = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    runLog('estimated running time about 20 s');
    if (saved !== undefined) process.env[RUN_LOG_ENV] = saved;
    expect(spy).toHaveBeenCalledWith('estimated running time about 20 s');
  });

  it('under the runner writes each line to file descriptor 2 with the marker, past process.stderr.write', () => {
    const code = `import { runLog } from './src/notebook/run-log.ts';
      process.stdout.write = () => true; process.stderr.write = () => true; // what tslab does with cell output
      runLog('two\\nlines');`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: projectRoot(),
      encoding: 'utf8',
      env: { ...process.env, [RUN_LOG_ENV]: '1' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${RUN_LOG_PREFIX}two\n${RUN_LOG_PREFIX}lines\n`);
  });
});
