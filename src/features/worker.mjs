// Fallback worker-thread entry of extractFeaturesParallel (src/features/parallel.ts), used when esbuild
// cannot bundle worker-main.ts: registers tsx so that the TypeScript feature code loads in this thread
// whatever started the main thread (tsx CLI, vitest, tslab), then runs worker-main.ts.
import { register } from 'tsx/esm/api';

register();
await import('./worker-main.ts');
