/**
 * The texts behind the LIWC-22 output files of Lee et al. (2024), and our features' agreement with them.
 *
 * The texts behind the Study 1 LIWC-22 output of Lee et al. (2024) (study1_liwc22_results.csv).
 *
 * 72 of its 90 rows keep the scored text in their Text column. The other 18 (posts 1, 5 and 6) have a
 * blank Text and ColumnID; their texts are the responses of study1_post_resp.csv in the order in which
 * every other post's rows appear: human, gpt_base, llama_base, mistral_base, gpt_low, gpt_high. (With that
 * order our WC, WPS and punctuation equal LIWC-22's on all 18, which confirms it. The response file was
 * edited slightly after LIWC ran: e.g. post 15's human response differs by a few words from its Text.)
 */

import { readCsv } from '../../data/csv';
import { DataError } from '../../data/errors';
import { compareWithLiwc, extractFeatures, formatAgreement, openDictionary, type ColumnAgreement } from '../../features/index';
import { STUDY1_LIWC_SOURCE_ORDER } from './manifest';

export { STUDY1_LIWC_SOURCE_ORDER };

/** One row of the LIWC-22 file with its text. */
export interface Study1LiwcText {
  /** 0-based row of the LIWC-22 file (without header). */
  index: number;
  post: string;
  source: string;
  text: string;
  /** 'Text' = the file's own Text column; 'responses' = taken from study1_post_resp.csv by position. */
  origin: 'Text' | 'responses';
}

/**
 * Texts of the LIWC-22 rows. Without `responses` only the rows with a Text are returned; with the rows
 * of study1_post_resp.csv the blank ones are filled in by position (see the module doc).
 */
export function study1LiwcTexts(
  liwcRows: readonly Readonly<Record<string, string>>[],
  responses?: readonly Readonly<Record<string, string>>[],
): Study1LiwcText[] {
  const out: Study1LiwcText[] = [];
  const seen = new Map<string, number>();
  liwcRows.forEach((row, index) => {
    const post = row.post_num ?? '';
    const k = seen.get(post) ?? 0;
    seen.set(post, k + 1);
    const text = row.Text ?? '';
    if (text.trim() !== '') {
      out.push({ index, post, source: row.ColumnID ?? STUDY1_LIWC_SOURCE_ORDER[k] ?? '', text, origin: 'Text' });
      return;
    }
    if (responses === undefined) return;
    const source = STUDY1_LIWC_SOURCE_ORDER[k];
    const resp = responses.find((r) => r.post_num === post);
    if (source === undefined || resp === undefined || resp[source] === undefined) {
      throw new Error(`study1LiwcTexts: no response for LIWC row ${index + 2} (post ${post}, position ${k + 1})`);
    }
    out.push({ index, post, source, text: resp[source]!, origin: 'responses' });
  });
  return out;
}

/**
 * What `npx empathy-lab features --compare-liwc FILE` prints for a LIWC-22 output file of Lee et al. (2024):
 * our open-dictionary features of each row's Text (rows with a blank Text skipped) against LIWC-22's
 * values, per column the exact-match rate and the correlation. Same defaults as the command (open
 * dictionary, one emoji per RGI sequence), so a notebook shows the command's table as it is.
 * @example liwcAgreement('data/cache/lee2024/study2_liwc22_results.csv').text
 */
export function liwcAgreement(path: string): { rows: ColumnAgreement[]; text: string } {
  const table = readCsv(path);
  const records = table.rows.map((r) => Object.fromEntries(table.header.map((h, k) => [h, r.fields[k] ?? ''])) as Record<string, string>);
  if (!table.header.includes('Text')) throw new DataError('COLUMN_MISSING', `no column 'Text'; the columns are: ${table.header.join(', ')}`, { file: path, column: 'Text' });
  const dictionary = openDictionary();
  const texts = records.map((r, index) => ({ index, text: r.Text ?? '' })).filter((t) => t.text.trim() !== '');
  const skipped = records.length - texts.length;
  const ours = extractFeatures(
    texts.map((t) => t.text),
    { dictionary, emojiUnits: 'sequence' },
  );
  const rows = compareWithLiwc(
    ours.rows,
    texts.map((t) => records[t.index]!),
  );
  const title =
    `Agreement with ${path}: ${texts.length} texts` + (skipped > 0 ? ` (${skipped} rows with a blank text skipped)` : '') + `, dictionary ${dictionary.name}, emoji units sequence`;
  return { rows, text: formatAgreement(rows, title) };
}
