/**
 * Feature tables as danfojs-node DataFrames (danfojs is loaded on first use, see src/data/frame.ts), with
 * optional identifier columns first.
 */
import type { DataFrame } from 'danfojs-node';
import { danfojs } from '../data/frame';
import type { FeatureTable } from './extract';

/** Identifier columns to put before the features: name -> one value per row. */
export type IdColumns = Readonly<Record<string, readonly (string | number | null | undefined)[]>>;

/**
 * Records (plain objects) of a feature table with the id columns first; throws when an id column's
 * length differs from the table's or its name is a feature column.
 */
export function featureRecords(table: FeatureTable, ids: IdColumns = {}): { columns: string[]; records: Record<string, string | number | null>[] } {
  const idNames = Object.keys(ids);
  for (const name of idNames) {
    if (table.columns.includes(name)) throw new Error(`id column '${name}' has the name of a feature column; rename it`);
    if (ids[name]!.length !== table.rows.length) {
      throw new Error(`id column '${name}' has ${ids[name]!.length} values for ${table.rows.length} rows`);
    }
  }
  const records = table.rows.map((row, i) => {
    const rec: Record<string, string | number | null> = {};
    for (const name of idNames) rec[name] = ids[name]![i] ?? null;
    for (const c of table.columns) rec[c] = row[c]!;
    return rec;
  });
  return { columns: [...idNames, ...table.columns], records };
}

/**
 * A DataFrame with the id columns, then the feature columns in table order.
 * @example featuresFrame(extractFeatures(texts), { post: posts }).columns // ['post', 'WC', 'WPS', ...]
 */
export function featuresFrame(table: FeatureTable, ids: IdColumns = {}): DataFrame {
  const dfd = danfojs();
  const { columns, records } = featureRecords(table, ids);
  if (records.length === 0) return new dfd.DataFrame([], { columns });
  const data: Record<string, unknown[]> = {};
  for (const c of columns) data[c] = records.map((r) => r[c]);
  return new dfd.DataFrame(data, { columns });
}
