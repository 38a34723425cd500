/**
 * Benchmark (run by hand, not in CI): the same cumulative link mixed models fitted by R's ordinal::clmm
 * (Rscript, default clmm.control, Laplace) and by this engine's fitClmm, in one run on the same machine;
 * prints time per fit, the ratio, and both log-likelihoods.
 *
 *   npx tsx bench/clmm.ts [--repeats 2] [--skip-r] [--only name,name] [--dense] [--phases]
 *
 * Cases (issue 15, target: ours at most 1/2 of clmm's time on each):
 * - study1, study2: the paper's CLMMs (src/analysis/robustness.ts), rating ~ source + (1 | post:rater) +
 *   (1 | post) + (1 | rater), unique rater coding, on Lee et al.'s empathy ratings (8,688 and 6,060);
 * - crossed6k: a synthetic study shaped like the real 6,000-rating one of the issue: 3 sources, 600 raters
 *   (200 per source) each rating 10 of the 2,000 items (responses, 667 per source) of its source, 3-point
 *   scale: rating ~ source + (1 | item) + (1 | rater);
 * - crossed100k: the same design with 100,000 ratings: 10,000 raters (10 items each), 2,000 items;
 * - with --dense, crossed6k_dense: the same 600 x 2,000 sizes with every item rated once under each source
 *   (items crossed with source), where the raters' block of the Hessian does not split by source.
 * The synthetic data are seeded (see `synthetic`) and written once as CSV; R and this engine read that file.
 *
 * Timing: clmm is timed around clmm() after read.csv (model frame, optimisation, Hessian); ours around
 * fitClmm() on columns already in memory (design, start values, optimisation, Hessian). Ours: the first
 * ("cold") fit is reported, then the median of --repeats further fits. Elapsed and CPU seconds are both
 * printed; other processes share the machine, so CPU seconds are the fairer comparison.
 *
 * --phases: no R; for each case, CPU seconds of one fit of ours, split by the phase that asked for objective
 * evaluations (start values, BFGS, Hessian and Newton polish, modes; value only or value + gradient), and the
 * time spent factoring D, solving with it and in its selected inverse, with call counts.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLee2024, loadLee2024Ratings } from '../src/studies/lee2024/index';
import { fitClmm, LaplaceObjective, type ClmmFit } from '../src/ordinal/index';
import { BlockedHessian } from '../src/ordinal/structure';
import { createRng, shuffled } from '../src/stats/random';
import { fromRoot } from '../src/util/paths';
import { median, readColumns, writeCsv } from './common';

interface BenchCase {
  name: string;
  label: string;
  csv: string;
  formula: string;
  reference: Record<string, string>;
  /** Identifier columns (read as strings / R factors); the others are numbers. */
  factors: string[];
}

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : undefined);
const repeats = Number(option('repeats') ?? 2);
const only = option('only')?.split(',');
const dir = join(tmpdir(), 'empathy-lab-bench');
mkdirSync(dir, { recursive: true });

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * A seeded rating study shaped like the issue's: `nRaters` raters and `nItems` items (responses), each in
 * one of `nSources` sources (rater r and item j in source r % nSources and j % nSources: both nested in
 * source); each rater rates `perRater` distinct items of its own source, dealt out from successive random
 * permutations of that source's items (so the items of a source are rated about equally often). With
 * `itemsNested` false, every item is shared by all sources (each source deals out all items: an item is
 * then rated under every source, and the crossed random effects no longer split by source). Latent
 * rating = source effect + rater effect (SD 1) + item effect (SD 0.7) + logistic noise, cut at `cuts` into
 * categories 1..cuts.length + 1.
 */
