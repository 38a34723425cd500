/**
 * Benchmark (run by hand, not in CI): the same linear mixed models fitted by lme4 (Rscript, default control)
 * and by this engine, on the same machine in one run; prints time per fit, the ratio, and both criteria.
 *
 *   npx tsx bench/lmm.ts [--repeats 5] [--skip-r] [--skip-r-1m]
 *
 * Cases (targets from issue 3):
 * - Study 1 and Study 2 paper models, rating ~ source + (1|post:rater) + (1|post) + (1|rater), paper coding
 *   (target: at most 1/5 of lme4's time);
 * - InstEval (lme4's data: 73,421 ratings; students 2,972, lecturers 1,128, departments 14):
 *   y ~ service + (1|s) + (1|d) + (1|dept) (target: at most 1/2 of lme4's time);
 * - 1,000,000 synthetic ratings (seeded): raters 20,000 (50 ratings each), items 500, sessions 20, all
 *   crossed, plus a 3-level fixed factor: y ~ cond + (1|rater) + (1|item) + (1|session) (target: < 10 s);
 *   memory: bytes held by the design and blocked system at 250k, 500k and 1M rows (should be linear).
 *
 * Timing: lme4 times lmer() after read.csv (model frame + optimization + derivative checks); ours times
 * fitLmm() on columns already in memory (design + optimization + derivative checks). Small cases report the
 * median of --repeats runs after warm-up fits (R: one untimed fit of sleepstudy; ours: three of the same
 * model, since JavaScript compiles hot code while it runs; the first, "cold" fit is reported too). Elapsed
 * and CPU seconds are both printed; on a busy machine CPU seconds are the fairer comparison.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ensureLee2024 } from '../src/studies/lee2024/index';
import { loadLee2024Ratings } from '../src/studies/lee2024/data';
import { BlockedSystem, buildDesign, describeBlocks, fitLmm, type LmmFit } from '../src/model';
import { createRng } from '../src/stats/random';
import { fromRoot } from '../src/util/paths';

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
}

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const repeats = Number(argv[argv.indexOf('--repeats') + 1] ?? 5) || 5;
const dir = join(tmpdir(), 'empathy-lab-bench');
mkdirSync(dir, { recursive: true });

function writeCsv(path: string, columns: Record<string, unknown[]>): void {
  const names = Object.keys(columns);
  const n = columns[names[0]!]!.length;
  const lines = [names.join(',')];
  for (let i = 0; i < n; i++) lines.push(names.map((c) => String(columns[c]![i])).join(','));
  writeFileSync(path, lines.join('\n') + '\n');
}

function readColumns(path: string, factors: string[]): Record<string, unknown[]> {
  const rows = parse(readFileSync(path, 'utf8'), { columns: true }) as Record<string, string>[];
  const names = Object.keys(rows[0]!);
  return Object.fromEntries(names.map((c) => [c, rows.map((r) => (factors.includes(c) ? r[c] : Number(r[c])))]));
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

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

async function main(): Promise<void> {
  await ensureLee2024({ log: () => undefined });
  const cases: BenchCase[] = [];
  for (const study of [1, 2] as const) {
    const recs = loadLee2024Ratings({ study }).records.filter((r) => r.measure === 'empathy');
    const columns = {
      rating: recs.map((r) => r.rating),
      source: recs.map((r) => r.source),
      post: recs.map((r) => String(r.post)),
      rater: recs.map((r) => r.rater_raw),
    };
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
  const makeBig = () => synthetic(1_000_000, 20_000, 500, 20, 7);
  const bigCsv = join(dir, 'ratings_1m.csv');
  writeCsv(bigCsv, makeBig());
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
    columns: makeBig,
  });

  // lme4.
  const rResults = new Map<string, { seconds: number; cpu_seconds: number; criterion: number; feval: number }>();
  if (!flag('skip-r')) {
    const spec = cases.filter((c) => !(c.name === 'ratings_1m' && flag('skip-r-1m'))).map(({ columns: _c, label: _l, target: _t, ...rest }) => rest);
    const specFile = join(dir, 'spec.json');
    writeFileSync(specFile, JSON.stringify(spec));
    process.stderr.write('running lme4 ...\n');
    const out = execFileSync('Rscript', [fromRoot('bench/lmm_lme4.R'), 'run', specFile], { encoding: 'utf8', maxBuffer: 1 << 26 });
    for (const line of out.split('\n').filter((l) => l.startsWith('{'))) {
      const r = JSON.parse(line) as { name: string; seconds: number; cpu_seconds: number; criterion: number; feval: number };
      rResults.set(r.name, r);
    }
  }

  // This engine.
  fitLmm('Reaction ~ Days + (Days | Subject)', readColumns(fromRoot('tests/reference/datasets/sleepstudy.csv'), ['Subject'])); // warm-up
  const ours = new Map<string, { seconds: number; cpu: number; cold: number; fit: LmmFit }>();
  const cpuNow = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  for (const c of cases) {
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
    ours.set(c.name, { seconds: median(times), cpu: median(cpus), cold, fit: fit! });
    process.stderr.write(`ours ${c.name}: ${median(times).toFixed(3)} s (CPU ${median(cpus).toFixed(3)} s), ${fit!.optimizer.evaluations} evaluations; ${describeBlocks(fit!.system)}\n`);
  }

  // Table.
  const header = ['case', 'rows', 'lme4 s', 'ours s', 'ratio', 'lme4 CPU s', 'ours CPU s', 'CPU ratio', 'target', 'ours cold CPU s', 'lme4 evals', 'our evals', 'criterion (ours - lme4)'];
  const rows = cases.map((c) => {
    const o = ours.get(c.name)!;
    const r = rResults.get(c.name);
    return [
      c.label,
      o.fit.nobs.toLocaleString('en-US'),
      r ? r.seconds.toFixed(3) : '-',
      o.seconds.toFixed(3),
      r ? (o.seconds / r.seconds).toFixed(3) : '-',
      r ? r.cpu_seconds.toFixed(3) : '-',
      o.cpu.toFixed(3),
      r ? (o.cpu / r.cpu_seconds).toFixed(3) : '-',
      c.target,
      o.cold.toFixed(3),
      r ? String(r.feval) : '-',
      String(o.fit.optimizer.evaluations),
      r ? (o.fit.criterion - r.criterion).toExponential(2) : '-',
    ];
  });
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  console.log(`\nLinear mixed models: lme4 ${rResults.size ? '(Rscript, default lmerControl)' : '(skipped)'} vs empathy-lab, ${new Date().toISOString()}`);
  console.log(header.map((h, i) => h.padEnd(w[i]!)).join('  '));
  for (const r of rows) console.log(r.map((x, i) => (i === 0 || i === 8 ? x.padEnd(w[i]!) : x.padStart(w[i]!))).join('  '));
  console.log(`(load average at the end: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}; elapsed times depend on other processes, CPU times less so)`);

  // Memory: engine bytes at 250k, 500k, 1M rows.
  console.log('\nMemory held by the design and blocked system (typed arrays):');
  const big = makeBig();
  for (const n of [250_000, 500_000, 1_000_000]) {
    const cols = Object.fromEntries(Object.entries(big).map(([k, v]) => [k, v.slice(0, n)]));
    const d = buildDesign('y ~ cond + (1 | rater) + (1 | item) + (1 | session)', cols);
    const sys = new BlockedSystem(d);
    const mb = engineBytes(sys) / 2 ** 20;
    console.log(`  ${n.toLocaleString('en-US').padStart(9)} rows: ${mb.toFixed(1)} MB (${((engineBytes(sys) / n)).toFixed(0)} bytes per row)`);
  }
  const mem = process.memoryUsage();
  console.log(`Process peak-ish RSS now: ${(mem.rss / 2 ** 20).toFixed(0)} MB`);
}

/** n ratings: rater r rates items in a random order; sessions random; cond random; additive effects + noise. */
function synthetic(n: number, nRater: number, nItem: number, nSession: number, seed: number): Record<string, unknown[]> {
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

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
