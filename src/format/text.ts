/** Text for printed output: HTML escaping, R's abbreviate for column names, and R-style text/HTML tables. */

/** Escapes text for HTML element content and attribute values (&, <, >, ", '). */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
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
