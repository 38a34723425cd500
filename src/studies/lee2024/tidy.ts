/**
 * Writing the tidy Lee 2024 ratings as long CSVs (what `empathy-lab data tidy` does): ratings_long.csv with
 * every rating, and one file per study and measure. Columns exactly as RatingRecord; no personal
 * identifiers exist in the records, so none can be written.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from '../../data/acquire';
import { formatCsv } from '../../data/csv';
import { RATING_COLUMNS, type RatingRecord } from '../../data/types';

/** The files written, with which records go into each. */
export const TIDY_FILES: readonly { name: string; keep: (r: RatingRecord) => boolean }[] = [
  { name: 'ratings_long.csv', keep: () => true },
  { name: 'study1_empathy.csv', keep: (r) => r.study === 1 && r.measure === 'empathy' },
  { name: 'study1_appropriateness.csv', keep: (r) => r.study === 1 && r.measure === 'appropriateness' },
  { name: 'study2_empathy.csv', keep: (r) => r.study === 2 && r.measure === 'empathy' },
  { name: 'study2_appropriateness.csv', keep: (r) => r.study === 2 && r.measure === 'appropriateness' },
];

/** Writes the tidy CSVs into `outDir` (created if needed); returns each file's path and data-row count. */
export function writeTidyLee2024(records: readonly RatingRecord[], outDir: string): { path: string; rows: number }[] {
  mkdirSync(outDir, { recursive: true });
  return TIDY_FILES.map((f) => {
    const rows = records.filter(f.keep);
    const path = join(outDir, f.name);
    writeAtomic(path, formatCsv(rows, RATING_COLUMNS));
    return { path, rows: rows.length };
  });
}
