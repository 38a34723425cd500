/**
 * The kernel's zeromq preload (jupyter/kernel/preload.cjs): tslab 1.0.22 fires sends without waiting, and
 * zeromq 6 throws EBUSY when a send is still pending, which killed the kernel in a loaded CI run ("Kernel
 * didn't respond in 60 seconds"). Each case runs in its own node process, as the kernel does.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRoot, projectRoot } from '../../src/util/paths';

/** Runs a CommonJS snippet with node in the project root, optionally with the kernel's preload. */
function node(code: string, preload: boolean): { status: number | null; stdout: string; stderr: string } {
  const args = preload ? ['-r', './jupyter/kernel/preload.cjs', '-e', code] : ['-e', code];
  const r = spawnSync(process.execPath, args, { cwd: projectRoot(), encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// A Push socket with no peer cannot complete a send: the next send finds it busy.
const PENDING_SENDS = `
const zmq = require('zeromq');
(async () => {
  const push = new zmq.Push();
  await push.bind('tcp://127.0.0.1:*');
  const sends = [];
  try {
    for (const m of ['a', 'b', 'c']) sends.push(push.send(m));
  } catch (err) {
    console.log('threw ' + err.code);
    process.exit(0);
  }
  const pull = new zmq.Pull();
  pull.connect(push.lastEndpoint);
  const got = [];
  for (let i = 0; i < 3; i++) got.push(String((await pull.receive())[0]));
  await Promise.all(sends);
  console.log('received ' + got.join(','));
  push.close();
  pull.close();
  push.send('on a closed socket'); // fails; must not crash the process
  setTimeout(() => console.log('alive'), 50);
})();
`;

describe('kernel preload: zeromq sends one at a time', () => {
  it('without it, a second send while one is pending throws EBUSY (the failure it guards against)', () => {
    const r = node(PENDING_SENDS, false);
    expect(r.stdout.trim()).toBe('threw EBUSY');
  });

  it('with it, concurrent sends are queued and delivered in order, and a failed send does not end the process', () => {
    const r = node(PENDING_SENDS, true);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['received a,b,c', 'alive']);
    expect(r.stderr).toBe(''); // a send on a closed socket (the kernel shutting down) is not worth a report
  });

  it('ends promptly when stderr is itself sent on the socket (as tslab does) and the socket closes', () => {
    // A failure reported through process.stderr would be sent again, fail again, and spin for ever: this
    // held every kernel shutdown for seconds until Jupyter killed the kernel.
    const code = `
      const zmq = require('zeromq');
      (async () => {
        const pub = new zmq.Publisher();
        await pub.bind('tcp://127.0.0.1:*');
        process.stderr.write = (chunk) => { pub.send(String(chunk)); return true; };
        pub.send('a'); pub.send('b');
        pub.close();
        pub.send('after close'); pub.send('again');
        setTimeout(() => console.log('alive'), 100);
      })();`;
    const started = Date.now();
    const r = node(code, true);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('alive');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('is what the kernelspec starts tslab with', () => {
    const spec = JSON.parse(readFileSync(fromRoot('jupyter', 'kernels', 'tslab-empathy-lab', 'kernel.json'), 'utf8')) as { argv: string[] };
    expect(spec.argv.join(' ')).toContain('node -r ./jupyter/kernel/preload.cjs node_modules/tslab/bin/tslab kernel');
  });
});
