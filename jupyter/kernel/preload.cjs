/**
 * Preloaded into the tslab kernel with `node -r` (see ../kernels/tslab-empathy-lab/kernel.json): serializes
 * the kernel's zeromq sends (serial-send.cjs says why) and lets Node load the project's .ts files itself
 * (fast-imports.cjs says why). The kernel runs from the project root.
 */
'use strict';
const path = require('node:path');
const { createRequire } = require('node:module');
const { serializeSends } = require('./serial-send.cjs');
const { installFastImports } = require('./fast-imports.cjs');

try {
  // the zeromq that tslab itself resolves
  const fromTslab = createRequire(path.join(process.cwd(), 'node_modules', 'tslab', 'package.json'));
  serializeSends(fromTslab('zeromq'));
} catch (err) {
  process.stderr.write(`empathy-lab kernel: could not serialize zeromq sends (${err && err.message})\n`);
}

try {
  installFastImports(process.cwd());
} catch (err) {
  process.stderr.write(`empathy-lab kernel: tslab compiles imported files itself, slowly (${err && err.message})\n`);
}
