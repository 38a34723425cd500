/**
 * Word interning for fast matching: each distinct normalised word gets a small integer id, found straight
 * from its position in the text, so that a word seen before costs no string allocation and no Map lookup.
 * A matcher keeps one Vocabulary and caches the dictionary entry of each id.
 *
 * A word is identified by its length and two independent 32-bit hashes of its normalised characters
 * (FNV-1a and the polynomial hash 31*h + c), computed by the tokenizer while it scans the word. Comparing
 * the characters again would double the cost of a lookup; two different words of equal length collide in
 * both hashes with probability about 2^-64 per pair (below 10^-7 for a million distinct words).
 */
import * as tokenizer from '../tokenizer';

// module-local copies (no module-binding getter calls in the hot path)
const SPAN_OTHER: number = tokenizer.SPAN_OTHER;
const FNV_OFFSET: number = tokenizer.FNV_OFFSET;
const FNV_PRIME: number = tokenizer.FNV_PRIME;
const normalizeWord = tokenizer.normalizeWord;

/** The two hashes of an already normalised word, as the tokenizer computes them. */
export function wordHashes(word: string): [number, number] {
  let h = FNV_OFFSET;
  let g = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    h = Math.imul(h ^ c, FNV_PRIME);
    g = (Math.imul(g, 31) + c) | 0;
  }
  return [h, g];
}

/** Interned words: id -> normalised word, and the way back from a text span or a string. */
export class Vocabulary {
  /** Normalised word of each id. */
  readonly words: string[] = [];
  private h1 = new Int32Array(1024);
  private h2 = new Int32Array(1024);
  private lengths = new Int32Array(1024);
  private slots = new Int32Array(2048); // id + 1, 0 = empty
  private mask = 2047;

  /** Number of distinct words. */
  get size(): number {
    return this.words.length;
  }

  /** Forgets every word (ids restart at 0). */
  clear(): void {
    this.words.length = 0;
    this.h1 = new Int32Array(1024);
    this.h2 = new Int32Array(1024);
    this.lengths = new Int32Array(1024);
    this.slots = new Int32Array(2048);
    this.mask = 2047;
  }

  /**
   * Id of the word text[start, end) with tokenizer span `flags` and hashes (see WordSpans). Words with
   * other non-ASCII characters (SPAN_OTHER) go through {@link idOfString}.
   */
  idOfSpan(text: string, start: number, end: number, flags: number, hash: number, hash2: number): number {
    if (flags & SPAN_OTHER) return this.idOfString(normalizeWord(text.slice(start, end)));
    const len = end - start;
    const slots = this.slots;
    const mask = this.mask;
    let slot = hash & mask;
    for (;;) {
      const s = slots[slot]!;
      if (s === 0) break;
      const id = s - 1;
      if (this.h1[id] === hash && this.h2[id] === hash2 && this.lengths[id] === len) return id;
      slot = (slot + 1) & mask;
    }
    let word = text.slice(start, end);
    if (flags !== 0) word = normalizeWord(word);
    return this.insert(word, hash, hash2, slot);
  }

  /** Id of an already normalised word. */
  idOfString(word: string): number {
    const [hash, hash2] = wordHashes(word);
    let slot = hash & this.mask;
    for (;;) {
      const s = this.slots[slot]!;
      if (s === 0) break;
      const id = s - 1;
      if (this.h1[id] === hash && this.h2[id] === hash2 && this.lengths[id] === word.length) return id;
      slot = (slot + 1) & this.mask;
    }
    return this.insert(word, hash, hash2, slot);
  }

  private insert(word: string, hash: number, hash2: number, slot: number): number {
    const id = this.words.length;
    this.words.push(word);
    if (id >= this.h1.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.h1 = grow(this.h1);
      this.h2 = grow(this.h2);
      this.lengths = grow(this.lengths);
    }
    this.h1[id] = hash;
    this.h2[id] = hash2;
    this.lengths[id] = word.length;
    this.slots[slot] = id + 1;
    if (this.words.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.words.length; id++) {
      let slot = this.h1[id]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
