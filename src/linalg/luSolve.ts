/**
 * Solves A X = B for a small dense n x n matrix A (row-major) and an n x r right-hand side B (row-major)
 * by LU with partial pivoting. Returns X (n x r row-major), or null when A is numerically singular
 * (a pivot below `tol` times the largest entry).
 */
export function luSolve(a: ArrayLike<number>, b: ArrayLike<number>, n: number, r = 1, tol = 1e-14): Float64Array | null {
  const m = Float64Array.from(a as ArrayLike<number>);
  const x = Float64Array.from(b as ArrayLike<number>);
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(m[i]!));
  if (scale === 0) return null;
  for (let k = 0; k < n; k++) {
    let piv = k;
    let best = Math.abs(m[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(m[i * n + k]!);
      if (v > best) {
        best = v;
        piv = i;
      }
    }
    if (best <= tol * scale) return null;
    if (piv !== k) {
      for (let j = 0; j < n; j++) {
        const t = m[k * n + j]!;
        m[k * n + j] = m[piv * n + j]!;
        m[piv * n + j] = t;
      }
      for (let j = 0; j < r; j++) {
        const t = x[k * r + j]!;
        x[k * r + j] = x[piv * r + j]!;
        x[piv * r + j] = t;
      }
    }
    const d = m[k * n + k]!;
    for (let i = k + 1; i < n; i++) {
      const f = m[i * n + k]! / d;
      if (f === 0) continue;
      m[i * n + k] = f;
      for (let j = k + 1; j < n; j++) m[i * n + j] -= f * m[k * n + j]!;
      for (let j = 0; j < r; j++) x[i * r + j] -= f * x[k * r + j]!;
    }
  }
  for (let k = n - 1; k >= 0; k--) {
    for (let j = 0; j < r; j++) {
      let s = x[k * r + j]!;
      for (let i = k + 1; i < n; i++) s -= m[k * n + i]! * x[i * r + j]!;
      x[k * r + j] = s / m[k * n + k]!;
    }
  }
  return x;
}
