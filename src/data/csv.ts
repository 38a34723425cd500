/**
 * CSV reading (csv-parse) that keeps where each record came from, and a small CSV writer.
 *
 * Handles a UTF-8 byte-order mark, CRLF or LF line ends, and quoted fields containing commas, quotes and
 * line breaks. Input is UTF-8 unless `encoding` says latin1 (ISO-8859-1) or windows-1252: a file with
 * bytes that are not valid UTF-8 is an error (code ENCODING) naming the row, never decoded with
 * replacement characters (which would merge "modèle" and "modéle" into one level). Every data record keeps its spreadsheet `row` (header = row 1) and the text `line` where it
 * starts (see errors.ts for the conventions). Columns that hold personal identifiers (any header matching
 * /prolific/i, plus names the caller adds) are removed while parsing: their values never leave this module.
 * Syntax problems become a {@link DataError} with code CSV_SYNTAX or FIELD_COUNT.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { DataError, isDataError } from './errors';

/** Headers matching this are personal identifiers (Prolific IDs) and are dropped on load. */
export const PERSONAL_ID_COLUMN = /prolific/i;

/** One data record of a CSV file. */
export interface CsvRow {
  /** Spreadsheet row (header = 1). */
  row: number;
  /** Text line where the record starts (1-based). */
  line: number;
  /** Field values, aligned with {@link CsvTable.header}. */
  fields: string[];
}

/** A parsed CSV file: header, data rows, and what was left out. */
export interface CsvTable {
  /** Path (or label) of the file, used in messages. */
  file: string;
  /** Column names, trimmed, without personal-identifier columns. */
  header: string[];
  /** Data records (blank lines excluded). */
  rows: CsvRow[];
  /** Spreadsheet rows that were blank lines (ignored). */
  blankRows: number[];
  /** Names of the personal-identifier columns removed on read. */
  droppedColumns: string[];
  /** Size of the input in bytes (UTF-8). */
  bytes: number;
  /** Encoding the input was read in. */
  encoding: CsvEncoding;
}

