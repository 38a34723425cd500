/**
 * Preloaded into the tslab kernel with `node -r` (see ../kernels/tslab-empathy-lab/kernel.json): serializes
 * the kernel's zeromq sends (serial-send.cjs says why). The kernel runs from the project root.
 */
'use strict';
const path = require('node:path');
const { createRequire } = require('node:module');
const { serializeSends } = require('./serial-send.cjs');

try {
  // the zeromq that tslab itself resolves
  const fromTslab = createRequire(path.join(process.cwd(), 'node_modules', 'tslab', 'package.json'));
  serializeSends(fromTslab('zeromq'));
} catch (err) {
  process.stderr.write(`empathy-lab kernel: could not serialize zeromq sends (${err && err.message})\n`);
}
