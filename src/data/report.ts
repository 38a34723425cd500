/**
 * LoadReport: what a loader read, kept and dropped, and why. Prints itself as text (`toText()`, also what
 * `console.log(report)` shows) and as an HTML table (`toHtml()`, for notebooks).
 *
 * Units: `rowsIn` / `rowsKept` / `rowsDropped` count data rows of the input files (header excluded; for the
 * wide Lee 2024 files one row = one rater). `recordsOut` counts the records produced (one rating each).
 * Each drop names its unit (a whole row, or one rating cell of a wide row).
 */

import { escapeHtml } from '../format/index';

/** One reason things were dropped, with how many and where the first one was. */
export interface DropCount {
  reason: string;
  count: number;
  /** What was dropped: 'row' (a data row) or 'cell' (one rating of a wide row). */
  unit: 'row' | 'cell';
  /** Location of the first occurrence, e.g. "study2_cleaned.csv row 5, column s1_gpt4_emp". */
  first?: string;
}

/** Columns left out on purpose. */
export interface ColumnNote {
  file: string;
  columns: string[];
  /** 'dropped': removed on read (personal identifiers); 'ignored': read past (not ratings). */
  action: 'dropped' | 'ignored';
  reason: string;
}

/** A counted fact that is not a drop (e.g. rating cells left empty because the response was not shown). */
export interface CountNote {
  label: string;
  count: number;
}

/** A labelled number in the summary (e.g. "empathy ratings" 8688). */
export interface SummaryItem {
  label: string;
  value: number | string;
}

const fmt = (n: number | string): string => (typeof n === 'number' ? n.toLocaleString('en-US') : n);
const esc = escapeHtml;
const base = (file: string): string => file.split(/[\\/]/).pop() ?? file;

/** The report of one load. Build it with the add* methods; read the fields or print it. */
export class LoadReport {
  readonly title: string;
  readonly inputs: { file: string; rows: number }[] = [];
  rowsKept = 0;
  recordsOut = 0;
  readonly drops: DropCount[] = [];
  readonly notes: CountNote[] = [];
  readonly columns: ColumnNote[] = [];
  readonly summary: SummaryItem[] = [];
  readonly warnings: string[] = [];

  constructor(title: string) {
    this.title = title;
  }

  /** Data rows read from all inputs. */
  get rowsIn(): number {
    return this.inputs.reduce((s, x) => s + x.rows, 0);
  }

  /** Data rows dropped (all row-level drops). */
  get rowsDropped(): number {
    return this.drops.filter((d) => d.unit === 'row').reduce((s, d) => s + d.count, 0);
  }

  /** Drops by reason as a plain object, e.g. { "rating not on the 1-5 scale": 2 }. */
  get dropsByReason(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const d of this.drops) out[d.reason] = (out[d.reason] ?? 0) + d.count;
    return out;
  }

  addInput(file: string, rows: number): void {
    this.inputs.push({ file, rows });
  }

  /** Counts one dropped row or cell for `reason` (remembers where the first one was). */
  addDrop(reason: string, unit: 'row' | 'cell', where?: string, count = 1): void {
    const d = this.drops.find((x) => x.reason === reason && x.unit === unit);
    if (d) d.count += count;
    else this.drops.push(where === undefined ? { reason, count, unit } : { reason, count, unit, first: where });
  }

  addNote(label: string, count: number): void {
    const n = this.notes.find((x) => x.label === label);
    if (n) n.count += count;
    else this.notes.push({ label, count });
  }

  addColumns(file: string, columns: string[], action: 'dropped' | 'ignored', reason: string): void {
    if (columns.length > 0) this.columns.push({ file, columns, action, reason });
  }

  addSummary(label: string, value: number | string): void {
    this.summary.push({ label, value });
  }

  /** Plain-text rendering (fixed-width, for terminals and notebook text output). */
  toText(): string {
    const out: string[] = [`Load report: ${this.title}`];
    const w = Math.max(10, ...this.inputs.map((i) => base(i.file).length));
    for (const i of this.inputs) out.push(`  ${base(i.file).padEnd(w)}  ${fmt(i.rows).padStart(7)} rows`);
    out.push(`  rows in: ${fmt(this.rowsIn)}   kept: ${fmt(this.rowsKept)}   dropped: ${fmt(this.rowsDropped)}`);
    out.push(`  records out: ${fmt(this.recordsOut)}`);
    const lw = Math.max(0, ...this.summary.map((s) => s.label.length));
    for (const s of this.summary) out.push(`    ${s.label.padEnd(lw)}  ${fmt(s.value)}`);
    if (this.drops.length === 0) out.push('  drops: none');
    for (const d of this.drops) {
      out.push(`  dropped ${fmt(d.count)} ${d.unit}${d.count === 1 ? '' : 's'}: ${d.reason}${d.first ? ` (first: ${d.first})` : ''}`);
    }
    for (const n of this.notes) out.push(`  counted, not dropped: ${n.label}: ${fmt(n.count)}`);
    for (const c of this.columns) {
      out.push(`  ${c.action} column${c.columns.length === 1 ? '' : 's'} ${c.columns.join(', ')} (${c.reason}) in ${base(c.file)}`);
    }
    for (const wn of this.warnings) out.push(`  warning: ${wn}`);
    return out.join('\n');
  }

  toString(): string {
    return this.toText();
  }

  /** HTML rendering (a small table; for notebooks). */
  toHtml(): string {
    const row = (k: string, v: string): string => `<tr><th style="text-align:left">${esc(k)}</th><td style="text-align:left">${esc(v)}</td></tr>`;
    const rows: string[] = [];
    for (const i of this.inputs) rows.push(row(base(i.file), `${fmt(i.rows)} rows`));
    rows.push(row('rows in / kept / dropped', `${fmt(this.rowsIn)} / ${fmt(this.rowsKept)} / ${fmt(this.rowsDropped)}`));
    rows.push(row('records out', fmt(this.recordsOut)));
    for (const s of this.summary) rows.push(row(s.label, fmt(s.value)));
    for (const d of this.drops) {
      rows.push(row(`dropped (${d.unit}s)`, `${fmt(d.count)}: ${d.reason}${d.first ? ` (first: ${d.first})` : ''}`));
    }
    for (const n of this.notes) rows.push(row(n.label, `${fmt(n.count)} (counted, not dropped)`));
    for (const c of this.columns) rows.push(row(`${c.action} columns (${base(c.file)})`, `${c.columns.join(', ')} (${c.reason})`));
    for (const wn of this.warnings) rows.push(row('warning', wn));
    return `<table class="empathy-lab-load-report"><caption style="text-align:left"><b>Load report:</b> ${esc(this.title)}</caption>${rows.join('')}</table>`;
  }

  /** Shown by console.log / util.inspect. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toText();
  }

  /** Combines reports of parts into one (inputs, drops, notes, columns, summaries and warnings are merged). */
  static merge(title: string, parts: readonly LoadReport[]): LoadReport {
    const r = new LoadReport(title);
    for (const p of parts) {
      for (const i of p.inputs) r.addInput(i.file, i.rows);
      r.rowsKept += p.rowsKept;
      r.recordsOut += p.recordsOut;
      for (const d of p.drops) r.addDrop(d.reason, d.unit, d.first, d.count);
      for (const n of p.notes) r.addNote(n.label, n.count);
      for (const c of p.columns) r.columns.push(c);
      r.warnings.push(...p.warnings);
    }
    return r;
  }
}
