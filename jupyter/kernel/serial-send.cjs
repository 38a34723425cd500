/**
 * Makes every zeromq socket send one message at a time (applied to the tslab kernel by preload.cjs).
 *
 * tslab 1.0.22 sends on its sockets without waiting for the previous send to finish (for example the
 * "busy" status on IOPub while the previous message is still being written). zeromq 6 then throws
 * EBUSY ("Socket is busy writing; only one send operation may be in progress at any time"), the
 * rejection is unhandled and the kernel dies: nbconvert reports "Kernel didn't respond in 60 seconds".
 * It happens only when a send does not complete at once, i.e. on a loaded machine. Here a send made
 * while an earlier one on the same socket is still in flight waits for it (messages keep their order and
 * none is lost); a send on an idle socket goes out at once, as before.
 */
'use strict';
const { writeSync } = require('node:fs');

/** Wraps Socket.prototype.send of the given zeromq module (idempotent). Returns true if it patched. */
function serializeSends(zmq) {
  const proto = zmq.Socket && zmq.Socket.prototype;
  if (!proto || typeof proto.send !== 'function' || proto.send.__serialized) return false;
  const send = proto.send;
  /** Per socket: sends not yet settled, and the promise the next send waits for. */
  const states = new WeakMap();
  // Straight to file descriptor 2: tslab turns process.stderr into IOPub messages, so reporting a failed
  // send there would send again (and, on a closed socket, fail again, for ever).
  const report = (socket, err) => {
    if (socket.closed) return; // sends racing the kernel's own shutdown: nothing to report
    writeSync(2, `empathy-lab kernel: a zeromq send failed: ${(err && err.message) || err}\n`);
  };
  const serialSend = function (message) {
    let state = states.get(this);
    if (state === undefined) states.set(this, (state = { pending: 0, tail: Promise.resolve() }));
    let next;
    if (state.pending === 0) {
      // Nothing in flight: send now, as tslab expects (its shutdown reply must leave before it closes the
      // sockets in the same tick).
      try {
        next = send.call(this, message);
      } catch (err) {
        next = Promise.reject(err);
      }
    } else {
      next = state.tail.then(() => send.call(this, message));
    }
    state.pending++;
    // The queue goes on after a failed send. tslab never looks at what send returns, so a failure is
    // reported here rather than left as an unhandled rejection (which would end the kernel); a caller
    // that awaits `next` still sees it.
    state.tail = next.then(
      () => void state.pending--,
      (err) => {
        state.pending--;
        report(this, err);
      },
    );
    return next;
  };
  serialSend.__serialized = true;
  Object.defineProperty(proto, 'send', { value: serialSend, writable: false, enumerable: false, configurable: true });
  return true;
}

module.exports = { serializeSends };