/** Text encodings a CSV file may be in. */
export const CSV_ENCODINGS = ['utf8', 'latin1', 'windows-1252'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

/** Options of {@link parseCsv} / {@link readCsv}. */
export interface CsvOptions {
  /** More personal-identifier columns to drop (exact names or patterns), besides /prolific/i. */
  dropColumns?: readonly (string | RegExp)[];
  /** Encoding of the bytes (default 'utf8'; 'utf-8', 'latin-1', 'iso-8859-1' and 'cp1252' are accepted too). */
  encoding?: string;
}

/** The canonical name of an encoding option, or a BAD_OPTION error listing the ones supported. */
export function checkEncoding(encoding: string | undefined): CsvEncoding {
  if (encoding === undefined) return 'utf8';
  const e = encoding.trim().toLowerCase().replace(/_/g, '-');
  if (e === 'utf8' || e === 'utf-8') return 'utf8';
  if (e === 'latin1' || e === 'latin-1' || e === 'iso-8859-1' || e === 'iso8859-1') return 'latin1';
  if (e === 'windows-1252' || e === 'cp1252' || e === 'win1252') return 'windows-1252';
  throw new DataError('BAD_OPTION', `unknown encoding '${encoding}' (use utf8, latin1 or windows-1252)`);
}

/**
 * Byte offset of the first byte that is not part of a valid UTF-8 sequence (overlong forms, surrogates
 * and code points above U+10FFFF are invalid, as in TextDecoder's fatal mode), or -1.
 * @example firstInvalidUtf8(Buffer.from([0x61, 0xe9, 0x62])) === 1   // latin-1 "é"
 */
export function firstInvalidUtf8(buf: Uint8Array): number {
  const n = buf.length;
  for (let i = 0; i < n; ) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** The input as UTF-8 bytes: UTF-8 kept as it is, latin1 / windows-1252 decoded and re-encoded. */
function utf8Bytes(input: string | Uint8Array, encoding: CsvEncoding): Buffer {
  if (typeof input === 'string') return Buffer.from(input, 'utf8');
  const raw = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (encoding === 'utf8') return raw;
  const text = encoding === 'latin1' ? raw.toString('latin1') : new TextDecoder('windows-1252').decode(raw);
  return Buffer.from(text, 'utf8');
}

/** True when a header names a personal identifier that must never be loaded. */
export function isPersonalIdColumn(name: string, extra: readonly (string | RegExp)[] = []): boolean {
  if (PERSONAL_ID_COLUMN.test(name)) return true;
  return extra.some((p) => (typeof p === 'string' ? p === name.trim() : p.test(name)));
}

interface ParsedRecord {
  /** Values of the kept columns ('' where the record is too short). */
  fields: string[];
  /** Number of fields in the record as written (personal-id columns included). */
  count: number;
  /** True when the record is a blank line (one empty field). */
  blank: boolean;
  /** Text line where the record starts. */
  line: number;
}

const BOM = '\uFEFF';

/**
 * Parses CSV text or bytes. Throws DataError: FILE_EMPTY (nothing but whitespace / a BOM), CSV_SYNTAX
 * (unclosed or misplaced quote), FIELD_COUNT (a record with more or fewer fields than the header).
 */
export function parseCsv(input: string | Uint8Array, file: string, options: CsvOptions = {}): CsvTable {
  const encoding = checkEncoding(options.encoding);
  const buf = utf8Bytes(input, encoding);
  if (buf.toString('utf8').replace(BOM, '').trim() === '') throw new DataError('FILE_EMPTY', 'the file is empty', { file });
  // Invalid UTF-8: found here, reported below with the row of the record that holds it.
  const badByte = encoding === 'utf8' && typeof input !== 'string' ? firstInvalidUtf8(buf) : -1;

  // Line bookkeeping: csv-parse reports the byte offset where each record ends; a record starts on the line
  // after the previous record's end. (csv-parse's own `lines` counter counts a quoted CRLF twice.)
  let scanned = 0;
  let lineAtScanned = 1;
  const lineAt = (offset: number): number => {
    for (; scanned < offset && scanned < buf.length; scanned++) {
      const b = buf[scanned];
      if (b === 0x0a) lineAtScanned++;
      else if (b === 0x0d && buf[scanned + 1] !== 0x0a) lineAtScanned++;
    }
    return lineAtScanned;
  };
  let keep: number[] | null = null;
  const dropped: string[] = [];
  let prevEnd = 0;
  let parsedCount = 0;

  let parsed: ParsedRecord[];
  try {
    const onRecord = (record: string[], info: { bytes: number }): ParsedRecord => {
      const line = lineAt(prevEnd);
      if (badByte >= 0 && badByte < info.bytes) {
        const row = parsedCount + 1;
        const badLine = lineAt(badByte);
        throw new DataError(
          'ENCODING',
          `byte 0x${buf[badByte]!.toString(16).toUpperCase()}${badLine !== line ? ` (line ${badLine})` : ''} is not valid UTF-8: the file is in another encoding; ` +
            'if it was saved as Latin-1 or by Excel on Windows, read it with --encoding latin1 or --encoding windows-1252 (options.encoding)',
          { file, row, line },
        );
      }
      parsedCount++;
      prevEnd = info.bytes;
      const blank = record.length === 1 && record[0]!.trim() === '';
      if (keep === null) {
        const k: number[] = [];
        record.forEach((name, i) => {
          if (isPersonalIdColumn(name, options.dropColumns)) dropped.push(name.trim());
          else k.push(i);
        });
        keep = k;
        return { fields: k.map((i) => record[i]!.trim()), count: record.length, blank, line };
      }
      // Only the kept positions are copied: personal-identifier values are never stored.
      return { fields: keep.map((i) => (i < record.length ? record[i]! : '')), count: record.length, blank, line };
    };
    // on_record may return any value; csv-parse's types only allow string[], hence the casts.
    parsed = parse(buf, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      on_record: onRecord as unknown as (record: string[]) => string[],
    }) as unknown as ParsedRecord[];
  } catch (err) {
    if (isDataError(err)) throw err;
    throw csvSyntaxError(err, file, lineAt(prevEnd));
  }

  const headerRecord = parsed[0];
  if (headerRecord === undefined) throw new DataError('FILE_EMPTY', 'the file is empty', { file });
  const header = headerRecord.fields;
  const width = headerRecord.count;
  const rows: CsvRow[] = [];
  const blankRows: number[] = [];
  for (let i = 1; i < parsed.length; i++) {
    const rec = parsed[i]!;
    const row = i + 1;
    if (rec.blank) {
      // A blank line: a spreadsheet shows an empty row. It is ignored (and counted by the loaders).
      blankRows.push(row);
      continue;
    }
    if (rec.count !== width) {
      const hint = i === parsed.length - 1 && rec.count < width ? ' (the file looks truncated)' : '';
      throw new DataError('FIELD_COUNT', `the record has ${rec.count} fields but the header has ${width}${hint}`, {
        file,
        row,
        line: rec.line,
      });
    }
    rows.push({ row, line: rec.line, fields: rec.fields });
  }
  return { file, header, rows, blankRows, droppedColumns: dropped, bytes: buf.length, encoding };
}

/** Reads and parses a CSV file. Throws DataError FILE_MISSING when it does not exist. */
export function readCsv(path: string, options: CsvOptions = {}): CsvTable {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new DataError('FILE_MISSING', 'file not found', { file: path });
  }
  return parseCsv(readFileSync(path), path, options);
}

function csvSyntaxError(err: unknown, file: string, line: number): DataError {
  const e = err as { code?: unknown; message?: unknown; records?: unknown; lines?: unknown };
  const code = typeof e.code === 'string' ? e.code : 'ERROR';
  const records = typeof e.records === 'number' ? e.records : undefined;
  const what: Record<string, string> = {
    CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed (unbalanced " quote)',
    INVALID_OPENING_QUOTE: 'a " quote appears inside an unquoted field',
    CSV_INVALID_CLOSING_QUOTE: 'a closing " quote is followed by other characters instead of a separator',
    CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a closing " quote is followed by other characters',
  };
  const problem = what[code] ?? `the CSV cannot be parsed (${code})`;
  // csv-parse's message may quote the field value; it is not repeated (it could be a personal identifier).
  return new DataError('CSV_SYNTAX', problem, { file, row: records !== undefined ? records + 1 : undefined, line });
}

/** Formats one CSV field: quoted when it holds a comma, quote, line break or leading/trailing space. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Formats rows as CSV text with the given columns (LF line ends, header first, trailing newline). */
export function formatCsv<T extends object>(rows: readonly T[], columns: readonly (keyof T & string)[]): string {
  const lines = [columns.map(csvField).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c])).join(','));
  return `${lines.join('\n')}\n`;
}

/** Formats a parsed table back to CSV text (header + rows; personal-id columns are already gone). */
export function formatCsvTable(table: Pick<CsvTable, 'header' | 'rows'>): string {
  const lines = [table.header.map(csvField).join(',')];
  for (const r of table.rows) lines.push(r.fields.map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}
