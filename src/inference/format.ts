/**
 * Number formatting and table layout as R prints them, so that marginal means and contrasts read like
 * emmeans output:
 * - {@link formatColumn}: R's `format(x, digits = d)` for a numeric vector (common number of decimals,
 *   trailing zeros kept so the column lines up; scientific notation only when fixed is wider);
 * - {@link zapsmall}: R's `zapsmall(x, digits = 7)`;
 * - {@link optDigits}: emmeans' choice of digits from estimate +- 2 SE (its `.opt.dig`);
 * - {@link renderTextTable} / {@link renderHtmlTable}: columns separated by one space, labels left-aligned,
 *   numbers right-aligned, footnote lines after a blank line (text) or below the table (HTML).
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

/**
 * R's `format(x, digits = digits)` for a numeric vector: enough significant digits (at most `digits`) for
 * every element, one common number of decimals; NA/NaN/Inf printed as R does.
 * @example formatColumn([0.2298, 0.2300, 0.2328], 3) // ['0.230', '0.230', '0.233']
 */
export function formatColumn(xs: readonly number[], digits: number): string[] {
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
  if (!any) return xs.map(naString);
  const fixedWidth = mxsl + rgt + (rgt > 0 ? 1 : 0);
  const sciWidth = neg + (mxns > 1 ? mxns + 1 : mxns) + 2 + mxe;
  if (fixedWidth > sciWidth) {
    return xs.map((x) => (Number.isFinite(x) ? rExponential(x, mxns - 1) : naString(x)));
  }
  return xs.map((x) => (Number.isFinite(x) ? x.toFixed(rgt) : naString(x)));
}

function rExponential(x: number, decimals: number): string {
  const s = x.toExponential(decimals);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

function naString(x: number): string {
  if (Number.isNaN(x)) return 'NA';
  if (x === Infinity) return 'Inf';
  if (x === -Infinity) return '-Inf';
  return String(x);
}

/** A t ratio as emmeans prints it: `format(round(t, 3), nsmall = 3)`. */
export function formatTRatio(t: number): string {
  return Number.isFinite(t) ? roundTo(t, 3).toFixed(3) : naString(t);
}

/** A p value as emmeans prints it: 4 decimals, "<.0001" below that. */
export function formatPValue(p: number): string {
  if (!Number.isFinite(p)) return naString(p);
  const s = roundTo(p, 4).toFixed(4);
  return s === '0.0000' ? '<.0001' : s;
}

/** A column of a printed table: its header, cells and alignment. */
export interface TableColumn {
  header: string;
  cells: string[];
  align: 'left' | 'right';
}

/** Text table as R prints a character matrix with empty row names (one space before each column). */
export function renderTextTable(columns: readonly TableColumn[], footer: readonly string[] = []): string {
  const nrow = columns.length ? columns[0]!.cells.length : 0;
  const widths = columns.map((c) => Math.max(c.header.length, ...c.cells.map((s) => s.length)));
  const pad = (s: string, w: number, align: 'left' | 'right') => (align === 'left' ? s.padEnd(w) : s.padStart(w));
  const lines: string[] = [];
  lines.push(columns.map((c, j) => ' ' + pad(c.header, widths[j]!, c.align)).join('').trimEnd());
  for (let i = 0; i < nrow; i++) lines.push(columns.map((c, j) => ' ' + pad(c.cells[i]!, widths[j]!, c.align)).join('').trimEnd());
  if (footer.length) {
    lines.push('');
    lines.push(...footer);
  }
  return lines.join('\n');
}

/** Escapes text for HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** HTML table with the same cells, an optional caption and the footnotes below (for notebooks). */
export function renderHtmlTable(columns: readonly TableColumn[], footer: readonly string[] = [], caption?: string): string {
  const nrow = columns.length ? columns[0]!.cells.length : 0;
  const style = (c: TableColumn) => `text-align:${c.align}`;
  const head = columns.map((c) => `<th style="${style(c)}">${escapeHtml(c.header)}</th>`).join('');
  const body: string[] = [];
  for (let i = 0; i < nrow; i++) {
    body.push(`<tr>${columns.map((c) => `<td style="${style(c)};font-family:monospace">${escapeHtml(c.cells[i]!)}</td>`).join('')}</tr>`);
  }
  const cap = caption ? `<caption style="caption-side:top;text-align:left">${escapeHtml(caption)}</caption>` : '';
  const foot = footer.length ? `<div style="font-size:90%;color:#444">${footer.map((f) => escapeHtml(f)).join('<br>')}</div>` : '';
  return `<div class="empathy-lab-inference"><table>${cap}<thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table>${foot}</div>`;
}
