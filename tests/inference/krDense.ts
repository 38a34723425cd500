/**
 * Kenward-Roger by the book, for tests: pbkrtest's vcovAdj16_internal and Lb_ddf written out with dense
 * n x n matrices (Sigma = sum_r theta_r G_r, SigmaInv, G_r SigmaInv, ...), using ml-matrix. Slow (O(n^3)),
 * independent of the structured implementation in src/inference/kenwardRoger.ts.
 */
import { Matrix, inverse, pseudoInverse, EigenvalueDecomposition } from 'ml-matrix';
import type { KrModel } from '../../src/inference';

export interface DenseKr {
  vcovAdjusted: Matrix;
  df(L: number[]): number;
}

function sumElementwise(A: Matrix, B: Matrix): number {
  let s = 0;
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.columns; j++) s += A.get(i, j) * B.get(i, j);
  return s;
}

export function denseKenwardRoger(m: KrModel): DenseKr {
  const { n, p } = m;
  const s2 = m.sigma * m.sigma;
  const X = new Matrix(n, p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) X.set(i, j, m.X[i * p + j]!);
  const Phi = new Matrix(p, p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) Phi.set(i, j, m.vcov[i * p + j]!);
  // Parameters (variances and covariances) and their G matrices.
  const G: Matrix[] = [];
  const gg: number[] = [];
  for (const t of m.terms) {
    const k = t.k;
    const cov = (a: number, b: number) => {
      let s = 0;
      for (let x = 0; x < k; x++) s += t.lambda[a * k + x]! * t.lambda[b * k + x]!;
      return s * s2;
    };
    for (let b = 0; b < k; b++) {
      for (let a = b; a < k; a++) {
        const Gm = new Matrix(n, n);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            if (t.refs[i] !== t.refs[j]) continue;
            // z_i' E z_j with E = e_a e_b' + e_b e_a' (or e_a e_a')
            const v = a === b ? t.z[i * k + a]! * t.z[j * k + a]! : t.z[i * k + a]! * t.z[j * k + b]! + t.z[i * k + b]! * t.z[j * k + a]!;
            Gm.set(i, j, v);
          }
        }
        G.push(Gm);
        gg.push(cov(a, b));
      }
    }
  }
  G.push(Matrix.eye(n, n));
  gg.push(s2);
  const Sigma = new Matrix(n, n);
  G.forEach((Gm, r) => Sigma.add(Gm.clone().mul(gg[r]!)));
  const SigmaInv = inverse(Sigma);
  const ng = G.length;
  const TT = SigmaInv.mmul(X);
  const HH = G.map((Gm) => Gm.mmul(SigmaInv));
  const OO = HH.map((H) => H.mmul(X));
  const PP = OO.map((O) => O.transpose().mmul(TT).mul(-1));
  const QQ: Matrix[][] = [];
  for (let r = 0; r < ng; r++) {
    QQ.push([]);
    for (let s = 0; s < ng; s++) QQ[r]!.push(OO[r]!.transpose().mmul(SigmaInv).mmul(OO[s]!));
  }
  const IE2 = new Matrix(ng, ng);
  for (let r = 0; r < ng; r++) {
    for (let s = r; s < ng; s++) {
      const ktrace = sumElementwise(HH[r]!.transpose(), HH[s]!);
      const v = ktrace - 2 * sumElementwise(Phi, QQ[r]![s]!) + sumElementwise(Phi.mmul(PP[r]!), PP[s]!.mmul(Phi));
      IE2.set(r, s, v);
      IE2.set(s, r, v);
    }
  }
  const eig = new EigenvalueDecomposition(IE2).realEigenvalues;
  const condi = Math.min(...eig.map(Math.abs));
  const W = (condi > 1e-10 ? inverse(IE2) : pseudoInverse(IE2)).mul(2);
  let UU = new Matrix(p, p);
  for (let i = 0; i < ng - 1; i++) for (let j = i + 1; j < ng; j++) UU.add(QQ[i]![j]!.clone().sub(PP[i]!.mmul(Phi).mmul(PP[j]!)).mul(W.get(i, j)));
  UU = UU.clone().add(UU.transpose());
  for (let i = 0; i < ng; i++) UU.add(QQ[i]![i]!.clone().sub(PP[i]!.mmul(Phi).mmul(PP[i]!)).mul(W.get(i, i)));
  const PhiA = Phi.clone().add(Phi.mmul(UU).mmul(Phi).mul(2));
  return {
    vcovAdjusted: PhiA,
    df(Lrow: number[]) {
      const L = Matrix.rowVector(Lrow);
      const Theta = L.transpose().mmul(inverse(L.mmul(Phi).mmul(L.transpose()))).mmul(L);
      const ThetaV0 = Theta.mmul(Phi);
      let A1 = 0;
      let A2 = 0;
      for (let i = 0; i < ng; i++) {
        for (let j = i; j < ng; j++) {
          const e = i === j ? 1 : 2;
          const ui = ThetaV0.mmul(PP[i]!).mmul(Phi);
          const uj = ThetaV0.mmul(PP[j]!).mmul(Phi);
          A1 += e * W.get(i, j) * ui.trace() * uj.trace();
          A2 += e * W.get(i, j) * sumElementwise(ui, uj.transpose());
        }
      }
      const q = 1;
      const B = (1 / (2 * q)) * (A1 + 6 * A2);
      const g = ((q + 1) * A1 - (q + 4) * A2) / ((q + 2) * A2);
      const c1 = g / (3 * q + 2 * (1 - g));
      const c2 = (q - g) / (3 * q + 2 * (1 - g));
      const c3 = (q + 2 - g) / (3 * q + 2 * (1 - g));
      let V0 = 1 + c1 * B;
      const V1 = 1 - c2 * B;
      const V2 = 1 - c3 * B;
      if (Math.abs(V0) < 1e-10) V0 = 0;
      const x = 1 - A2 / q;
      const ratio = Math.abs(x) < 1e-14 && Math.abs(V1) < 1e-14 ? 1 : x / V1;
      const rho = (1 / q) * ratio * ratio * (V0 / V2);
      return 4 + (q + 2) / (q * rho - 1);
    },
  };
}
