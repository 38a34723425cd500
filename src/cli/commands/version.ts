import { readFileSync } from 'node:fs';
import type { Command } from '../main';

export const command: Command = {
  summary: 'Print the empathy-lab version.',
  usage: 'Usage: empathy-lab version',
  async run() {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    console.log(pkg.version);
    return 0;
  },
};
