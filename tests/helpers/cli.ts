/**
 * Runs the CLI in this process as a user would from the shell (`empathy-lab <argv...>`), capturing what it
 * prints: exit code, stdout (console.log and process.stdout.write) and stderr (console.error/warn).
 */
import { main } from '../../src/cli/main';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const saved = { log: console.log, error: console.error, warn: console.warn, write: process.stdout.write };
  console.log = (...xs: unknown[]) => void out.push(`${xs.join(' ')}\n`);
  console.error = (...xs: unknown[]) => void err.push(`${xs.join(' ')}\n`);
  console.warn = console.error;
  process.stdout.write = ((chunk: string | Uint8Array) => (out.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')), true)) as typeof process.stdout.write;
  try {
    const code = await main(argv);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    console.log = saved.log;
    console.error = saved.error;
    console.warn = saved.warn;
    process.stdout.write = saved.write;
  }
}
