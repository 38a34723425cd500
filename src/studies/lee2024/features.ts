/**
 * The texts behind the Study 1 LIWC-22 output of Lee et al. (2024) (study1_liwc22_results.csv).
 *
 * 72 of its 90 rows keep the scored text in their Text column. The other 18 (posts 1, 5 and 6) have a
 * blank Text and ColumnID; their texts are the responses of study1_post_resp.csv in the order in which
 * every other post's rows appear: human, gpt_base, llama_base, mistral_base, gpt_low, gpt_high. (With that
 * order our WC, WPS and punctuation equal LIWC-22's on all 18, which confirms it. The response file was
 * edited slightly after LIWC ran: e.g. post 15's human response differs by a few words from its Text.)
 */

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
