/**
 * The blocked cross-products and factor (BlockedSystem) against a dense reference: Z formed explicitly, the
 * penalized least-squares system Lambda'Z'Z Lambda + I and its Schur complement factored by a textbook
 * Cholesky. Covers the absorbed first block (levels grouped by count: one group and several, later chain
 * terms scalar and vector-valued, vector-valued tail terms), the per-level path, solve(), the conditional
 * variance blocks and a system rebuilt for another response (withResponse).
 */
import { describe, expect, it } from 'vitest';
import { BlockedSystem, describeBlocks, lFormula, type LmmDesign } from '../../src/model';
import { createRng } from '../../src/stats/random';
import { textbookCholesky } from './helpers';

/** Solves (L L') x = b. */
function cholSolve(L: Float64Array, m: number, b: Float64Array): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < m; i++) {
    let s = x[i]!;
    for (let k = 0; k < i; k++) s -= L[i * m + k]! * x[k]!;
    x[i] = s / L[i * m + i]!;
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < m; k++) s -= L[k * m + i]! * x[k]!;
    x[i] = s / L[i * m + i]!;
  }
  return x;
}

/** Dense profiled criteria, beta, u and diag blocks of (Lambda'Z'Z Lambda + I)^-1 at theta. */
function denseReference(d: LmmDesign, theta: number[], y: Float64Array = d.y, withInverse = true) {
  const { n, p, X } = d;
  // ZLambda, n x q, columns term by term, level by level, k per level.
  const offsets: number[] = [];
  let q = 0;
  for (const t of d.reterms) {
    offsets.push(q);
    q += t.levels.length * t.k;
  }
  const ZL = new Float64Array(n * q);
  d.reterms.forEach((t, ti) => {
    const k = t.k;
    const lam = new Float64Array(k * k);
    let o = t.thetaOffset;
    for (let c = 0; c < k; c++) for (let r = c; r < k; r++) lam[r * k + c] = theta[o++]!;
    for (let i = 0; i < n; i++) {
      const base = offsets[ti]! + t.refs[i]! * k;
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let r = 0; r < k; r++) s += t.z[i * k + r]! * lam[r * k + c]!;
        ZL[i * q + base + c] = s;
      }
    }
  });
  // Full system [ZL X]'[ZL X] + diag(I_q, 0).
  const s = q + p;
  const W = new Float64Array(n * s);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < q; c++) W[i * s + c] = ZL[i * q + c]!;
    for (let c = 0; c < p; c++) W[i * s + q + c] = X[i * p + c]!;
  }
  const A = new Float64Array(s * s);
  const rhs = new Float64Array(s);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < s; a++) {
      const va = W[i * s + a]!;
      if (va === 0) continue;
      rhs[a] += va * y[i]!;
      for (let b = 0; b < s; b++) A[a * s + b] += va * W[i * s + b]!;
    }
  }
  for (let c = 0; c < q; c++) A[c * s + c] += 1;
  const L = textbookCholesky(A, s);
  let ldL2 = 0;
  let ldRX2 = 0;
  for (let c = 0; c < q; c++) ldL2 += 2 * Math.log(L[c * s + c]!);
  for (let c = q; c < s; c++) ldRX2 += 2 * Math.log(L[c * s + c]!);
  const sol = cholSolve(L, s, rhs);
  let r2 = 0;
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let c = 0; c < s; c++) f += W[i * s + c]! * sol[c]!;
    r2 += (y[i]! - f) ** 2;
  }
  for (let c = 0; c < q; c++) r2 += sol[c]! ** 2;
  const reml = ldL2 + ldRX2 + (n - p) * (1 + Math.log((2 * Math.PI * r2) / (n - p)));
  const ml = ldL2 + n * (1 + Math.log((2 * Math.PI * r2) / n));
  // (Lambda'Z'Z Lambda + I)^-1 diagonal blocks.
  const M = new Float64Array(q * q);
  for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) M[a * q + b] = A[a * s + b]!;
  const LM = textbookCholesky(M, q);
  const inv = d.reterms.map((t, ti) => {
    if (!withInverse) return new Float64Array(0);
    const k = t.k;
    const out = new Float64Array(t.levels.length * k * k);
    for (let l = 0; l < t.levels.length; l++) {
      for (let c = 0; c < k; c++) {
        const e = new Float64Array(q);
        e[offsets[ti]! + l * k + c] = 1;
        const col = cholSolve(LM, q, e);
        for (let r = 0; r < k; r++) out[l * k * k + r * k + c] = col[offsets[ti]! + l * k + r]!;
      }
    }
    return out;
  });
  const u = d.reterms.map((t, ti) => sol.slice(offsets[ti]!, offsets[ti]! + t.levels.length * t.k));
  return { reml, ml, beta: sol.slice(q), u, inv };
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return worst;
}

