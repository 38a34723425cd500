/**
 * Makes every zeromq socket send one message at a time (applied to the tslab kernel by preload.cjs).
 *
 * tslab 1.0.22 sends on its sockets without waiting for the previous send to finish (for example the
 * "busy" status on IOPub while the previous message is still being written). zeromq 6 then throws
 * EBUSY ("Socket is busy writing; only one send operation may be in progress at any time"), the
 * rejection is unhandled and the kernel dies: nbconvert reports "Kernel didn't respond in 60 seconds".
 * It happens only when a send does not complete at once, i.e. on a loaded machine. Here each socket
 * keeps a queue: a send waits for the one before it, so messages keep their order and none is lost.
 */
'use strict';

/** Wraps Socket.prototype.send of the given zeromq module (idempotent). Returns true if it patched. */
function serializeSends(zmq) {
  const proto = zmq.Socket && zmq.Socket.prototype;
  if (!proto || typeof proto.send !== 'function' || proto.send.__serialized) return false;
  const send = proto.send;
  const queues = new WeakMap();
  const serialSend = function (message) {
    const previous = queues.get(this) || Promise.resolve();
    const next = previous.then(() => send.call(this, message));
    // The queue goes on after a failed send. tslab never looks at what send returns, so a failure is
    // reported here rather than left as an unhandled rejection (which would end the kernel); a caller
    // that awaits `next` still sees it.
    queues.set(
      this,
      next.catch((err) => {
        process.stderr.write(`empathy-lab kernel: a zeromq send failed: ${(err && err.message) || err}\n`);
      }),
    );
    return next;
  };
  serialSend.__serialized = true;
  Object.defineProperty(proto, 'send', { value: serialSend, writable: false, enumerable: false, configurable: true });
  return true;
}

module.exports = { serializeSends };
