/** Shared helpers of the notebook tests: run the CLI, find a free port, wait for a condition. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../../src/util/paths';

export const ROOT = projectRoot();
export const FIXTURES = join(ROOT, 'tests', 'notebook', 'fixtures');
const CLI = join(ROOT, 'bin', 'empathy-lab.mjs');

/** Runs `empathy-lab <args>` to completion; returns exit status and the combined output. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): { status: number; output: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? 1, output: `${r.stdout}${r.stderr}` };
}

/** Starts `empathy-lab <args>` in the background, collecting its output. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = process.env): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `check` every `everyMs` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs: number, everyMs = 250): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A notebook file as JSON (only the fields the tests read). */
export interface NotebookJson {
  metadata: Record<string, unknown>;
  cells: { cell_type: string; execution_count?: number | null; source: string | string[]; outputs?: { output_type: string; name?: string; text?: string | string[]; data?: Record<string, unknown> }[] }[];
}

export function readNotebook(file: string): NotebookJson {
  return JSON.parse(readFileSync(file, 'utf8')) as NotebookJson;
}

/** Joins nbformat's multi-line strings (stored as a string or an array of lines). */
export function text(v: string | string[] | unknown): string {
  return Array.isArray(v) ? v.join('') : typeof v === 'string' ? v : '';
}
