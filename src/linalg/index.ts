/**
 * Dense and blocked linear algebra on Float64Arrays, one operation per file: the one toolbox of the
 * mixed-model engine, inference, ordinal models and the style regression.
 *
 * Matrices are row-major Float64Arrays (n x n: entry (i, j) at i * n + j). Symmetric positive-definite
 * (SPD) matrices, smallest to largest need:
 * - `invSpd(A, n)` -> A^-1 (new, exactly symmetric) or null if A is not PD;
 * - `spdSolve(A, B, n, r = 1)` -> X with A X = B (new n x r) or null if A is not PD;
 * - several solves with one A: `cholBlock(L = copy of A, 0, n)` (false if not PD), then
 *   `cholSolve(L, n, B, r)` in place; `cholInverse` (SIMD) or `invLower` + `crossprodLowerInv` give (L L')^-1
 *   from the factor;
 * - large structured SPD matrices: `cholEnvelope` (envelope/banded rows; a nearly dense one takes the blocked
 *   WebAssembly SIMD Cholesky on two threads), `rdivLowerT` (blocked), `backSolveEnvelope`, `congruence`.
 * General square matrices: `luSolve(A, B, n, r)`, `invGeneral(A, n)` (null if singular). Symmetric
 * matrices: `symmetricEigen`, `pinvSymmetric` (MASS::ginv). Products: `matmul`, `matmulSymmetric`,
 * `transpose`, `quadForm` (x' A y), `traceProduct` (tr(A B)), `addScaled` (axpy).
 */
export { cholBlock } from './cholBlock';
export { cholEnvelope } from './cholEnvelope';
export { rdivLowerT } from './rdivLowerT';
export { invLower } from './invLower';
export { crossprodLowerInv } from './crossprodLowerInv';
export { symmetricEigen } from './symmetricEigen';
export { luSolve } from './luSolve';
export { cholSolve } from './cholSolve';
export { spdSolve } from './spdSolve';
export { invSpd } from './invSpd';
export { invGeneral } from './invGeneral';
export { pinvSymmetric } from './pinvSymmetric';
export { matmul } from './matmul';
export { matmulSymmetric } from './matmulSymmetric';
export { transpose } from './transpose';
export { quadForm } from './quadForm';
export { traceProduct } from './traceProduct';
export { addScaled } from './addScaled';
export { backSolveEnvelope } from './backSolveEnvelope';
export { congruence } from './congruence';
export { cholInverse } from './cholInverse';
