/**
 * Benchmark (run by hand, not in CI): the same linear mixed models fitted by lme4 (Rscript, default control)
 * and by this engine, on the same machine in one run; prints time per fit, the ratio, both criteria and, for
 * the large crossed designs, the peak memory of each process.
 *
 *   npx tsx bench/lmm.ts [--repeats 5] [--skip-r] [--skip-r-1m] [--big-only | --no-big] [--r-timeout 600]
 *
 * Cases (targets from issues 3 and 15):
 * - Study 1 and Study 2 paper models, rating ~ source + (1|post:rater) + (1|post) + (1|rater), paper coding
 *   (target: at most 1/5 of lme4's time);
 * - InstEval (lme4's data: 73,421 ratings; students 2,972, lecturers 1,128, departments 14):
 *   y ~ service + (1|s) + (1|d) + (1|dept) (target: at most 1/2 of lme4's time);
 * - 1,000,000 synthetic ratings (seeded): raters 20,000 (50 ratings each), items 500, sessions 20, all
 *   crossed, plus a 3-level fixed factor: y ~ cond + (1|rater) + (1|item) + (1|session) (target: < 10 s);
 *   memory: bytes held by the design and blocked system at 250k, 500k and 1M rows (should be linear);
 * - two large crossed factors (issue 15): 1,000,000 synthetic ratings (seeded), 20,000 raters rating 50
 *   distinct posts each, posts from 14 sites, a 3-level fixed factor: y ~ cond + (1|rater) + (1|post) +
 *   (1|site), with 2,000 posts (target: < 30 s and < 2 GB) and 5,000 posts (target: at most 1/2 of lme4's
 *   time). After the raters are eliminated the post block is dense (its order cubed per evaluation). Each
 *   of these runs in a fresh process on both sides (ours: this script with --child; lme4: one Rscript per
 *   case), so "peak MB" is that process's peak resident memory, data generation or reading included; lme4
 *   is stopped after --r-timeout seconds (default 600) and reported as "lme4 > 600 s".
 * - the first fit in a fresh process (a notebook's first cell, a CLI call): CPU seconds of the first paper-
 *   model fit after the modules are loaded, and of a warm fit later in the same process; the difference is
 *   the cost of JavaScript compiling the engine's code as it runs (JIT).
 *
 * Timing: lme4 times lmer() after read.csv (model frame + optimization + derivative checks); ours times
 * fitLmm() on columns already in memory (design + optimization + derivative checks). Small cases report the
 * median of --repeats runs after warm-up fits (R: one untimed fit of sleepstudy; ours: three of the same
 * model, since JavaScript compiles hot code while it runs; the first, "cold" fit is reported too). Elapsed
 * and CPU seconds are both printed; on a busy machine CPU seconds are the fairer comparison (ours may use a
 * second thread for large dense blocks: its CPU seconds count too).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLee2024 } from '../src/studies/lee2024/index';
import { loadLee2024Ratings } from '../src/studies/lee2024/data';
import { BlockedSystem, buildDesign, describeBlocks, fitLmm, type LmmFit } from '../src/model';
import { createRng } from '../src/stats/random';
import { fromRoot } from '../src/util/paths';
import { median, readColumns, writeCsv } from './common';

interface BenchCase {
  name: string;
  label: string;
  csv: string;
  formula: string;
  reml: boolean;
  reference: Record<string, string>;
  factors: string[];
  repeats: number;
  target: string;
  columns?: () => Record<string, unknown[]>;
  /** Run in a fresh process on both sides (large designs): peak memory is reported. */
  isolated?: boolean;
}

