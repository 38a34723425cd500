/**
 * `empathy-lab features`: LIWC-style features of the texts of a CSV file, or agreement with LIWC's own output.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from '../main';
import { listOption, parseChoice, parseInteger, parseOptions, requireOutputFolder, required, UsageError } from '../args';
import { checkEncoding, readCsv, formatCsv } from '../../data/csv';
import { DataError } from '../../data/errors';
import { type EmojiUnits, type FeatureOptions, type LiwcDictionary, type PhraseCounts, compareWithLiwc, extractFeaturesParallel, featureRecords, formatAgreement, formatWarning, openDictionary, readDictionary } from '../../features/index';
import { study1LiwcTexts } from '../../studies/lee2024/index';

const usage = `Usage:
  empathy-lab features --data FILE.csv --text COLUMN [--id COLUMN[,COLUMN...]] [--dic FILE] [--out FILE.csv]
                       [--units percent|count] [--digits N|full] [--emoji sequence|liwc22]
                       [--phrases words|once] [--jobs N] [--encoding E]
  empathy-lab features --compare-liwc LIWC_OUTPUT.csv [--text COLUMN] [--responses FILE.csv] [--dic FILE]
                       [--emoji sequence|liwc22]

Writes one row per text: the id column(s), then WC, WPS, BigWords, Dic, one column per dictionary
category (pronouns ... affect), AllPunc, Period, Comma, QMark, Exclam, Apostro, OtherP, Emoji.
Like LIWC-22, columns after WPS are percentages of WC (100 x count / WC).

Options:
  --data FILE       CSV file with the texts (UTF-8; a BOM is fine; else see --encoding).
  --encoding E      utf8 (default), latin1 or windows-1252; a file that is not valid UTF-8 is refused
                    with the row of the first bad byte (never read with replacement characters).
  --text COLUMN     Column holding the texts (in --compare-liwc mode default: Text).
  --id COLUMN       Identifier column(s) copied first; repeat the option or separate with commas.
  --dic FILE        A LIWC dictionary (.dic or LIWC-22 .dicx). Default: the open dictionary
                    (src/features/dictionaries/open-en.dic).
  --out FILE        Output CSV (default: standard output).
  --units U         percent (default) or count.
  --digits N        Decimals (default 2, as LIWC-22; 'full' = no rounding).
  --emoji U         sequence (default: one emoji per RGI sequence) or liwc22 (a ZWJ sequence counts as its
                    parts, as LIWC-22 did in the Study 1 file).
  --phrases P       words (default: a matched phrase adds its number of words) or once.
  --jobs N          Threads, this one included (default 1; 2 or more adds worker threads).
  --compare-liwc F  Compare with LIWC's output file F (same texts): prints per column the exact-match rate
                    and the correlation. Rows with a blank text are skipped unless --responses gives
                    Lee et al.'s study1_post_resp.csv, whose responses then fill them in by position.
  --responses FILE  See --compare-liwc.

Examples:
  npx empathy-lab features --data data/cache/lee2024/study2_post_resp.csv --text gpt4 --id post_num,domain --out gpt4.csv
  npx empathy-lab features --compare-liwc data/cache/lee2024/study1_liwc22_results.csv --responses data/cache/lee2024/study1_post_resp.csv`;

const choice = parseChoice;
const integer = parseInteger;

/** Reads a CSV file (UTF-8, or the --encoding given) into records keyed by column name. */
function readRecords(path: string, encoding?: string): { file: string; header: string[]; records: Record<string, string>[] } {
  let enc;
  try {
    enc = checkEncoding(encoding);
  } catch (err) {
    throw new UsageError(`--encoding: ${(err as Error & { problem?: string }).problem ?? (err as Error).message}`);
  }
  const table = readCsv(path, { encoding: enc });
  const records = table.rows.map((r) => {
    const rec: Record<string, string> = {};
    table.header.forEach((h, k) => (rec[h] = r.fields[k] ?? ''));
    return rec;
  });
  return { file: path, header: table.header, records };
}

function requireColumn(file: string, header: readonly string[], column: string, option: string): void {
  if (!header.includes(column)) {
    throw new DataError('COLUMN_MISSING', `no column '${column}' (given by --${option}); the columns are: ${header.join(', ')}`, { file, column });
  }
}

