/**
 * Numbers as R prints them (R's formatReal: format(), print() of model summaries and emmeans tables):
 * a vector gets one common number of decimals so each entry shows at most `digits` significant digits,
 * in fixed notation unless scientific notation is narrower. One implementation for every printer.
 */

/** Rounds like R's `round(x, digits)` for the magnitudes printed here. */
export function roundTo(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.pow(10, digits);
  const r = Math.round(Math.abs(x) * f) / f;
  return x < 0 ? -r : r;
}

/** R's `zapsmall(x, digits)`: rounds every value to the decimals that keep `digits` significant digits of the largest. */
export function zapsmall(xs: readonly number[], digits = 7): number[] {
  const finite = xs.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return xs.slice();
  const mx = Math.max(...finite.map(Math.abs));
  const d = mx > 0 ? Math.max(0, digits - Math.ceil(Math.log10(mx))) : digits;
  return xs.map((v) => (Number.isFinite(v) ? roundTo(v, d) : v));
}

/** emmeans' `.opt.dig`: digits needed to show differences within estimate +- 2 SE (at least 3). */
export function optDigits(estimate: number, se: number): number {
  const x = [estimate - 2 * se, estimate, estimate + 2 * se];
  const mx = Math.max(...x.map(Math.abs));
  if (!(mx > 0) || !Number.isFinite(mx)) return 3;
  const z = [Math.min(...x) / mx, Math.max(...x) / mx];
  const dz = zapsmall([z[1]! - z[0]!, z[0]!, z[1]!], 8)[0]!;
  const zz = Math.round(1.51 - Math.log10(dz));
  if (!Number.isFinite(zz)) return 3;
  return Math.max(zz, 3);
}

/** Significant digits (after dropping trailing zeros) and decimal exponent of |x| rounded to `digits` significant digits. */
function sigAndExponent(x: number, digits: number): { nsig: number; kpower: number } {
  const s = Math.abs(x).toExponential(digits - 1); // "d.ddde+k"
  const [mant, exp] = s.split('e') as [string, string];
  const ds = mant.replace('.', '').replace(/0+$/, '');
  return { nsig: Math.max(1, ds.length), kpower: Number(exp) };
}

/** x in R's scientific notation with `decimals` mantissa decimals: 1.23e-05, 4e+10. */
export function rExponential(x: number, decimals: number): string {
  const s = x.toExponential(Math.max(0, decimals));
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** How R prints a non-finite number: NA (for NaN, as emmeans' tables), Inf, -Inf. */
export function naString(x: number, nan = 'NA'): string {
  if (Number.isNaN(x)) return nan;
  if (x === Infinity) return 'Inf';
  if (x === -Infinity) return '-Inf';
  return String(x);
}

/**
 * R's `format(x, digits = digits)` for a numeric vector, unpadded: enough significant digits (at most
 * `digits`) for every element, one common number of decimals; non-finite values as {@link naString}.
 * @example formatColumn([0.2298, 0.2300, 0.2328], 3) // ['0.230', '0.230', '0.233']
 */
export function formatColumn(xs: readonly number[], digits: number, nan = 'NA'): string[] {
  let mxsl = 1;
  let rgt = 0;
  let mxns = 1;
  let mxe = 1;
  let neg = 0;
  let any = false;
  for (const x of xs) {
    if (!Number.isFinite(x) || x === 0) {
      if (x === 0) any = true;
      continue;
    }
    any = true;
    const { nsig, kpower } = sigAndExponent(x, digits);
    const isNeg = x < 0 ? 1 : 0;
    if (isNeg) neg = 1;
    const sleft = isNeg + (kpower >= 0 ? kpower + 1 : 1);
    mxsl = Math.max(mxsl, sleft);
    rgt = Math.max(rgt, Math.min(350, nsig - kpower - 1));
    mxns = Math.max(mxns, nsig);
    mxe = Math.max(mxe, Math.abs(kpower) >= 100 ? 3 : 2);
  }
  if (!any) return xs.map((x) => naString(x, nan));
  const fixedWidth = mxsl + rgt + (rgt > 0 ? 1 : 0);
  const sciWidth = neg + (mxns > 1 ? mxns + 1 : mxns) + 2 + mxe;
  if (fixedWidth > sciWidth) {
    return xs.map((x) => (Number.isFinite(x) ? rExponential(x, mxns - 1) : naString(x, nan)));
  }
  return xs.map((x) => (Number.isFinite(x) ? x.toFixed(rgt) : naString(x, nan)));
}

/** Formats numbers like R's format(x, digits = digits): {@link formatColumn} right-justified to a common width (NaN as "NaN"). */
export function formatR(xs: readonly number[], digits: number): string[] {
  const out = formatColumn(xs, digits, 'NaN');
  const w = Math.max(...out.map((s) => s.length));
  return out.map((s) => s.padStart(w));
}

/** One number formatted like R's format(x, digits). */
export function formatNumber(x: number, digits = 4): string {
  return formatR([x], digits)[0]!.trim();
}

/** A t ratio as emmeans prints it: `format(round(t, 3), nsmall = 3)`. */
export function formatTRatio(t: number): string {
  return Number.isFinite(t) ? roundTo(t, 3).toFixed(3) : naString(t);
}
