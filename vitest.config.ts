import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: 'forks',
    // One test file per core (vitest's default, cores - 1, leaves one of this machine's two idle), each fork
    // reused for the next file (modules loaded once per fork, not once per file: the suite imports src/
    // ~100 times). Tests restore what they change (environment variables, console spies).
    maxWorkers: availableParallelism(),
    isolate: false,
    globalSetup: ['tests/setup/data.ts'],
  },
});
