/** Synthetic data sets with a known answer for the style tests (not a test file itself). */
import { createRng } from '../../src/stats/random';
import type { StyleDoc } from '../../src/style/classifier';
import type { RatedDoc } from '../../src/style/regression';

const NEUTRAL = Array.from({ length: 40 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);

/** Marker words of each class: a text of class c contains its markers with probability `markerRate`. */
export const MARKERS: Record<string, string[]> = { gpt: ['completely', 'strategies'], llama: ['hey', 'totally'], mistral: ['sorry', 'natural'] };

/**
 * `posts` groups x 3 classes; each text = 25 neutral words + 3 topic words of its post + the class's
 * two markers (each with probability markerRate). With markerRate 1 the classes are separable.
 */
export function styleData(posts: number, markerRate: number, seed: number): StyleDoc[] {
  const rng = createRng(seed);
  const docs: StyleDoc[] = [];
  for (let g = 0; g < posts; g++) {
    const topic = [`topic${g}x`, `topic${g}y`, `topic${g}z`];
    for (const label of Object.keys(MARKERS)) {
      const words: string[] = [];
      for (let i = 0; i < 25; i++) words.push(NEUTRAL[rng.int(NEUTRAL.length)]!);
      words.push(...topic);
      for (const m of MARKERS[label]!) if (rng.uniform() < markerRate) words.splice(rng.int(words.length + 1), 0, m);
      docs.push({ id: `${g}_${label}`, group: g, label, text: words.join(' ') + '.' });
    }
  }
  return docs;
}

/**
 * Texts whose label is a property of the GROUP (all texts of a group share a random label) and whose
 * only informative words are group-specific: a classifier can only score above chance by having
 * texts of the same group in training and test (leakage).
 */
export function groupLeakData(groups: number, perGroup: number, seed: number): StyleDoc[] {
  const rng = createRng(seed);
  const labels = ['a', 'b', 'c'];
  const docs: StyleDoc[] = [];
  for (let g = 0; g < groups; g++) {
    const label = labels[g % 3]!;
    for (let j = 0; j < perGroup; j++) {
      const words: string[] = [];
      for (let i = 0; i < 10; i++) words.push(NEUTRAL[rng.int(NEUTRAL.length)]!);
      words.push(`grp${g}a`, `grp${g}b`, `grp${g}a`);
      docs.push({ id: `${g}_${j}`, group: g, label, text: words.join(' ') });
    }
  }
  return docs;
}

/** y = 3 + 0.4 (#"warm") - 0.3 (#"cold") + N(0, 0.1^2), 40 posts x 3 texts. */
export function ratedData(posts: number, seed: number): RatedDoc[] {
  const rng = createRng(seed);
  const docs: RatedDoc[] = [];
  for (let g = 0; g < posts; g++) {
    for (let j = 0; j < 3; j++) {
      const warm = rng.int(4);
      const cold = rng.int(4);
      const words: string[] = [];
      for (let i = 0; i < 20; i++) words.push(NEUTRAL[rng.int(NEUTRAL.length)]!);
      for (let i = 0; i < warm; i++) words.splice(rng.int(words.length + 1), 0, 'warm');
      for (let i = 0; i < cold; i++) words.splice(rng.int(words.length + 1), 0, 'cold');
      docs.push({ id: `${g}_${j}`, group: g, text: words.join(' '), y: 3 + 0.4 * warm - 0.3 * cold + 0.1 * rng.normal() });
    }
  }
  return docs;
}
