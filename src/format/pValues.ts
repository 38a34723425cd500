/** p values as R prints them: summary()'s format.pval and stars, and emmeans' tables. */
import { formatR, naString, roundTo } from './numbers';

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

/** A p value as emmeans prints it: 4 decimals, "<.0001" below that. */
export function formatPValue(p: number): string {
  if (!Number.isFinite(p)) return naString(p);
  const s = roundTo(p, 4).toFixed(4);
  return s === '0.0000' ? '<.0001' : s;
}
