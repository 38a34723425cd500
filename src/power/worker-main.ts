/**
 * Body of a power-simulation worker thread (started by run.ts from its esbuild bundle, or through
 * worker.mjs): builds a replicate runner from the spec it is given, then answers each request { raters, replicates } with the results of
 * those replicates (each replicate uses its own seed, so the thread that runs it does not matter).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ReplicateRunner, type PowerSpec } from './replicate';
import type { PowerWorkerReply, PowerWorkerRequest } from './run';

const port = parentPort;
if (port !== null) {
  let runner: ReplicateRunner | null = null;
  let initError: string | undefined;
  try {
    runner = new ReplicateRunner(workerData as PowerSpec);
  } catch (e) {
    initError = e instanceof Error ? e.message : String(e);
  }
  const hello: PowerWorkerReply = { results: [], ready: true, ...(initError ? { error: initError } : {}) };
  port.postMessage(hello);
  port.on('message', (req: PowerWorkerRequest) => {
    let reply: PowerWorkerReply;
    if (!runner) reply = { results: [], error: initError };
    else {
      try {
        reply = { results: req.replicates.map((i) => runner!.run(req.raters, i)) };
      } catch (e) {
        reply = { results: [], error: e instanceof Error ? e.stack ?? e.message : String(e) };
      }
    }
    port.postMessage(reply);
  });
}