/** Random data: nested factors a > b > c (cells of `perCell` rows, some dropped), a crossed factor w, covariate x. */
function nestedData(seed: number, opts: { na: number; nb: number; nc: number; perCell: number; nw: number; drop: number }) {
  const rng = createRng(seed);
  const rows: Record<string, unknown>[] = [];
  for (let a = 0; a < opts.na; a++) {
    for (let b = 0; b < opts.nb; b++) {
      for (let c = 0; c < opts.nc; c++) {
        for (let r = 0; r < opts.perCell; r++) {
          if (r > 0 && rng.uniform() < opts.drop) continue;
          const x = rng.normal();
          rows.push({ a: `a${a}`, b: `b${b}`, c: `c${c}`, w: `w${rng.int(opts.nw)}`, x, y: 1 + 0.5 * x + 0.7 * Math.sin(a + 3 * b) + 0.4 * Math.cos(7 * c + b) + rng.normal() });
        }
      }
    }
  }
  return rows;
}

const cases: { name: string; formula: string; rows: Record<string, unknown>[]; blocks: RegExp; reps?: number; inverse?: boolean }[] = [
  {
    name: 'three-level nested chain, one count group, scalar tail',
    formula: 'y ~ x + (1 | a/b/c) + (1 | w)',
    rows: nestedData(1, { na: 4, nb: 3, nc: 3, perCell: 3, nw: 3, drop: 0 }),
    blocks: /c:b:a\(36 diagonal, update grouped by 1 count\) > b:a\(12 diagonal\) > a\(4 diagonal\); dense tail: w \+/,
  },
  {
    name: 'nested chain with a vector-valued second term, several count groups',
    formula: 'y ~ x + (1 | a:b) + (1 + x | a) + (1 | w)',
    rows: nestedData(2, { na: 8, nb: 6, nc: 1, perCell: 4, nw: 4, drop: 0.3 }),
    blocks: /a:b\(48 diagonal, update grouped by [2-4] counts\) > a\(8 blocks 2x2\); dense tail: w \+/,
  },
  {
    name: 'absorbed block before a vector-valued tail term',
    formula: 'y ~ x + (1 | a:b) + (1 + x | w)',
    rows: nestedData(3, { na: 10, nb: 5, nc: 1, perCell: 3, nw: 5, drop: 0 }),
    blocks: /a:b\(50 diagonal, update grouped by 1 count\); dense tail: w \+/,
  },
  {
    name: 'per-level elimination (a slope term: every level its own Z\'Z)',
    formula: 'y ~ x + (0 + x | a:b) + (1 | a) + (1 | w)',
    rows: nestedData(4, { na: 5, nb: 6, nc: 1, perCell: 6, nw: 3, drop: 0.3 }),
    blocks: /a:b\(30 diagonal\) > a\(5 diagonal\); dense tail: w \+/,
  },
  {
    name: 'two crossed factors: a dense tail of 198 rows (the blocked Cholesky of the kernel)',
    formula: 'y ~ x + (1 | a) + (1 | w)',
    rows: nestedData(5, { na: 250, nb: 1, nc: 1, perCell: 8, nw: 195, drop: 0 }),
    blocks: /a\(250 diagonal\); dense tail: w \+ X \+ y, size 198, envelope (9\d|100)%/,
    reps: 2,
    inverse: false, // the conditional-variance blocks do not use the factorization's method (and are slow to check here)
  },
];

