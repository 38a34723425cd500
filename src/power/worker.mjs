// Fallback worker-thread entry of powerCurve (src/power/run.ts), used when esbuild cannot bundle
// worker-main.ts (or workerLoader is 'tsx'): registers tsx so that the TypeScript model code
// loads in this thread whatever started the main thread (tsx CLI, vitest, tslab), then runs worker-main.ts.
import { register } from 'tsx/esm/api';

register();
await import('./worker-main.ts');
