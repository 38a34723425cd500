import { resolve } from 'node:path';
import { parseInteger, parseOptions, UsageError } from '../args';
import type { Command } from '../main';
import { reproduce } from '../../pipeline/reproduce';

export const command: Command = {
  summary: 'Execute every notebook headless (data fetched first); executed copies go to build/notebooks/.',
  usage: `Usage: empathy-lab reproduce [FILTER...] [options]

Makes sure the data of each study whose notebooks run are in data/cache/ (fetching them when the
cache is empty), then executes the notebooks of notebooks/ with Jupyter nbconvert on the project's
tslab kernel (two at a time on two cores, the longest first by the last run's times) and writes the
executed copies, outputs included, to build/notebooks/. Stops at the first failing cell: prints the
notebook, the cell number, the cell and its real error, and exits 1. Each study's steps
(src/studies/<name>/steps.ts: figures, replication report) share one set of fits and print how many
they made; a step that needs nothing from the notebooks (the figures) runs on a core the notebooks
leave free, and its files reach figures/ only when every notebook ran through.

FILTER       run only notebooks whose file name contains one of these strings (e.g. 01 study2);
             post-notebook steps run only when no filter is given

Options:
  --out DIR        folder for the executed notebooks (default build/notebooks)
  --dir DIR        folder of the notebooks to execute (default notebooks)
  --skip-data      do not check or fetch the data first (for notebooks that read no data)
  --timeout SEC    seconds allowed per cell (default 600)
  --jobs N         notebooks executed at the same time, each on its own kernel (default 2, or 1 on a
                   one-core machine); the executed copies and the order of the terminal lines do not
                   depend on it
  --cell-times     print each code cell's wall time under its notebook (cell N is the Nth cell of the
                   notebook, markdown included); the notebooks themselves never hold timings
  --no-install     never install Jupyter; only say how to get it when it is missing
                   (by default, when run as root on Debian, missing Jupyter packages are
                   installed with apt-get, announced and shown)

Exit status: 0 all notebooks ran, 1 a cell failed, 2 bad usage.`,
  async run(args) {
    const { values, positionals } = parseOptions(args, {
      out: { type: 'string' },
      dir: { type: 'string' },
      'skip-data': { type: 'boolean' },
      timeout: { type: 'string' },
      'no-install': { type: 'boolean' },
      jobs: { type: 'string' },
      'cell-times': { type: 'boolean' },
    }, { positionals: true });
    const jobs = values.jobs === undefined ? undefined : parseInteger(values.jobs, 'jobs', 1, 1);
    let timeoutSeconds: number | undefined;
    if (values.timeout !== undefined) {
      timeoutSeconds = Number(values.timeout);
      if (!Number.isInteger(timeoutSeconds) || timeoutSeconds <= 0) throw new UsageError(`--timeout must be a positive whole number of seconds (got '${values.timeout}')`);
    }
    const result = await reproduce({
      outDir: values.out === undefined ? undefined : resolve(values.out),
      notebooksDir: values.dir === undefined ? undefined : resolve(values.dir),
      filters: positionals,
      fetchData: !values['skip-data'],
      install: !values['no-install'],
      timeoutSeconds,
      jobs,
      cellTimes: values['cell-times'] === true,
    });
    return result.ok ? 0 : 1;
  },
};