describe('BlockedSystem against a dense reference', () => {
  for (const c of cases) {
    it(c.name, () => {
      const d = lFormula(c.formula, c.rows);
      const sys = new BlockedSystem(d);
      expect(describeBlocks(sys)).toMatch(c.blocks);
      const rng = createRng(99);
      for (let rep = 0; rep < (c.reps ?? 4); rep++) {
        const theta = d.lowerBounds.map((lo) => (lo === 0 ? 0.2 + 1.5 * rng.uniform() : rng.normal() * 0.3));
        if (rep === (c.reps ?? 4) - 1) theta[0] = 0; // first block on its boundary
        const ref = denseReference(d, theta, d.y, c.inverse !== false);
        expect(sys.update(theta)).toBe(true);
        expect(Math.abs(sys.objective(true) - ref.reml)).toBeLessThan(1e-9 * Math.abs(ref.reml));
        expect(Math.abs(sys.objective(false) - ref.ml)).toBeLessThan(1e-9 * Math.abs(ref.ml));
        const { beta, u } = sys.solve();
        expect(maxRelDiff(beta, ref.beta)).toBeLessThan(1e-8);
        u.forEach((ut, t) => expect(maxRelDiff(ut, ref.u[t]!), `u of term ${t}`).toBeLessThan(1e-8));
        if (c.inverse !== false) {
          const inv = sys.inverseDiagBlocks();
          inv.forEach((blk, t) => expect(maxRelDiff(blk, ref.inv[t]!), `condVar blocks of term ${t}`).toBeLessThan(1e-8));
        }
        // After solve() filled in the first block, another update must not reuse stale parts.
        expect(sys.update(theta)).toBe(true);
        expect(Math.abs(sys.objective(true) - ref.reml)).toBeLessThan(1e-9 * Math.abs(ref.reml));
      }
      // Another response through withResponse (the y-dependent sums are rebuilt).
      const y2 = Float64Array.from(d.y, (v, i) => v * 0.5 + Math.cos(i));
      const d2: LmmDesign = { ...d, y: y2 };
      const sys2 = sys.withResponse(d2);
      const theta = d.lowerBounds.map((lo) => (lo === 0 ? 0.8 : 0.1));
      const ref2 = denseReference(d, theta, y2, c.inverse !== false);
      expect(sys2.update(theta)).toBe(true);
      expect(Math.abs(sys2.objective(true) - ref2.reml)).toBeLessThan(1e-9 * Math.abs(ref2.reml));
      expect(maxRelDiff(sys2.solve().beta, ref2.beta)).toBeLessThan(1e-8);
      // The original system is unchanged by the copy.
      expect(sys.update(theta)).toBe(true);
      expect(Math.abs(sys.objective(true) - denseReference(d, theta, d.y, false).reml)).toBeLessThan(1e-9 * Math.abs(ref2.reml));
    });
  }
});

describe('the size limit of the dense tail', () => {
  it('refuses a tail larger than the WebAssembly memory can factor, naming the terms and the limit', () => {
    // 48,000 observations: a first factor with 24,000 levels, a crossed second one with 23,200 (the tail).
    const n = 48_000;
    const rows = Array.from({ length: n }, (_, i) => ({ y: (i * 7919) % 13, a: `a${i % 24_000}`, b: `b${(i * 7) % 23_200}` }));
    const d = lFormula('y ~ 1 + (1 | a) + (1 | b)', rows);
    expect(() => new BlockedSystem(d)).toThrow(/b\) have 23200 effects: too many for the dense block of this engine \(limit 23104/);
  });
});
