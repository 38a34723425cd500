/**
 * The result cache (src/util/resultCache.ts): a call is computed once and read back bit for bit; any change
 * of arguments or code is a different entry; what cannot come back as it was is never cached.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedWith, canonicalText, codeVersion, isPlainData, resultCacheDir } from '../../src/util/resultCache';
import { startWorkCount } from '../../src/util/work-count';

const work = mkdtempSync(join(tmpdir(), 'empathy-lab-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let calls = 0;
/** A deterministic "expensive" computation whose result has every awkward number. */
function summarize(xs: readonly number[], options: { scale: number }) {
  calls++;
  const v = Float64Array.from(xs, (x) => x * options.scale);
  return { v, nan: NaN, negZero: -0, inf: -Infinity, third: 1 / 3, byName: new Map([['a', [1, 2]]]), calls };
}

class Fitted {
  constructor(readonly beta: number) {}
  predict(x: number): number {
    return this.beta * x;
  }
}
function fitSomething(beta: number): Fitted {
  calls++;
  return new Fitted(beta);
}

describe('result cache', () => {
  it('canonical text: key order does not matter; NaN, -0, infinities, typed arrays, Maps are told apart', () => {
    expect(canonicalText({ a: 1, b: [2, 3] })).toBe(canonicalText({ b: [2, 3], a: 1 }));
    const distinct = [null, undefined, NaN, 0, -0, Infinity, -Infinity, '0', [0], Float64Array.of(0), Int32Array.of(0), new Map([[0, 0]]), new Set([0]), { 0: 0 }];
    expect(new Set(distinct.map(canonicalText)).size).toBe(distinct.length);
    expect(() => canonicalText({ f: () => 1 })).toThrow(/arguments must be data/);
    const loop: { self?: unknown } = {};
    loop.self = loop;
    expect(() => canonicalText(loop)).toThrow(/circular/);
  });

  it('computes once, then reads the same bits back (and counts and reports the read)', () => {
    const dir = join(work, 'a');
    const logged: string[] = [];
    calls = 0;
    const first = cachedWith({ dir, log: (m) => logged.push(m) }, summarize, [1, 2, 3], { scale: 0.1 });
    expect(calls).toBe(1);
    expect(logged).toEqual([]);
    const count = startWorkCount();
    const again = cachedWith({ dir, log: (m) => logged.push(m) }, summarize, [1, 2, 3], { scale: 0.1 });
    count.stop();
    expect(calls).toBe(1);
    expect(again).toEqual(first);
    expect(again.v).toBeInstanceOf(Float64Array);
    const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    expect(bytes(again.v).equals(bytes(first.v))).toBe(true);
    expect(Object.is(again.negZero, -0) && Number.isNaN(again.nan) && again.inf === -Infinity && again.third === 1 / 3).toBe(true);
    expect(again.byName.get('a')).toEqual([1, 2]);
    expect(logged).toEqual([expect.stringMatching(/^summarize: read from the result cache \(.*summarize-[0-9a-f]{32}\.v8; EMPATHY_LAB_RESULT_CACHE=off recomputes\)$/)]);
    expect(count.summary()).toEqual({ 'result read from the cache': { total: 1, distinct: 1 } });
    // other arguments: another entry
    cachedWith({ dir }, summarize, [1, 2, 3], { scale: 0.2 });
    cachedWith({ dir }, summarize, [1, 2, 4], { scale: 0.1 });
    expect(calls).toBe(3);
    expect(readdirSync(dir).filter((f) => f.endsWith('.v8'))).toHaveLength(3);
  });

  it('an unreadable entry is recomputed and replaced; class instances and anonymous functions are not cached', () => {
    const dir = join(work, 'b');
    calls = 0;
    cachedWith({ dir }, summarize, [5], { scale: 1 });
    const [file] = readdirSync(dir);
    writeFileSync(join(dir, file!), 'cut short');
    expect(cachedWith({ dir }, summarize, [5], { scale: 1 }).v).toEqual(Float64Array.of(5));
    expect(calls).toBe(2);
    cachedWith({ dir }, summarize, [5], { scale: 1 });
    expect(calls).toBe(2);

    calls = 0;
    const fit = cachedWith({ dir: join(work, 'c') }, fitSomething, 2);
    expect(fit.predict(3)).toBe(6);
    cachedWith({ dir: join(work, 'c') }, fitSomething, 2);
    expect(calls).toBe(2);
    expect(isPlainData(fit)).toBe(false);
    expect(isPlainData({ a: [1, Float64Array.of(2)], m: new Map([['k', { x: NaN }]]) })).toBe(true);
    expect(() => cachedWith({ dir }, (x: number) => x, 1)).toThrow(/named library function/);
    expect(() => cachedWith({ dir }, ((x: number) => x).bind(null), 1)).toThrow(/named library function \(got 'bound '\)/);
  });

  it('off computes every time; the setting names the folder', () => {
    calls = 0;
    cachedWith({ dir: null }, summarize, [1], { scale: 1 });
    cachedWith({ dir: null }, summarize, [1], { scale: 1 });
    expect(calls).toBe(2);
    expect(resultCacheDir({ EMPATHY_LAB_RESULT_CACHE: 'off' })).toBeNull();
    expect(resultCacheDir({ EMPATHY_LAB_RESULT_CACHE: '/tmp/x' })).toBe('/tmp/x');
    expect(resultCacheDir({})).toMatch(/build\/cache\/results$/);
  });

  it('the code version changes with any src/*.ts file, and only with those', () => {
    const root = join(work, 'project');
    mkdirSync(join(root, 'src', 'model'), { recursive: true });
    writeFileSync(join(root, 'src', 'model', 'fit.ts'), 'export const a = 1;\n');
    writeFileSync(join(root, 'src', 'notes.md'), 'notes\n');
    const v1 = codeVersion(root);
    writeFileSync(join(root, 'src', 'notes.md'), 'other notes\n');
    const other = join(work, 'project2');
    mkdirSync(join(other, 'src', 'model'), { recursive: true });
    writeFileSync(join(other, 'src', 'model', 'fit.ts'), 'export const a = 2;\n');
    expect(codeVersion(other)).not.toBe(v1);
    expect(codeVersion(root)).toBe(v1);
  });
});
