/**
 * dst <- dst + f src, elementwise over dst's length (BLAS axpy), in place.
 * @example const d = Float64Array.of(1, 1); addScaled(d, [2, 3], 0.5); // d = [2, 2.5]
 */
export function addScaled(dst: Float64Array, src: ArrayLike<number>, f: number): void {
  for (let i = 0; i < dst.length; i++) dst[i] += f * src[i]!;
}