function loadDictionary(path: string | undefined): LiwcDictionary {
  const dict = path === undefined ? openDictionary() : readDictionary(path);
  if (dict.warnings.length > 0) {
    console.error(`${dict.warnings.length} warning(s) while reading ${dict.file}:`);
    for (const w of dict.warnings.slice(0, 20)) console.error(`  ${formatWarning(w)}`);
    if (dict.warnings.length > 20) console.error(`  ... and ${dict.warnings.length - 20} more`);
  }
  return dict;
}

async function compareMode(values: Record<string, string | string[] | boolean | undefined>): Promise<number> {
  const liwcPath = values['compare-liwc'] as string;
  const liwc = readRecords(liwcPath, values.encoding as string | undefined);
  const textColumn = (values.text as string | undefined) ?? 'Text';
  requireColumn(liwcPath, liwc.header, textColumn, 'text');
  const dictionary = loadDictionary(values.dic as string | undefined);
  const emojiUnits = choice<EmojiUnits>(values.emoji as string | undefined, 'emoji', ['sequence', 'liwc22'], 'sequence');

  let texts: { index: number; text: string }[];
  if (values.responses !== undefined) {
    const responses = readRecords(values.responses as string, values.encoding as string | undefined).records;
    const rows = liwc.records.map((r) => ({ ...r, Text: r[textColumn] ?? '' }));
    texts = study1LiwcTexts(rows, responses);
  } else {
    texts = liwc.records.map((r, index) => ({ index, text: r[textColumn] ?? '' })).filter((t) => t.text.trim() !== '');
  }
  const skipped = liwc.records.length - texts.length;
  const table = await extractFeaturesParallel(
    texts.map((t) => t.text),
    { dictionary, emojiUnits, jobs: 1 },
  );
  const agreement = compareWithLiwc(
    table.rows,
    texts.map((t) => liwc.records[t.index]!),
  );
  console.log(
    formatAgreement(
      agreement,
      `Agreement with ${liwcPath}: ${texts.length} texts` + (skipped > 0 ? ` (${skipped} rows with a blank text skipped)` : '') +
        `, dictionary ${dictionary.name}, emoji units ${emojiUnits}`,
    ),
  );
  return 0;
}

export const command: Command = {
  summary: 'LIWC-style features (WC, WPS, pronouns, punctuation, emoji, affect) of the texts of a CSV file.',
  usage,
  async run(args) {
    const { values } = parseOptions(args, {
      data: { type: 'string' },
      text: { type: 'string' },
      id: { type: 'string', multiple: true },
      dic: { type: 'string' },
      out: { type: 'string' },
      units: { type: 'string' },
      digits: { type: 'string' },
      emoji: { type: 'string' },
      phrases: { type: 'string' },
      jobs: { type: 'string' },
      'compare-liwc': { type: 'string' },
      responses: { type: 'string' },
      encoding: { type: 'string' },
    });
    if (values['compare-liwc'] !== undefined) return compareMode(values);

    const dataPath = required(values.data, 'data');
    const textColumn = required(values.text, 'text');
    const idColumns = listOption(values.id);
    if (values.out !== undefined) requireOutputFolder(values.out, 'out');
    const data = readRecords(dataPath, values.encoding);
    requireColumn(dataPath, data.header, textColumn, 'text');
    for (const c of idColumns) requireColumn(dataPath, data.header, c, 'id');

    const digitsRaw = values.digits ?? '2';
    const options: FeatureOptions = {
      dictionary: loadDictionary(values.dic),
      units: choice(values.units, 'units', ['percent', 'count'] as const, 'percent'),
      digits: digitsRaw === 'full' ? undefined : integer(digitsRaw, 'digits', 2, 0),
      emojiUnits: choice<EmojiUnits>(values.emoji, 'emoji', ['sequence', 'liwc22'], 'sequence'),
      phraseCounts: choice<PhraseCounts>(values.phrases, 'phrases', ['words', 'once'], 'words'),
    };
    const jobs = integer(values.jobs, 'jobs', 1, 1);
    const table = await extractFeaturesParallel(
      data.records.map((r) => r[textColumn] ?? ''),
      { ...options, jobs },
    );
    const ids: Record<string, string[]> = {};
    for (const c of idColumns) ids[c] = data.records.map((r) => r[c] ?? '');
    const { columns, records } = featureRecords(table, ids);
    const csv = formatCsv(records, columns);
    if (values.out === undefined) process.stdout.write(csv);
    else {
      writeFileSync(values.out, csv);
      console.error(`wrote ${records.length} rows x ${columns.length} columns to ${values.out} (dictionary ${table.dictionary}, ${table.units})`);
    }
    return 0;
  },
};