function synthetic(nRaters: number, nItems: number, perRater: number, seed: number, itemsNested = true, nSources = 3, cuts = [-0.6, 0.9]): Record<string, unknown[]> {
  const rng = createRng(seed);
  const sourceEffect = [0, 0.35, 0.6, 0.2, -0.2].slice(0, nSources);
  const raterEffect = Array.from({ length: nRaters }, () => rng.normal());
  const itemEffect = Array.from({ length: nItems }, () => 0.7 * rng.normal());
  const itemsOf = Array.from({ length: nSources }, (_, s) => Array.from({ length: nItems }, (_, j) => j).filter((j) => !itemsNested || j % nSources === s));
  if (itemsOf.some((xs) => xs.length < perRater)) throw new Error('fewer items per source than ratings per rater');
  const deck: number[][] = Array.from({ length: nSources }, () => []);
  const rating: number[] = [];
  const source: string[] = [];
  const rater: string[] = [];
  const item: string[] = [];
  const width = String(Math.max(nRaters, nItems)).length;
  for (let r = 0; r < nRaters; r++) {
    const s = r % nSources;
    if (deck[s]!.length < 2 * perRater) deck[s] = deck[s]!.concat(shuffled(itemsOf[s]!, rng));
    // The next perRater distinct items of the deck (a permutation boundary may repeat one: skip it).
    const mine: number[] = [];
    for (let k = 0; mine.length < perRater; k++) if (!mine.includes(deck[s]![k]!)) mine.push(deck[s]![k]!);
    const taken = new Set(mine);
    deck[s] = deck[s]!.filter((j) => !taken.delete(j)); // drops the first occurrence of each
    for (const j of mine) {
      const u = rng.uniform();
      const latent = sourceEffect[s]! + raterEffect[r]! + itemEffect[j]! + Math.log(u / (1 - u));
      let y = 1;
      for (const c of cuts) if (latent > c) y++;
      rating.push(y);
      source.push(`s${s + 1}`);
      rater.push(`r${String(r + 1).padStart(width, '0')}`);
      item.push(`i${String(j + 1).padStart(width, '0')}`);
    }
  }
  return { rating, source, rater, item };
}

async function benchCases(): Promise<BenchCase[]> {
  await ensureLee2024({ log: () => undefined });
  const cases: BenchCase[] = [];
  for (const study of [1, 2] as const) {
    const recs = loadLee2024Ratings({ study }).records.filter((r) => r.measure === 'empathy');
    const csv = join(dir, `clmm_study${study}_empathy.csv`);
    writeCsv(csv, { rating: recs.map((r) => r.rating), source: recs.map((r) => r.source), post: recs.map((r) => String(r.post)), rater: recs.map((r) => r.rater) });
    cases.push({
      name: `study${study}`,
      label: `Study ${study} paper CLMM`,
      csv,
      formula: 'rating ~ source + (1 | post:rater) + (1 | post) + (1 | rater)',
      reference: { source: study === 1 ? 'human' : 'gpt4' },
      factors: ['source', 'post', 'rater'],
    });
  }
  const synth: [string, string, number, number, number, boolean][] = [
    ['crossed6k', '600 raters x 2,000 items', 600, 2000, 15, true],
    ['crossed100k', '10,000 raters x 2,000 items', 10_000, 2000, 16, true],
  ];
  if (flag('dense')) synth.push(['crossed6k_dense', '600 x 2,000, items in all sources', 600, 2000, 15, false]);
  for (const [name, label, nRaters, nItems, seed, nested] of synth) {
    const csv = join(dir, `clmm_${name}.csv`);
    writeCsv(csv, synthetic(nRaters, nItems, 10, seed, nested));
    cases.push({ name, label, csv, formula: 'rating ~ source + (1 | item) + (1 | rater)', reference: { source: 's1' }, factors: ['source', 'rater', 'item'] });
  }
  return only ? cases.filter((c) => only.includes(c.name)) : cases;
}

interface RResult {
  name: string;
  seconds: number;
  cpu_seconds: number;
  logLik: number;
  neval: number;
  max_grad: number;
}

