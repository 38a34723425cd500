/** Small helpers shared by the benchmarks (bench/lmm.ts, bench/clmm.ts): the CSV both sides read, and medians. */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** Writes columns of equal length as a CSV file (header row; values as String() writes them). */
export function writeCsv(path: string, columns: Record<string, readonly unknown[]>): void {
  const names = Object.keys(columns);
  const n = columns[names[0]!]!.length;
  const lines = [names.join(',')];
  for (let i = 0; i < n; i++) lines.push(names.map((c) => String(columns[c]![i])).join(','));
  writeFileSync(path, lines.join('\n') + '\n');
}

/** Reads a CSV file into columns: those named in `factors` as text, the others as numbers. */
export function readColumns(path: string, factors: string[]): Record<string, unknown[]> {
  const rows = parse(readFileSync(path, 'utf8'), { columns: true }) as Record<string, string>[];
  const names = Object.keys(rows[0]!);
  return Object.fromEntries(names.map((c) => [c, rows.map((r) => (factors.includes(c) ? r[c] : Number(r[c])))]));
}

/** The median of a list of numbers. */
export function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}
