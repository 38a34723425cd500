/**
 * Number formatting as R prints it (enough of R's formatReal, printCoefmat and format.pval for model
 * summaries): a vector is formatted with common decimals so each entry shows `digits` significant digits,
 * in fixed notation unless scientific is narrower.
 */

interface Sci {
  neg: boolean;
  kpower: number;
  nsig: number;
}

function scientific(x: number, digits: number): Sci {
  if (x === 0) return { neg: false, kpower: 0, nsig: 1 };
  const neg = x < 0;
  const ax = Math.abs(x);
  let kp = Math.floor(Math.log10(ax));
  let mant = Number((ax / 10 ** kp).toFixed(digits - 1));
  if (mant >= 10) {
    kp += 1;
    mant /= 10;
  }
  // Significant digits after dropping trailing zeros.
  let s = mant.toFixed(digits - 1).replace('.', '');
  s = s.replace(/0+$/, '');
  return { neg, kpower: kp, nsig: Math.max(1, s.length) };
}

/** Formats numbers like R's format(x, digits = digits): common decimals, right-justified to a common width. */
export function formatR(xs: readonly number[], digits: number): string[] {
  const finite = xs.filter((x) => Number.isFinite(x));
  if (finite.length === 0) return xs.map((x) => (Number.isNaN(x) ? 'NaN' : x > 0 ? 'Inf' : '-Inf'));
  // R's formatReal: digits right of the point, width of the integer part with sign (per element), max
  // significant digits; fixed notation unless scientific is narrower.
  let rgt = 0;
  let mxsl = 1;
  let mxns = 1;
  let neg = false;
  let maxExp = 0;
  for (const x of finite) {
    const s = scientific(x, digits);
    if (s.neg) neg = true;
    rgt = Math.max(rgt, s.nsig - s.kpower - 1);
    mxsl = Math.max(mxsl, (s.neg ? 1 : 0) + Math.max(1, s.kpower + 1));
    mxns = Math.max(mxns, s.nsig);
    maxExp = Math.max(maxExp, Math.abs(s.kpower));
  }
  rgt = Math.max(0, Math.min(rgt, 15));
  const wF = mxsl + rgt + (rgt > 0 ? 1 : 0);
  const d = mxns - 1;
  const wE = (neg ? 1 : 0) + (d > 0 ? 1 : 0) + d + 4 + (maxExp >= 100 ? 2 : 1);
  let out: string[];
  if (wF <= wE) {
    out = xs.map((x) => (Number.isFinite(x) ? x.toFixed(rgt) : String(x)));
  } else {
    out = xs.map((x) => (Number.isFinite(x) ? rExponential(x, d) : String(x)));
  }
  const w = Math.max(...out.map((s) => s.length));
  return out.map((s) => s.padStart(w));
}

/** x in R's scientific notation with `d` mantissa decimals: 1.23e-05, 4e+10. */
export function rExponential(x: number, d: number): string {
  const s = x.toExponential(Math.max(0, d));
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** One number formatted like R's format(x, digits). */
export function formatNumber(x: number, digits = 4): string {
  return formatR([x], digits)[0]!.trim();
}

/**
 * p values like R's (>= 4.2) format.pval(pv, digits, eps): "<2e-16" below eps; values from 1e-4 up (from
 * 1e-3 when digits = 1) formatted together, smaller ones together, each group as format(x, digits).
 */
export function formatPValues(ps: readonly number[], digits = 3, eps = 2.220446049250313e-16): string[] {
  const is0 = ps.map((p) => p < eps);
  const expo = (p: number) => Math.floor(Math.log10(p > 0 ? p : 1e-50));
  const fix = ps.map((p, i) => !is0[i] && (expo(p) >= -3 || (expo(p) === -4 && digits > 1)));
  const out = new Array<string>(ps.length).fill('');
  const fixIdx = ps.map((_, i) => i).filter((i) => fix[i]);
  const sciIdx = ps.map((_, i) => i).filter((i) => !fix[i] && !is0[i]);
  if (fixIdx.length) formatR(fixIdx.map((i) => ps[i]!), digits).forEach((s, j) => (out[fixIdx[j]!] = s.trim()));
  if (sciIdx.length) formatR(sciIdx.map((i) => ps[i]!), digits).forEach((s, j) => (out[sciIdx[j]!] = s.trim()));
  if (is0.some(Boolean)) {
    let d = Math.max(1, digits - 2);
    const others = out.filter((_, i) => !is0[i]);
    let sep: string;
    if (others.length) {
      const nc = Math.max(...others.map((s) => s.length));
      if (d > 1 && d + 6 > nc) d = Math.max(1, nc - 7);
      sep = d === 1 && nc <= 6 ? '' : ' ';
    } else sep = d === 1 ? '' : ' ';
    const e = formatR([eps], d)[0]!.trim();
    is0.forEach((z, i) => z && (out[i] = `<${sep}${e}`));
  }
  return out;
}

/** Significance stars as R prints them (0.001 ***, 0.01 **, 0.05 *, 0.1 .). */
export function significanceStars(p: number): string {
  return p < 0.001 ? '***' : p < 0.01 ? '**' : p < 0.05 ? '*' : p < 0.1 ? '.' : ' ';
}

/**
 * Names shortened like R's abbreviate(x, minlength): drop lower-case vowels from the end (not the first
 * character), then lower-case letters, then truncate. "(Intercept)" -> "(Intr)".
 */
export function abbreviate(name: string, minlength = 6): string {
  if (name.length <= minlength) return name;
  let chars = name.split('');
  const dropFromEnd = (test: (c: string, i: number) => boolean) => {
    for (let i = chars.length - 1; i > 0 && chars.length > minlength; i--) {
      if (test(chars[i]!, i)) chars.splice(i, 1);
    }
  };
  dropFromEnd((c) => /[aeiou]/.test(c));
  dropFromEnd((c) => /[a-z]/.test(c));
  if (chars.length > minlength) chars = chars.slice(0, minlength);
  return chars.join('');
}

/** Escapes text for HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
