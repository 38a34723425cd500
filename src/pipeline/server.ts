/**
 * Command line of the interactive Jupyter Notebook server (`empathy-lab notebook`): Debian's
 * classic Notebook on localhost, with the project's tslab kernelspec as default kernel.
 */
import { KERNEL_NAME } from './kernel';

/** Options of {@link notebookServerArgs}. */
export interface NotebookServerOptions {
  /** Folder the server shows (its file browser root). */
  notebookDir: string;
  /** Port (Jupyter tries the next ones when it is taken). */
  port: number;
  /** Address to listen on (default 127.0.0.1: this machine only). */
  ip?: string;
  /** Access token; undefined lets Jupyter generate one (printed in its URL). */
  token?: string;
  /** Page opened at the server root, e.g. /tree/notebooks. */
  defaultUrl?: string;
  /** Open a browser window (default false: print the URL). */
  openBrowser?: boolean;
  /** Add --allow-root (Jupyter refuses to run as root without it). */
  allowRoot?: boolean;
}

/** Arguments after `python -m notebook` that start the server as described. */
export function notebookServerArgs(o: NotebookServerOptions): string[] {
  const args = [
    `--ip=${o.ip ?? '127.0.0.1'}`,
    `--port=${o.port}`,
    `--notebook-dir=${o.notebookDir}`,
    `--MappingKernelManager.default_kernel_name=${KERNEL_NAME}`,
  ];
  if (!o.openBrowser) args.push('--no-browser');
  if (o.allowRoot) args.push('--allow-root');
  if (o.token !== undefined) args.push(`--NotebookApp.token=${o.token}`);
  if (o.defaultUrl) args.push(`--NotebookApp.default_url=${o.defaultUrl}`);
  return args;
}
