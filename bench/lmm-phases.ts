/**
 * Profiling aid for bench/lmm.ts (run by hand): CPU milliseconds of each phase of one paper-model fit,
 * fit after fit in one process, so JIT warm-up and steady state can be told apart.
 *
 *   npx tsx bench/lmm-phases.ts [study1|study2] [fits = 10]
 *
 * Phases: buildDesign (lFormula), new BlockedSystem (cross-products), fitDesign (optimization, Newton
 * polish, results). bench/lmm.ts times fits 4 to 8 of a model (after a cold fit and two warm-ups); add
 * `node --import tsx --trace-opt --trace-deopt` to see what V8 compiles in between.
 */
import { ensureLee2024 } from '../src/studies/lee2024/index';
import { loadLee2024Ratings } from '../src/studies/lee2024/data';
import { BlockedSystem, buildDesign, fitDesign, fitLmm } from '../src/model';

async function main(): Promise<void> {
  const which = process.argv[2] ?? 'study1';
  const fits = Number(process.argv[3] ?? 10);
  const study = which === 'study2' ? 2 : 1;
  await ensureLee2024({ log: () => undefined });
  const recs = loadLee2024Ratings({ study }).records.filter((r) => r.measure === 'empathy');
  const columns = { rating: recs.map((r) => r.rating), source: recs.map((r) => r.source), post: recs.map((r) => String(r.post)), rater: recs.map((r) => r.rater_raw) };
  const formula = 'rating ~ source + (1 | post:rater) + (1 | post) + (1 | rater)';
  const reference = { source: study === 1 ? 'human' : 'gpt4' };
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e3;
  };
  // The same warm-up as bench/lmm.ts: one fit of another model first.
  fitLmm('Days ~ 1 + (1 | Subject)', { Days: [1, 2, 3, 4, 2, 3, 5, 4], Subject: ['a', 'a', 'b', 'b', 'c', 'c', 'd', 'd'] });
  for (let r = 1; r <= fits; r++) {
    let t = cpu();
    const d = buildDesign(formula, columns, { reference });
    const tDesign = cpu() - t;
    t = cpu();
    const sys = new BlockedSystem(d);
    const tSystem = cpu() - t;
    t = cpu();
    const fit = fitDesign(d, {}, sys);
    const tFit = cpu() - t;
    console.log(`${which} fit ${r}: design ${tDesign.toFixed(1)} ms, system ${tSystem.toFixed(1)} ms, fitDesign ${tFit.toFixed(1)} ms (${fit.optimizer.evaluations} evaluations), total ${(tDesign + tSystem + tFit).toFixed(1)} ms CPU`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
