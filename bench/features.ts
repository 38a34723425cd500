/**
 * Throughput of the LIWC-style feature extractor (src/features) in MB of text per second.
 *
 *   npx tsx bench/features.ts [--sizes 1,10,100] [--jobs 1,2] [--repeat 3] [--seed 20240326]
 *
 * Generates a deterministic corpus (seeded, src/stats/random.ts) of response-like texts of 300-1,500
 * characters: Zipf-distributed words (the open dictionary's words plus made-up ones), contractions with
 * straight and curly apostrophes, hyphenated words, numbers, commas, sentence ends, quotes, newlines and
 * emoji (ZWJ sequences and skin tones too), then times extractFeatures on 1, 10 and 100 MB (MB = 10^6
 * bytes of UTF-8), single-threaded or with --jobs N worker threads.
 *
 * Each size is timed `repeat` times; printed are the fastest run (like timeit: other processes only slow a
 * run down) and the median: wall time and MB/s, MB/s per core (wall MB/s / jobs), CPU seconds of the
 * process (all threads) and MB per CPU second, and the time per MB relative to the smallest size (1.00 =
 * linear scaling). The target is >= 20 MB/s per core.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { closeFeatureWorkers, extractFeatures, extractFeaturesParallel, openDictionary } from '../src/features';
import { createRng, type Rng } from '../src/stats/random';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1,10,100' },
    jobs: { type: 'string', default: '1,2' },
    repeat: { type: 'string', default: '3' },
    seed: { type: 'string', default: '20240326' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const jobsList = values.jobs.split(',').map((j) => Math.max(1, Number(j)));
const repeat = Math.max(1, Number(values.repeat));
const seed = Number(values.seed);

/** Vocabulary: dictionary words (no wildcards) and made-up words, in a fixed shuffled order. */
function vocabulary(rng: Rng): string[] {
  const dictWords = openDictionary()
    .entries.map((e) => e.term)
    .filter((t) => !t.includes('*') && !t.includes(' '));
  const syllables = ['ka', 'lo', 'mi', 'ne', 'sor', 'tel', 'pa', 'ri', 'dun', 've', 'sha', 'gro', 'in', 'ex', 'ble', 'ment', 'ing', 'tion', 'ly', 'er'];
  const made: string[] = [];
  for (let k = 0; k < 6000; k++) {
    let w = '';
    const n = 1 + rng.int(4);
    for (let s = 0; s < n; s++) w += syllables[rng.int(syllables.length)];
    made.push(w);
  }
  const all = [...dictWords, ...made];
  for (let i = all.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all;
}

/** Zipf sampler over n ranks (exponent 1.07, like English word frequencies). */
function zipf(n: number, rng: Rng): () => number {
  const cum = new Float64Array(n);
  let s = 0;
  for (let r = 0; r < n; r++) cum[r] = s += 1 / (r + 1) ** 1.07;
  return () => {
    const u = rng.uniform() * s;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const EMOJI = ['😊', '🤗', '💕', '😔', '🤞', '💪', '🤷‍♀️', '👍🏽', '👨‍👩‍👧', '❤️', '🇺🇸', '1️⃣'];
const CONTRACTIONS = ["I'm", 'you’re', "it's", 'don’t', "can't", "we'll", 'they’ve', "let's"];

/** Texts totalling at least `mb` MB of UTF-8. */
function corpus(mb: number, rng: Rng): { texts: string[]; bytes: number } {
  const vocab = vocabulary(rng);
  const pick = zipf(vocab.length, rng);
  const texts: string[] = [];
  let bytes = 0;
  const target = mb * 1e6;
  while (bytes < target) {
    const length = 300 + rng.int(1200);
    const parts: string[] = [];
    let chars = 0;
    while (chars < length) {
      const n = 5 + rng.int(20);
      const words: string[] = [];
      for (let k = 0; k < n; k++) {
        const u = rng.uniform();
        let w: string;
        if (u < 0.04) w = CONTRACTIONS[rng.int(CONTRACTIONS.length)]!;
        else if (u < 0.06) w = `${vocab[pick()]}-${vocab[pick()]}`;
        else if (u < 0.07) w = String(rng.int(2030));
        else w = vocab[pick()]!;
        if (rng.uniform() < 0.08) w += ',';
        words.push(w);
      }
      if (rng.uniform() < 0.05) words.push(`“${vocab[pick()]}”`);
      const first = words[0]!;
      words[0] = first.charAt(0).toUpperCase() + first.slice(1);
      const u = rng.uniform();
      let sentence = words.join(' ') + (u < 0.8 ? '.' : u < 0.9 ? '?' : '!');
      if (rng.uniform() < 0.1) sentence += ` ${EMOJI[rng.int(EMOJI.length)]}`;
      sentence += rng.uniform() < 0.1 ? '\n\n' : ' ';
      parts.push(sentence);
      chars += sentence.length;
    }
    const t = parts.join(''); // a flat string, like text read from a file
    texts.push(t);
    bytes += Buffer.byteLength(t, 'utf8');
  }
  return { texts, bytes };
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function main(): Promise<void> {
  console.log(`LIWC-style feature extraction throughput (open dictionary, ${openDictionary().entries.length} entries)`);
  console.log(`node ${process.version}, jobs ${jobsList.join(', ')}, seed ${seed}, load average before start ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const run = (texts: string[], jobs: number) => (jobs === 1 ? Promise.resolve(extractFeatures(texts)) : extractFeaturesParallel(texts, { jobs }));
  // warm-up: compile the dictionary, JIT the tokenizer here and in the kept workers
  const warm = corpus(5, createRng(seed + 1)).texts;
  for (const jobs of jobsList) await run(warm, jobs);

  console.log('');
  console.log(`best of ${repeat} runs per size and thread count (median MB/s in the last column)`);
  console.log('   size MB   texts    words  jobs  wall s    MB/s  MB/s/core   CPU s  MB/CPU-s  s/MB vs first  speed-up  median MB/s');
  const firstPerMb = new Map<number, number>();
  for (const mb of sizes) {
    const { texts, bytes } = corpus(mb, createRng(seed));
    const runs = new Map<number, { wall: number; cpu: number; words: number }[]>(jobsList.map((j) => [j, []]));
    for (let r = 0; r < repeat; r++) {
      for (const jobs of jobsList) {
        const c0 = cpuSeconds();
        const t0 = performance.now();
        const table = await run(texts, jobs);
        const wall = (performance.now() - t0) / 1000;
        const cpu = cpuSeconds() - c0;
        runs.get(jobs)!.push({ wall, cpu, words: table.rows.reduce((s, row) => s + row.WC, 0) });
      }
    }
    let oneThread: number | undefined;
    for (const jobs of jobsList) {
      const list = runs.get(jobs)!;
      const best = list.reduce((a, b) => (b.wall < a.wall ? b : a));
      const median = [...list].sort((a, b) => a.wall - b.wall)[Math.floor(list.length / 2)]!;
      const mbs = bytes / 1e6 / best.wall;
      const perMb = best.wall / (bytes / 1e6);
      if (!firstPerMb.has(jobs)) firstPerMb.set(jobs, perMb);
      if (jobs === 1) oneThread = best.wall;
      console.log(
        [
          (bytes / 1e6).toFixed(1).padStart(10),
          String(texts.length).padStart(7),
          String(best.words).padStart(8),
          String(jobs).padStart(5),
          best.wall.toFixed(2).padStart(7),
          mbs.toFixed(1).padStart(7),
          (mbs / jobs).toFixed(1).padStart(10),
          best.cpu.toFixed(2).padStart(7),
          (bytes / 1e6 / best.cpu).toFixed(1).padStart(9),
          (perMb / firstPerMb.get(jobs)!).toFixed(2).padStart(14),
          (oneThread === undefined ? '' : (oneThread / best.wall).toFixed(2)).padStart(9),
          (bytes / 1e6 / median.wall).toFixed(1).padStart(12),
        ].join(' '),
      );
    }
  }
  await closeFeatureWorkers();
  console.log(`load average after: ${loadavg().map((x) => x.toFixed(1)).join(' ')} (2 cores; values above 2 mean other processes shared the CPU)`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
