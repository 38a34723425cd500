/**
 * Model matrices with R's coding rules (model.matrix with contr.treatment).
 *
 * Columns: the intercept first (when present), then the columns of each term in term order. A factor
 * contributes its treatment-contrast columns (all levels but the reference) or its indicator columns (all
 * levels) according to R's rule (stats:::TermCode, "Statistical Models in S" p. 38): a factor F in a term
 * T is coded by contrasts when T without F is empty or contained in a preceding term, by indicators
 * otherwise; without an intercept, the first factor of the first term that has one is coded by indicators.
 * Interaction columns are products, the first variable varying fastest; names join the parts with ':'
 * (`sourcegpt4`, `Aa2:Bb2`, `x:fc2`).
 */
import type { TermList } from './formula';

/** A variable of the model frame: a numeric covariate or a factor (codes into `levels`). */
export type FrameVariable =
  | { kind: 'numeric'; label: string; values: Float64Array }
  | { kind: 'factor'; label: string; levels: string[]; reference: number; codes: Int32Array };

/** Model-matrix columns (each of length n) with R's names. */
export interface ModelColumns {
  names: string[];
  columns: Float64Array[];
  /** For each column, the index of its term (-1 for the intercept), like R's "assign" attribute. */
  assign: number[];
}

/** Builds the columns of a model matrix for `terms` from frame variables looked up by term label parts. */
export function modelColumns(terms: TermList, variable: (label: string) => FrameVariable, n: number): ModelColumns {
  const names: string[] = [];
  const columns: Float64Array[] = [];
  const assign: number[] = [];
  if (terms.intercept) {
    names.push('(Intercept)');
    columns.push(new Float64Array(n).fill(1));
    assign.push(-1);
  }
  const termSets = terms.terms.map((t) => t.variables.map((v) => (v.asFactor ? `factor(${v.name})` : v.name)));
  // Coding per (term, variable): true = contrasts, false = indicators.
  const useContrasts: boolean[][] = termSets.map((set, ti) =>
    set.map((_, vi) => {
      const rest = set.filter((__, j) => j !== vi);
      if (rest.length === 0) return true;
      for (let pi = 0; pi < ti; pi++) if (rest.every((x) => termSets[pi]!.includes(x))) return true;
      return false;
    }),
  );
  if (!terms.intercept) {
    outer: for (let ti = 0; ti < termSets.length; ti++) {
      for (let vi = 0; vi < termSets[ti]!.length; vi++) {
        if (variable(termSets[ti]![vi]!).kind === 'factor') {
          useContrasts[ti]![vi] = false;
          break outer;
        }
      }
    }
  }
  termSets.forEach((set, ti) => {
    // Each variable's factor columns: list of {name part, values}.
    let parts: { name: string; values: Float64Array }[] = [{ name: '', values: new Float64Array(n).fill(1) }];
    set.forEach((key, vi) => {
      const v = variable(key);
      let own: { name: string; values: Float64Array }[];
      if (v.kind === 'numeric') {
        own = [{ name: v.label, values: v.values }];
      } else {
        const contrasts = useContrasts[ti]![vi]!;
        own = [];
        v.levels.forEach((lev, li) => {
          if (contrasts && li === v.reference) return;
          const col = new Float64Array(n);
          for (let i = 0; i < n; i++) if (v.codes[i] === li) col[i] = 1;
          own.push({ name: v.label + lev, values: col });
        });
      }
      // First variable varies fastest: new columns = for each own column (slow), each existing part (fast).
      const next: { name: string; values: Float64Array }[] = [];
      for (const o of own) {
        for (const p of parts) {
          const vals = new Float64Array(n);
          for (let i = 0; i < n; i++) vals[i] = p.values[i]! * o.values[i]!;
          next.push({ name: p.name === '' ? o.name : `${p.name}:${o.name}`, values: vals });
        }
      }
      parts = next;
    });
    for (const p of parts) {
      names.push(p.name);
      columns.push(p.values);
      assign.push(ti);
    }
  });
  return { names, columns, assign };
}

/**
 * Columns to keep so the matrix has full column rank, as R's qr(X, tol = 1e-7) with limited pivoting
 * (LINPACK dqrdc2, used by lme4): moving left to right, a column is dropped when its norm after
 * orthogonalising against the kept columns is below `tol` times its original norm. And for each
 * dropped column its coefficients on the kept ones (`aliases[d][k]`: dropped column d = sum_k aliases[d][k]
 * x kept column k). The aliases give the null space of X that emmeans uses to decide which linear
 * functions are estimable.
 */
export function fullRankColumns(columns: Float64Array[], tol = 1e-7): { keep: number[]; drop: number[]; aliases: number[][] } {
  const keep: number[] = [];
  const drop: number[] = [];
  const aliases: number[][] = [];
  const basis: Float64Array[] = [];
  // R of the QR factorisation of the kept columns: kept column k = sum_{j<=k} basis_j R[j][k].
  const R: number[][] = [];
  for (let j = 0; j < columns.length; j++) {
    const v = Float64Array.from(columns[j]!);
    const norm0 = Math.sqrt(dotColumns(v, v));
    // Two passes of modified Gram-Schmidt for accuracy; r accumulates the projections.
    const r = new Array<number>(basis.length).fill(0);
    for (let pass = 0; pass < 2; pass++) {
      basis.forEach((q, b) => {
        const d = dotColumns(q, v);
        r[b] += d;
        subtractMultiple(v, d, q);
      });
    }
    const norm = Math.sqrt(dotColumns(v, v));
    if (norm0 === 0 || norm < tol * norm0) {
      drop.push(j);
      // column = Q r = X_kept c with R c = r (back substitution)
      const c = new Array<number>(basis.length).fill(0);
      for (let a = basis.length - 1; a >= 0; a--) {
        let sum = r[a]!;
        for (let b = a + 1; b < basis.length; b++) sum -= R[a]![b]! * c[b]!;
        c[a] = sum / R[a]![a]!;
      }
      aliases.push(c);
    } else {
      divideBy(v, norm);
      basis.push(v);
      keep.push(j);
      for (let a = 0; a < r.length; a++) R[a]!.push(r[a]!);
      R.push([...new Array<number>(r.length).fill(0), norm]);
    }
  }
  return { keep, drop, aliases };
}

function dotColumns(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += a[i]! * b[i]!;
  return d;
}

/** v -= d q */
function subtractMultiple(v: Float64Array, d: number, q: Float64Array): void {
  for (let i = 0; i < v.length; i++) v[i] -= d * q[i]!;
}

function divideBy(v: Float64Array, s: number): void {
  for (let i = 0; i < v.length; i++) v[i] /= s;
}
