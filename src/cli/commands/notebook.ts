import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseOptions } from '../args';
import type { Command } from '../main';
import { ensureJupyter } from '../../pipeline/jupyter';
import { assertKernelInstalled, jupyterEnv } from '../../pipeline/kernel';
import { notebookServerArgs } from '../../pipeline/server';
import { projectRoot } from '../../util/paths';

export const command: Command = {
  summary: 'Start Jupyter Notebook on localhost with the project kernel (open notebooks/ in a browser).',
  usage: `Usage: empathy-lab notebook [options]

Starts Jupyter Notebook (Debian's jupyter-notebook package) on 127.0.0.1 with the project's tslab
kernelspec (jupyter/kernels) as default kernel. Open the printed URL in a browser: the file view
starts in notebooks/. Kernels run in the project root, so notebooks import ./src/... . Stop with
Ctrl-C.

Options:
  --port N       port to listen on (default 8888; the next free one if taken)
  --token T      access token (default: Jupyter generates one and prints it in the URL)
  --dir DIR      folder the server shows (default: the project root)
  --open         open a browser window too
  --no-install   never install Jupyter; only say how to get it when it is missing
                 (by default, when run as root on Debian, the missing packages are installed
                 with apt-get, announced and shown)`,
  async run(args) {
    const { values } = parseOptions(args, {
      port: { type: 'string' },
      token: { type: 'string' },
      dir: { type: 'string' },
      open: { type: 'boolean' },
      'no-install': { type: 'boolean' },
    });
    const port = values.port === undefined ? 8888 : Number(values.port);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) {
      console.error(`empathy-lab notebook: --port must be a port number, got '${values.port}'.`);
      return 2;
    }
    const root = projectRoot();
    const notebookDir = values.dir === undefined ? root : resolve(values.dir);
    if (!existsSync(notebookDir) || !statSync(notebookDir).isDirectory()) {
      console.error(`empathy-lab notebook: --dir ${notebookDir} is not a folder.`);
      return 2;
    }
    assertKernelInstalled(root);
    const python = ensureJupyter('notebook', { install: !values['no-install'] });
    const notebooksInside = relative(notebookDir, resolve(root, 'notebooks'));
    const defaultUrl = values.dir === undefined && existsSync(resolve(root, 'notebooks')) ? `/tree/${notebooksInside}` : undefined;
    const serverArgs = notebookServerArgs({
      notebookDir,
      port,
      token: values.token,
      defaultUrl,
      openBrowser: values.open === true,
      allowRoot: process.getuid?.() === 0,
    });
    console.log(`Starting Jupyter Notebook (${python} -m notebook) on http://127.0.0.1:${port}/ with kernel tslab-empathy-lab; Ctrl-C stops it.`);
    const child = spawn(python, ['-m', 'notebook', ...serverArgs], { cwd: root, env: jupyterEnv(root), stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    process.on('SIGINT', forward('SIGINT'));
    process.on('SIGTERM', forward('SIGTERM'));
    return await new Promise<number>((resolveExit, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolveExit(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1)));
    });
  },
};