/** What one side reports for a case. */
interface SideResult {
  seconds: number;
  cpu: number;
  evaluations: number;
  criterion: number;
  peakMB?: number;
  timedOut?: boolean;
}

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && Number.isFinite(Number(argv[i + 1])) ? Number(argv[i + 1]) : fallback;
};
const repeats = option('repeats', 5);
const rTimeout = option('r-timeout', 600);
const dir = join(tmpdir(), 'empathy-lab-bench');
mkdirSync(dir, { recursive: true });

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Bytes held by typed arrays of a design + blocked system (the engine's memory). */
function engineBytes(sys: BlockedSystem): number {
  const d = sys.design;
  let b = d.X.byteLength + d.y.byteLength + d.rows.byteLength;
  for (const t of d.reterms) b += t.z.byteLength + t.refs.byteLength;
  for (const c of sys.chain) {
    b += c.Adiag.byteLength * 2 + c.Atail.byteLength * 2 + c.idx.byteLength + c.ptr.byteLength;
    for (const x of [...c.Across, ...c.Lcross]) if (x) b += x.byteLength;
    for (const x of c.mapTo) if (x) b += x.byteLength;
  }
  b += sys.tail.A.byteLength + sys.tail.L.byteLength;
  return b;
}

/** The synthetic designs, by name (seeded: the same data on every run and for both sides). */
const BIG_FORMULA = 'y ~ cond + (1 | rater) + (1 | post) + (1 | site)';
const synthetic: Record<string, () => Record<string, unknown[]>> = {
  ratings_1m: () => crossedItems(1_000_000, 20_000, 500, 20, 7),
  crossed_2k: () => raterPostSite(1_000_000, 20_000, 2_000, 14, 11),
  crossed_5k: () => raterPostSite(1_000_000, 20_000, 5_000, 14, 13),
};

function bigCase(name: 'crossed_2k' | 'crossed_5k', posts: string, target: string): BenchCase {
  return {
    name,
    label: `1M ratings (20k raters x ${posts} posts x 14 sites)`,
    csv: join(dir, `${name}.csv`),
    formula: BIG_FORMULA,
    reml: true,
    reference: {},
    factors: ['cond', 'rater', 'post', 'site'],
    repeats: 1,
    target,
    columns: synthetic[name],
    isolated: true,
  };
}

async function main(): Promise<void> {
  const childCase = argv[argv.indexOf('--child') + 1];
  if (flag('child') && childCase) return runChild(childCase);
  if (flag('first-fit')) return firstFitChild();
  const cases: BenchCase[] = [];
  if (!flag('big-only')) {
    await ensureLee2024({ log: () => undefined });
    for (const study of [1, 2] as const) {
      const columns = paperColumns(study);
      const csv = join(dir, `study${study}_empathy.csv`);
      writeCsv(csv, columns);
      cases.push({
        name: `study${study}`,
        label: `Study ${study} paper model`,
        csv,
        formula: 'rating ~ source + (1 | post:rater) + (1 | post) + (1 | rater)',
        reml: true,
        reference: { source: study === 1 ? 'human' : 'gpt4' },
        factors: ['source', 'post', 'rater'],
        repeats,
        target: '<= 0.20',
      });
    }
    const instEval = join(dir, 'insteval.csv');
    execFileSync('Rscript', [fromRoot('bench/lmm_lme4.R'), 'export-insteval', instEval], { stdio: 'inherit' });
    cases.push({
      name: 'insteval',
      label: 'InstEval (s, d, dept)',
      csv: instEval,
      formula: 'y ~ service + (1 | s) + (1 | d) + (1 | dept)',
      reml: true,
      reference: {},
      factors: ['service', 's', 'd', 'dept'],
      repeats: 1,
      target: '<= 0.50',
    });
    // 1,000,000 synthetic ratings, seeded. Written for R, then dropped: kept in memory it would slow down every
    // garbage collection during the small fits; it is regenerated (same seed) when its turn comes.
    const bigCsv = join(dir, 'ratings_1m.csv');
    writeCsv(bigCsv, synthetic.ratings_1m!());
    cases.push({
      name: 'ratings_1m',
      label: '1M ratings (20k x 500 x 20)',
      csv: bigCsv,
      formula: 'y ~ cond + (1 | rater) + (1 | item) + (1 | session)',
      reml: true,
      reference: {},
      factors: ['cond', 'rater', 'item', 'session'],
      repeats: 1,
      target: '< 10 s',
      columns: synthetic.ratings_1m,
    });
  }
  if (!flag('no-big')) {
    cases.push(bigCase('crossed_2k', '2,000', '< 30 s, < 2 GB'));
    cases.push(bigCase('crossed_5k', '5,000', '<= 0.50'));
  }

  // lme4: the small cases in one Rscript, each large one in its own (peak memory, time limit).
  const rResults = new Map<string, SideResult>();
  if (!flag('skip-r')) {
    const runR = (list: BenchCase[], timeout?: number) => {
      const spec = list.map(({ columns: _c, label: _l, target: _t, isolated: _i, ...rest }) => ({ ...rest, timeout }));
      const specFile = join(dir, `spec_${list[0]!.name}.json`);
      writeFileSync(specFile, JSON.stringify(spec));
      process.stderr.write(`running lme4 on ${list.map((c) => c.name).join(', ')} ...\n`);
      // R checks its time limit only between deviance evaluations, and one evaluation of a large dense block
      // can take minutes: the process is killed 5 minutes after the limit (the case then counts as timed out).
      const run = spawnSync('Rscript', [fromRoot('bench/lmm_lme4.R'), 'run', specFile], { encoding: 'utf8', maxBuffer: 1 << 26, timeout: timeout ? (timeout + 300) * 1000 : undefined });
      if (run.status !== 0 && !run.signal) throw new Error(`Rscript failed: ${run.stderr}`);
      const out = run.stdout ?? '';
      if (run.signal) for (const c of list) rResults.set(c.name, { seconds: NaN, cpu: NaN, criterion: NaN, evaluations: NaN, timedOut: true });
      for (const line of out.split('\n').filter((l) => l.startsWith('{'))) {
        const r = JSON.parse(line) as { name: string; seconds: number; cpu_seconds: number; criterion: number | null; feval: number | null; peak_mb: number; timed_out: boolean };
        rResults.set(r.name, { seconds: r.seconds, cpu: r.cpu_seconds, criterion: r.criterion ?? NaN, evaluations: r.feval ?? NaN, peakMB: r.peak_mb, timedOut: r.timed_out });
      }
    };
    const small = cases.filter((c) => !c.isolated && !(c.name === 'ratings_1m' && flag('skip-r-1m')));
    if (small.length) runR(small);
    for (const c of cases.filter((x) => x.isolated)) {
      writeCsv(c.csv, c.columns!());
      runR([c], rTimeout);
    }
  }

  // This engine: the small cases here, the large ones in a fresh process each.
  const ours = new Map<string, SideResult & { cold?: number; blocks?: string }>();
  if (cases.some((c) => !c.isolated)) {
    fitLmm('Reaction ~ Days + (Days | Subject)', readColumns(fromRoot('tests/reference/datasets/sleepstudy.csv'), ['Subject'])); // warm-up
  }
  for (const c of cases) {
    if (c.isolated) {
      process.stderr.write(`ours ${c.name} (fresh process) ...\n`);
      const r = spawnSync(process.execPath, [...process.execArgv, fromRoot('bench/lmm.ts'), '--child', c.name], { encoding: 'utf8', maxBuffer: 1 << 26 });
      const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('{'));
      if (!line) throw new Error(`child ${c.name} failed: ${r.stderr}`);
      const res = JSON.parse(line) as SideResult & { blocks: string };
      ours.set(c.name, res);
      process.stderr.write(`ours ${c.name}: ${res.seconds.toFixed(1)} s (CPU ${res.cpu.toFixed(1)} s), ${res.evaluations} evaluations, peak ${res.peakMB!.toFixed(0)} MB; ${res.blocks}\n`);
      continue;
    }
    const columns = c.columns ? c.columns() : readColumns(c.csv, c.factors);
    const times: number[] = [];
    const cpus: number[] = [];
    let fit: LmmFit | null = null;
    // JavaScript compiles hot code while it runs: the first fit of a model is slower ("cold", reported
    // separately); small cases are then warmed up with 2 more untimed fits before the timed repeats.
    const c00 = cpuNow();
    fitLmm(c.formula, columns, { reml: c.reml, reference: c.reference });
    const cold = cpuNow() - c00;
    if (c.repeats > 1) for (let r = 0; r < 2; r++) fitLmm(c.formula, columns, { reml: c.reml, reference: c.reference });
    for (let r = 0; r < c.repeats; r++) {
      const t0 = performance.now();
      const c0 = cpuNow();
      fit = fitLmm(c.formula, columns, { reml: c.reml, reference: c.reference });
      cpus.push(cpuNow() - c0);
      times.push((performance.now() - t0) / 1000);
    }
    ours.set(c.name, { seconds: median(times), cpu: median(cpus), cold, evaluations: fit!.optimizer.evaluations, criterion: fit!.criterion });
    process.stderr.write(`ours ${c.name}: ${median(times).toFixed(3)} s (CPU ${median(cpus).toFixed(3)} s), ${fit!.optimizer.evaluations} evaluations; ${describeBlocks(fit!.system)}\n`);
  }

  // Table.
  const header = ['case', 'lme4 s', 'ours s', 'ratio', 'lme4 CPU s', 'ours CPU s', 'CPU ratio', 'target', 'ours cold CPU s', 'lme4 peak MB', 'ours peak MB', 'lme4 evals', 'our evals', 'criterion (ours - lme4)'];
  const rows = cases.map((c) => {
    const o = ours.get(c.name)!;
    const r = rResults.get(c.name);
    const timedOut = r?.timedOut === true;
    const rs = (v: number | undefined, digits: number) => (r && !timedOut && v !== undefined && Number.isFinite(v) ? v.toFixed(digits) : r && timedOut ? `> ${rTimeout}` : '-');
    return [
      c.label,
      rs(r?.seconds, 3),
      o.seconds.toFixed(3),
      r && !timedOut ? (o.seconds / r.seconds).toFixed(3) : timedOut ? `< ${(o.seconds / rTimeout).toFixed(3)}` : '-',
      rs(r?.cpu, 3),
      o.cpu.toFixed(3),
      r && !timedOut ? (o.cpu / r.cpu).toFixed(3) : '-',
      c.target,
      o.cold !== undefined ? o.cold.toFixed(3) : '(fresh)',
      r?.peakMB !== undefined && c.isolated ? r.peakMB.toFixed(0) : '-',
      o.peakMB !== undefined ? o.peakMB.toFixed(0) : '-',
      r && !timedOut ? String(r.evaluations) : '-',
      String(o.evaluations),
      r && !timedOut && Number.isFinite(r.criterion) ? (o.criterion - r.criterion).toExponential(2) : '-',
    ];
  });
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  console.log(`\nLinear mixed models: lme4 ${rResults.size ? '(Rscript, default lmerControl)' : '(skipped)'} vs empathy-lab, ${new Date().toISOString()}`);
  console.log(header.map((h, i) => h.padEnd(w[i]!)).join('  '));
  for (const r of rows) console.log(r.map((x, i) => (i === 0 || i === 7 ? x.padEnd(w[i]!) : x.padStart(w[i]!))).join('  '));
  console.log(`(load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(' ')}; elapsed times depend on other processes, CPU times less so; "> ${rTimeout}": lme4 stopped after ${rTimeout} s)`);

  if (!flag('big-only')) {
    // Memory: engine bytes at 250k, 500k, 1M rows.
    console.log('\nMemory held by the design and blocked system (typed arrays):');
    const big = synthetic.ratings_1m!();
    for (const n of [250_000, 500_000, 1_000_000]) {
      const cols = Object.fromEntries(Object.entries(big).map(([k, v]) => [k, v.slice(0, n)]));
      const d = buildDesign('y ~ cond + (1 | rater) + (1 | item) + (1 | session)', cols);
      const sys = new BlockedSystem(d);
      const mb = engineBytes(sys) / 2 ** 20;
      console.log(`  ${n.toLocaleString('en-US').padStart(9)} rows: ${mb.toFixed(1)} MB (${(engineBytes(sys) / n).toFixed(0)} bytes per row)`);
    }
    console.log(`Process peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);

    // The first fit in a fresh process.
    console.log('\nFirst fit in a fresh process (paper models; CPU seconds, all threads of the process):');
    for (const study of [1, 2]) {
      const r = spawnSync(process.execPath, [...process.execArgv, fromRoot('bench/lmm.ts'), '--first-fit', String(study)], { encoding: 'utf8' });
      const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('{'));
      if (!line) throw new Error(`first-fit child failed: ${r.stderr}`);
      const f = JSON.parse(line) as { first: number; warm: number };
      console.log(`  Study ${study}: first fit ${f.first.toFixed(3)} s, warm fit ${f.warm.toFixed(3)} s (median of fits 4-6), JIT cost of the first fit ${(f.first - f.warm).toFixed(3)} s`);
    }
  }
}

/** Columns of a paper model's data (empathy ratings of one study). */
function paperColumns(study: 1 | 2): Record<string, unknown[]> {
  const recs = loadLee2024Ratings({ study }).records.filter((r) => r.measure === 'empathy');
  return {
    rating: recs.map((r) => r.rating),
    source: recs.map((r) => r.source),
    post: recs.map((r) => String(r.post)),
    rater: recs.map((r) => r.rater_raw),
  };
}

/** One large case in this fresh process: prints a JSON line (time, evaluations, criterion, peak memory). */
function runChild(name: string): void {
  const make = synthetic[name];
  if (!make) throw new Error(`unknown case ${name}`);
  const columns = make();
  const t0 = performance.now();
  const c0 = cpuNow();
  const fit = fitLmm(BIG_FORMULA, columns);
  const cpu = cpuNow() - c0;
  const seconds = (performance.now() - t0) / 1000;
  const peakMB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ seconds, cpu, evaluations: fit.optimizer.evaluations, criterion: fit.criterion, peakMB, blocks: describeBlocks(fit.system) }));
}

/** The first paper-model fit in this fresh process, then warm fits: prints a JSON line (CPU seconds). */
async function firstFitChild(): Promise<void> {
  const study = Number(argv[argv.indexOf('--first-fit') + 1]) === 2 ? 2 : 1;
  await ensureLee2024({ log: () => undefined });
  const columns = paperColumns(study);
  const options = { reference: { source: study === 1 ? 'human' : 'gpt4' } };
  const formula = 'rating ~ source + (1 | post:rater) + (1 | post) + (1 | rater)';
  const times: number[] = [];
  for (let r = 0; r < 6; r++) {
    const c0 = cpuNow();
    fitLmm(formula, columns, options);
    times.push(cpuNow() - c0);
  }
  console.log(JSON.stringify({ first: times[0], warm: median(times.slice(3)) }));
}

/** n ratings: rater r rates items in a random order; sessions random; cond random; additive effects + noise. */
function crossedItems(n: number, nRater: number, nItem: number, nSession: number, seed: number): Record<string, unknown[]> {
  const rng = createRng(seed);
  const ra = Array.from({ length: nRater }, () => 0.5 * rng.normal());
  const it = Array.from({ length: nItem }, () => 0.3 * rng.normal());
  const se = Array.from({ length: nSession }, () => 0.2 * rng.normal());
  const condEffect = [0, 0.4, -0.2];
  const y: number[] = new Array(n);
  const cond: string[] = new Array(n);
  const rater: string[] = new Array(n);
  const item: string[] = new Array(n);
  const session: string[] = new Array(n);
  const per = n / nRater;
  for (let i = 0; i < n; i++) {
    const r = Math.floor(i / per);
    const j = rng.int(nItem);
    const s = rng.int(nSession);
    const c = rng.int(3);
    rater[i] = `r${r}`;
    item[i] = `i${j}`;
    session[i] = `s${s}`;
    cond[i] = `c${c}`;
    y[i] = Math.round((3 + condEffect[c]! + ra[r]! + it[j]! + se[s]! + 0.8 * rng.normal()) * 1000) / 1000;
  }
  return { y, cond, rater, item, session };
}

/**
 * n ratings by nRater raters, each rating n / nRater distinct posts drawn at random; each post belongs to one
 * of nSite sites; cond random; additive rater, post and site effects + noise (rounded to 3 decimals).
 */
function raterPostSite(n: number, nRater: number, nPost: number, nSite: number, seed: number): Record<string, unknown[]> {
  const rng = createRng(seed);
  const ra = Array.from({ length: nRater }, () => 0.5 * rng.normal());
  const po = Array.from({ length: nPost }, () => 0.3 * rng.normal());
  const si = Array.from({ length: nSite }, () => 0.2 * rng.normal());
  const siteOf = Array.from({ length: nPost }, () => rng.int(nSite));
  const condEffect = [0, 0.4, -0.2];
  const y: number[] = new Array(n);
  const cond: string[] = new Array(n);
  const rater: string[] = new Array(n);
  const post: string[] = new Array(n);
  const site: string[] = new Array(n);
  const per = n / nRater;
  const lastRater = new Int32Array(nPost).fill(-1);
  for (let i = 0; i < n; i++) {
    const r = Math.floor(i / per);
    let j = rng.int(nPost);
    while (lastRater[j] === r) j = rng.int(nPost);
    lastRater[j] = r;
    const s = siteOf[j]!;
    const c = rng.int(3);
    rater[i] = `r${r}`;
    post[i] = `p${j}`;
    site[i] = `s${s}`;
    cond[i] = `c${c}`;
    y[i] = Math.round((3 + condEffect[c]! + ra[r]! + po[j]! + si[s]! + 0.8 * rng.normal()) * 1000) / 1000;
  }
  return { y, cond, rater, post, site };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
