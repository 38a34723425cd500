/**
 * Gauss-Hermite quadrature nodes and weights for the weight function exp(-x^2):
 * integral f(x) exp(-x^2) dx ~ sum_k w_k f(x_k), exact for polynomials of degree < 2K.
 * Computed by the Golub-Welsch method: the nodes are the eigenvalues of the symmetric tridiagonal Jacobi
 * matrix of the Hermite polynomials (off-diagonal sqrt(k / 2)), the weights sqrt(pi) times the squared
 * first components of its normalised eigenvectors.
 */
import { symmetricEigen } from '../linalg/symmetricEigen';

/** Nodes (increasing) and weights of the K-point rule. */
export interface GaussHermiteRule {
  nodes: Float64Array;
  weights: Float64Array;
}

const cache = new Map<number, GaussHermiteRule>();

/**
 * The K-point Gauss-Hermite rule (K = 1..100).
 * @example gaussHermite(1) // { nodes: [0], weights: [sqrt(pi)] }
 */
export function gaussHermite(K: number): GaussHermiteRule {
  if (!Number.isInteger(K) || K < 1 || K > 100) throw new Error(`number of quadrature nodes must be an integer in 1..100 (got ${K})`);
  const hit = cache.get(K);
  if (hit) return hit;
  const J = new Float64Array(K * K);
  for (let k = 1; k < K; k++) {
    const b = Math.sqrt(k / 2);
    J[k * K + k - 1] = b;
    J[(k - 1) * K + k] = b;
  }
  const { values, vectors } = symmetricEigen(J, K);
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const nodes = new Float64Array(K);
  const weights = new Float64Array(K);
  order.forEach(([v, i], k) => {
    // symmetric rule: clean the tiny asymmetry of the eigen-solver
    nodes[k] = Math.abs(v) < 1e-15 ? 0 : v;
    weights[k] = Math.sqrt(Math.PI) * vectors[i]! ** 2;
  });
  for (let k = 0; k < Math.floor(K / 2); k++) {
    const x = (nodes[K - 1 - k]! - nodes[k]!) / 2;
    nodes[k] = -x;
    nodes[K - 1 - k] = x;
    const w = (weights[k]! + weights[K - 1 - k]!) / 2;
    weights[k] = w;
    weights[K - 1 - k] = w;
  }
  const rule = { nodes, weights };
  cache.set(K, rule);
  return rule;
}
