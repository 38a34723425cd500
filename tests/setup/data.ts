/**
 * vitest global setup: fills the Lee et al. (2024) data cache (data/cache/lee2024) once before any suite runs,
 * so every test can read it. Does nothing when the cache is already complete and valid.
 */
import { ensureLee2024 } from '../../src/studies/lee2024/index';

export default async function setup(): Promise<void> {
  await ensureLee2024({ log: (m) => console.log(`[data setup] ${m}`) });
}
