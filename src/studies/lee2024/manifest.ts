/**
 * The released data of Lee, Suh, Zhan, Li & Ong (2024): where each file lives at the origin (pinned commit),
 * its sha256 and size there, the shape to check for the local copies without personal identifiers, and the
 * wide layout of each ratings file.
 *
 * The origin repository has no licence, so the files are never committed: they are downloaded (and checked
 * against `sha256`) or copied from a local folder into the ignored cache data/cache/lee2024/. The local
 * development copy of the three ratings files has the raters' Prolific IDs removed, so its bytes differ from
 * the origin: those files (`personalIds: true`) are checked by `shape` instead when copied.
 */
import { manifestFile as findFile, type DatasetManifest, type ManifestFile } from '../../data/manifest';

/** Design of one wide ratings file: which study/group and which posts and (raw) source names it covers. */
export interface WideDesign {
  study: number;
  group: number;
  /** Posts rated in this file (numbers as in the column names). */
  posts: readonly number[];
  /** Source names as they appear in the column names. */
  rawSources: readonly string[];
}

/** The manifest type of this data set (files carry their wide design). */
export type Lee2024Manifest = DatasetManifest<WideDesign>;

/** The rating columns of a wide file: s{post}_{source}_{app|emp}. */
export const RATING_COLUMN = /^s\d+_[A-Za-z0-9]+_(app|emp)$/;
const ratingColumns = (count: number) => ({ pattern: RATING_COLUMN, count, what: 'rating columns s{post}_{source}_{app|emp}' });

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const STUDY1_SOURCES = ['human', 'gptbase', 'gpthigh', 'gptlow', 'llama', 'mistral'] as const;
const STUDY2_SOURCES = ['gpt4', 'llama', 'mistral'] as const;
const DEMOGRAPHICS = ['age', 'gender', 'native language', 'english', 'hispanic', 'income', 'education'] as const;

/** Maps the source names of the ratings and responses files to the canonical ones. */
export const LEE2024_SOURCE_NAMES: Readonly<Record<string, string>> = {
  // ratings files (column names s{post}_{source}_{app|emp})
  human: 'human',
  gptbase: 'gpt4',
  gpthigh: 'gpt4_high',
  gptlow: 'gpt4_low',
  llama: 'llama2',
  mistral: 'mistral',
  gpt4: 'gpt4',
  // responses files (column names)
  gpt_base: 'gpt4',
  gpt_high: 'gpt4_high',
  gpt_low: 'gpt4_low',
  llama_base: 'llama2',
  mistral_base: 'mistral',
};

/** Order of the six responses of a post in the Study 1 LIWC-22 file (used for its rows with a blank ColumnID). */
export const STUDY1_LIWC_SOURCE_ORDER = ['human', 'gpt_base', 'llama_base', 'mistral_base', 'gpt_low', 'gpt_high'] as const;

/** Demographic columns of the ratings files (kept in the raters table, not ratings). */
export const LEE2024_DEMOGRAPHICS: readonly string[] = DEMOGRAPHICS;

/** The released files at commit 90d72ed of yoonlee78/LLM_empathy_social_support. */
export const LEE2024_MANIFEST: Lee2024Manifest = {
  dataset: 'lee2024',
  origin: {
    repository: 'yoonlee78/LLM_empathy_social_support',
    commit: '90d72edb168f500ee3b2a3c62b6ce630e3c4bc4e',
    rawBaseUrl: 'https://raw.githubusercontent.com/yoonlee78/LLM_empathy_social_support',
  },
  files: [
    {
      name: 'study1_post_resp.csv',
      originPath: 'data/experiment/study1/study1_post_resp.csv',
      sha256: 'df362dd743f4cdfd69f838c0e9dbdeee4307d469384280e1ff1928e3604cd11a',
      bytes: 82136,
      kind: 'responses',
    },
    {
      name: 'study2_post_resp.csv',
      originPath: 'data/experiment/study2/study2_post_resp.csv',
      sha256: '7e86be23b1bc1e10bd3187a40a14a6cc881bbcbea6fecf94057fb08c45679fbc',
      bytes: 481958,
      kind: 'responses',
    },
    {
      name: 'study1a_group1_cleaned.csv',
      originPath: 'data/ratings/study1a_group1_cleaned.csv',
      sha256: '129236c865f78f7b87e4d49d2e37dfa93d77a4a00a4a4ee7a22522874f1db222',
      bytes: 22419,
      kind: 'ratings',
      personalIds: true,
      shape: { rows: 96, columns: 93, patternColumns: ratingColumns(84), required: ['GroupID', 'SubjectNum', ...DEMOGRAPHICS] },
      design: { study: 1, group: 1, posts: range(1, 7), rawSources: STUDY1_SOURCES },
    },
    {
      name: 'study1a_group2_cleaned.csv',
      originPath: 'data/ratings/study1a_group2_cleaned.csv',
      sha256: 'd3886d6877bb4dd0f442a2bc435452d5f9d276db6fbf914b930ae93f89d0ce5f',
      bytes: 25238,
      kind: 'ratings',
      personalIds: true,
      shape: { rows: 97, columns: 105, patternColumns: ratingColumns(96), required: ['GroupID', 'SubjectNum', ...DEMOGRAPHICS] },
      design: { study: 1, group: 2, posts: range(8, 15), rawSources: STUDY1_SOURCES },
    },
    {
      name: 'study2_cleaned.csv',
      originPath: 'data/ratings/study2_cleaned.csv',
      sha256: '7cbcb90574722b3536a26a0a465ab73e42cea04654101ba0737143e4dd96a524',
      bytes: 205590,
      kind: 'ratings',
      personalIds: true,
      shape: { rows: 202, columns: 732, patternColumns: ratingColumns(720), required: ['SubjectNum', ...DEMOGRAPHICS] },
      design: { study: 2, group: 1, posts: range(1, 120), rawSources: STUDY2_SOURCES },
    },
    {
      name: 'study1_liwc22_results.csv',
      originPath: 'results/LIWC/LIWC results/all_data/all_study1b_LIWC-22 Results.csv',
      sha256: '4820bedc2159448a3fe672ca05f072f74a9897bfa0b46a7a80a66924dbb805ca',
      bytes: 225209,
      kind: 'liwc',
    },
    {
      name: 'study2_liwc22_results.csv',
      originPath: 'results/LIWC/LIWC results/all_data/all_study2_LIWC-22 Results.csv',
      sha256: 'f19c5206271c85287e559527a3afa99bed6a20f29b3f432e41d97bd3f43aba8e',
      bytes: 838294,
      kind: 'liwc',
    },
    {
      name: 'prompts.md',
      originPath: 'prompt/prompts.md',
      sha256: 'e9735220e552fd8353720030a45c43a5e26cf78a378ac2c354c9430887b5bd7e',
      bytes: 2269,
      kind: 'text',
    },
  ],
};


/** The manifest entry named `name` (default manifest: this data set's); throws if there is none. */
export function manifestFile(name: string, manifest: Lee2024Manifest = LEE2024_MANIFEST): ManifestFile<WideDesign> {
  return findFile(name, manifest);
}
