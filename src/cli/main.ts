/**
 * `empathy-lab <command> [options]`: a thin dispatcher. Each command lives in
 * src/cli/commands/<name>.ts and exports a {@link Command}; adding a file adds a command.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from './args';

/** One CLI command. `run` returns the process exit code. */
export interface Command {
  /** One line shown by `empathy-lab --help`. */
  summary: string;
  /** Full usage text shown by `empathy-lab <command> --help`. */
  usage: string;
  run(args: string[]): Promise<number>;
}

const commandsDir = join(dirname(fileURLToPath(import.meta.url)), 'commands');

function commandNames(): string[] {
  return readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function loadCommand(name: string): Promise<Command> {
  const mod = (await import(join(commandsDir, `${name}.ts`))) as { command: Command };
  return mod.command;
}

async function helpText(): Promise<string> {
  const lines = ['Usage: empathy-lab <command> [options]', '', 'Commands:'];
  for (const name of commandNames()) {
    const c = await loadCommand(name);
    lines.push(`  ${name.padEnd(12)} ${c.summary}`);
  }
  lines.push('', 'Run `empathy-lab <command> --help` for the options of one command.');
  return lines.join('\n');
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(await helpText());
    return name === undefined ? 1 : 0;
  }
  if (!commandNames().includes(name)) {
    console.error(`empathy-lab: unknown command '${name}'.\n\n${await helpText()}`);
    return 2;
  }
  const command = await loadCommand(name);
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    const e = err as Error;
    if (e instanceof UsageError || e.name === 'UsageError') {
      console.error(`empathy-lab ${name}: ${e.message} (see empathy-lab ${name} --help)`);
      return 2;
    }
    console.error(`empathy-lab ${name}: ${e.message}`);
    if (process.env.EMPATHY_LAB_DEBUG) console.error(e.stack);
    return 1;
  }
}