function runR(cases: BenchCase[]): Map<string, RResult> {
  const out = new Map<string, RResult>();
  const specFile = join(dir, 'clmm_spec.json');
  writeFileSync(specFile, JSON.stringify(cases));
  process.stderr.write('running ordinal::clmm ...\n');
  const text = execFileSync('Rscript', [fromRoot('bench/clmm_ordinal.R'), specFile], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
  for (const line of text.split('\n').filter((l) => l.startsWith('{'))) {
    const r = JSON.parse(line) as RResult;
    out.set(r.name, r);
  }
  return out;
}

/** Per-phase CPU seconds of one fit, by wrapping the objective's and the factor's methods. */
function phases(c: BenchCase): void {
  const columns = readColumns(c.csv, c.factors);
  const acc = new Map<string, { s: number; n: number }>();
  const add = (k: string, s: number) => {
    const a = acc.get(k) ?? { s: 0, n: 0 };
    a.s += s;
    a.n++;
    acc.set(k, a);
  };
  const wrap = <T extends object>(proto: T, method: keyof T & string, key: (self: unknown, args: unknown[]) => string) => {
    const orig = proto[method] as unknown as (...a: unknown[]) => unknown;
    (proto as Record<string, unknown>)[method] = function (this: unknown, ...args: unknown[]) {
      const t = cpuNow();
      try {
        return orig.apply(this, args);
      } finally {
        add(key(this, args), cpuNow() - t);
      }
    };
    return () => ((proto as Record<string, unknown>)[method] = orig);
  };
  // The caller of evaluate() tells the phase: start values, BFGS, Hessian (+ polish), modes.
  const phaseOf = () => {
    const st = new Error().stack ?? '';
    if (st.includes('fitClmStart')) return 'start values (clm)';
    if (st.includes('minimizeBfgs')) return 'BFGS';
    if (st.includes('.modes') || st.includes('modes (')) return 'modes';
    return 'Hessian + polish';
  };
  const restores = [
    wrap(LaplaceObjective.prototype, 'evaluate', (_s, a) => `evaluate ${a[1] ? 'value+gradient' : 'value'} / ${phaseOf()}`),
    wrap(BlockedHessian.prototype, 'factor', () => '  factor D'),
    wrap(BlockedHessian.prototype, 'solve', () => '  solve D x = g'),
    wrap(BlockedHessian.prototype, 'selectedInverse', () => '  selected inverse'),
  ];
  const t0 = cpuNow();
  const fit = fitClmm(c.formula, columns, { reference: c.reference });
  const total = cpuNow() - t0;
  restores.forEach((r) => r());
  console.log(`\n${c.label} (${c.name}): ${total.toFixed(2)} s CPU in fitClmm; ${fit.optimizer.iterations} BFGS iterations, ${fit.optimizer.evaluations} evaluations, ${fit.optimizer.innerIterations} inner Newton iterations, ${fit.optimizer.newtonSteps} polish steps; logLik ${fit.logLik().toFixed(6)}`);
  for (const [k, v] of [...acc.entries()].sort()) console.log(`  ${k.padEnd(46)} ${v.s.toFixed(3).padStart(8)} s  (${v.n} calls)`);
}

async function main(): Promise<void> {
  const cases = await benchCases();
  if (flag('phases')) {
    for (const c of cases) phases(c);
    return;
  }
  const rResults = flag('skip-r') ? new Map<string, RResult>() : runR(cases);
  const ours = new Map<string, { seconds: number; cpu: number; cold: number; fit: ClmmFit }>();
  for (const c of cases) {
    const columns = readColumns(c.csv, c.factors);
    const c00 = cpuNow();
    let fit = fitClmm(c.formula, columns, { reference: c.reference });
    const cold = cpuNow() - c00;
    const times: number[] = [];
    const cpus: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      const c0 = cpuNow();
      fit = fitClmm(c.formula, columns, { reference: c.reference });
      cpus.push(cpuNow() - c0);
      times.push((performance.now() - t0) / 1000);
    }
    if (repeats === 0) {
      times.push(cold);
      cpus.push(cold);
    }
    ours.set(c.name, { seconds: median(times), cpu: median(cpus), cold, fit });
    process.stderr.write(`ours ${c.name}: ${median(times).toFixed(3)} s (CPU ${median(cpus).toFixed(3)} s, cold ${cold.toFixed(3)} s), ${fit.optimizer.evaluations} evaluations\n`);
  }
  const header = ['case', 'rows', 'clmm s', 'ours s', 'ratio', 'clmm CPU s', 'ours CPU s', 'CPU ratio', 'ours cold CPU s', 'clmm evals', 'our evals', 'logLik ours - clmm'];
  const rows = cases.map((c) => {
    const o = ours.get(c.name)!;
    const r = rResults.get(c.name);
    return [
      c.label,
      o.fit.nobs.toLocaleString('en-US'),
      r ? r.seconds.toFixed(2) : '-',
      o.seconds.toFixed(2),
      r ? (o.seconds / r.seconds).toFixed(3) : '-',
      r ? r.cpu_seconds.toFixed(2) : '-',
      o.cpu.toFixed(2),
      r ? (o.cpu / r.cpu_seconds).toFixed(3) : '-',
      o.cold.toFixed(2),
      r ? String(r.neval) : '-',
      String(o.fit.optimizer.evaluations),
      r ? (o.fit.logLik() - r.logLik).toExponential(2) : '-',
    ];
  });
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  console.log(`\nCumulative link mixed models (Laplace): ordinal::clmm ${rResults.size ? '(Rscript, default clmm.control)' : '(skipped)'} vs empathy-lab fitClmm, ${new Date().toISOString()}`);
  console.log(header.map((h, i) => h.padEnd(w[i]!)).join('  '));
  for (const r of rows) console.log(r.map((x, i) => (i === 0 ? x.padEnd(w[i]!) : x.padStart(w[i]!))).join('  '));
  console.log(`(target: ratio <= 0.5; load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(' ')}; elapsed times depend on other processes, CPU times less so)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
