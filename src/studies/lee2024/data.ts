/**
 * Loaders of the Lee et al. (2024) released files (see manifest.ts) into tidy tables.
 *
 * - {@link loadLee2024Ratings}: the three wide ratings files (one row per rater, columns
 *   s{post}_{source}_{app|emp}) -> one record per rating: study, group, rater, rater_raw, post, domain,
 *   source, measure, rating. Empty cells are responses the rater was not shown (counted, not dropped).
 * - {@link loadLee2024Responses}: the *_post_resp.csv files -> one record per response (with the seeker post).
 * - {@link loadLee2024Raters}: the demographics of the ratings files -> one record per rater.
 * - {@link loadLee2024Liwc} (Study 1: {@link loadLee2024Study1Liwc}, Study 2: {@link loadLee2024Study2Liwc}): LIWC-22's
 *   output files -> one record per text (post, source, LIWC-22's columns), through the generic LIWC-output
 *   reader (src/data/liwc.ts), which names file, row and column of a bad cell.
 *
 * Rater coding: `rater` is unique across groups and studies: "s1g{group}-{SubjectNum}" in Study 1 (its
 * SubjectNum restarts at 1 in each group), "s2-{SubjectNum}" in Study 2. `rater_raw` is the SubjectNum as
 * written (the paper's coding). Study 2 has one group, coded 1.
 *
 * Any column named like a Prolific ID is dropped while the CSV is parsed (see csv.ts) and reported as
 * "dropped column ProlificID (personal identifier)". The files are read from the cache (data/cache/lee2024);
 * fill it with `npx empathy-lab data fetch` or `ensureLee2024()`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv, type CsvTable } from '../../data/csv';
import { DataError, displayPath } from '../../data/errors';
import { loadResult } from '../../data/frame';
import { liwcResult, parseLiwcOutput, type LiwcRecord } from '../../data/liwc';
import { LEE2024_DEMOGRAPHICS, LEE2024_MANIFEST, LEE2024_SOURCE_NAMES, STUDY1_LIWC_SOURCE_ORDER, type WideDesign } from './manifest';
import { LoadReport } from '../../data/report';
import {
  CANONICAL_SOURCES,
  RATER_COLUMNS,
  RATING_COLUMNS,
  RESPONSE_COLUMNS,
  type InvalidRatingPolicy,
  type LoadResult,
  type RaterRecord,
  type RatingRecord,
  type RatingScale,
  type ResponseRecord,
} from '../../data/types';
import { DuplicateFinder, readInteger, readRating, requireLevels } from '../../data/validate';
import { cacheDir } from '../../util/paths';

/** The Likert scale of both Lee 2024 questions. */
export const LEE2024_SCALE: RatingScale = { min: 1, max: 5, integer: true };

/** Options of the Lee 2024 loaders. */
export interface Lee2024LoadOptions {
  /** Only this study (default: both). */
  study?: 1 | 2;
  /** Folder holding the eight files (default: the cache, data/cache/lee2024). */
  dir?: string;
  /** Non-numeric or off-scale ratings: 'error' (default) or 'drop' (counted in the report). */
  invalid?: InvalidRatingPolicy;
}

/** Unique rater id: "s1g2-17" for Study 1 (ids restart per group), "s2-17" for single-group studies. */
export function lee2024RaterId(study: number, group: number, subjectNum: string): string {
  return study === 1 ? `s${study}g${group}-${subjectNum}` : `s${study}-${subjectNum}`;
}

const RATING_COLUMN = /^s(\d+)_([A-Za-z0-9]+)_(app|emp)$/;
const MEASURES = { app: 'appropriateness', emp: 'empathy' } as const;
const NOT_RATINGS = [/^attention_check$/i, /^Block Randomizer/i];
const NOT_SHOWN = 'rating cells left empty (response not shown to the rater)';

/** Result of parsing one wide ratings file. */
export interface WideParse {
  ratings: RatingRecord[];
  raters: RaterRecord[];
  report: LoadReport;
}

/**
 * Parses one wide ratings file (already read by readCsv) against its design. `domains` maps post -> domain
 * (from the responses file named `domainsFile`, used in messages). Throws DataError naming file, row and
 * column for: missing SubjectNum or rating columns, unexpected or duplicate rating columns, a GroupID that
 * disagrees with the design, an empty or repeated SubjectNum, a non-numeric or off-scale rating (unless
 * `invalid: 'drop'`), a post without a domain.
 */
export function parseLee2024Wide(
  table: CsvTable,
  design: WideDesign,
  domains: ReadonlyMap<number, string>,
  options: { invalid?: InvalidRatingPolicy; domainsFile?: string } = {},
): WideParse {
  const file = table.file;
  if (table.rows.length === 0) throw new DataError('NO_DATA', 'the file has a header but no data rows', { file });
  const report = new LoadReport(`${displayPath(file)} (Study ${design.study}, group ${design.group})`);
  report.addInput(file, table.rows.length);
  report.addColumns(file, table.droppedColumns, 'dropped', 'personal identifier');
  const h = table.header;

  const subjectCol = h.indexOf('SubjectNum');
  if (subjectCol < 0) throw new DataError('COLUMN_MISSING', 'required column SubjectNum is missing', { file, row: 1, column: 'SubjectNum' });
  const groupCol = h.indexOf('GroupID');

  interface RatingColumn {
    index: number;
    name: string;
    post: number;
    source: string;
    measure: 'empathy' | 'appropriateness';
    domain: string;
  }
  const ratingCols: RatingColumn[] = [];
  const seenCols = new Map<string, number>();
  const demographics: number[] = [];
  const notRatings: string[] = [];
  const unknown: string[] = [];
  h.forEach((name, index) => {
    if (index === subjectCol || index === groupCol) return;
    const m = RATING_COLUMN.exec(name);
    if (m === null) {
      if (LEE2024_DEMOGRAPHICS.includes(name)) demographics.push(index);
      else if (NOT_RATINGS.some((p) => p.test(name))) notRatings.push(name);
      else unknown.push(name);
      return;
    }
    const before = seenCols.get(name);
    if (before !== undefined) {
      throw new DataError('DUPLICATE_COLUMN', `rating column ${name} appears twice (columns ${before + 1} and ${index + 1})`, { file, row: 1, column: name });
    }
    seenCols.set(name, index);
    const post = Number(m[1]);
    const rawSource = m[2]!;
    if (!design.rawSources.includes(rawSource)) {
      throw new DataError('UNKNOWN_COLUMN', `unknown source "${rawSource}" (expected one of ${design.rawSources.join(', ')})`, { file, row: 1, column: name });
    }
    if (!design.posts.includes(post)) {
      throw new DataError('UNKNOWN_COLUMN', `post ${post} is not rated in this file (expected posts ${design.posts[0]}-${design.posts[design.posts.length - 1]})`, {
        file,
        row: 1,
        column: name,
      });
    }
    const domain = domains.get(post);
    if (domain === undefined) {
      throw new DataError('INCONSISTENT', `post ${post} has no row in ${options.domainsFile ?? 'the responses file'} (no domain)`, { file, row: 1, column: name });
    }
    ratingCols.push({ index, name, post, source: LEE2024_SOURCE_NAMES[rawSource] ?? rawSource, measure: MEASURES[m[3] as 'app' | 'emp'], domain });
  });
  const missing: string[] = [];
  for (const post of design.posts) {
    for (const s of design.rawSources) for (const q of ['app', 'emp']) if (!seenCols.has(`s${post}_${s}_${q}`)) missing.push(`s${post}_${s}_${q}`);
  }
  if (missing.length > 0) {
    const more = missing.length > 3 ? ` and ${missing.length - 3} more` : '';
    throw new DataError('COLUMN_MISSING', `rating column${missing.length > 1 ? 's' : ''} ${missing.slice(0, 3).join(', ')}${more} missing`, {
      file,
      row: 1,
      column: missing[0],
    });
  }
  report.addColumns(file, demographics.map((i) => h[i]!), 'ignored', 'demographics: see loadLee2024Raters');
  report.addColumns(file, [...new Set(notRatings)], 'ignored', 'not ratings');
  report.addColumns(file, unknown, 'ignored', 'not recognized');
  if (unknown.length > 0) report.warnings.push(`${displayPath(file)}: ignored unrecognized column(s) ${unknown.join(', ')}`);

  const ratings: RatingRecord[] = [];
  const raters: RaterRecord[] = [];
  const subjects = new DuplicateFinder(file, 'SubjectNum');
  let notShown = 0;
  let halfPairs = 0;
  for (const r of table.rows) {
    const raw = r.fields[subjectCol]!.trim();
    if (raw === '') throw new DataError('MISSING_VALUE', 'SubjectNum is empty', { file, row: r.row, line: r.line, column: 'SubjectNum' });
    subjects.check(raw, raw, { row: r.row, line: r.line, column: 'SubjectNum' });
    if (groupCol >= 0) {
      const g = r.fields[groupCol]!.trim();
      if (g !== String(design.group)) {
        throw new DataError('INCONSISTENT', `GroupID ${JSON.stringify(g)} but this file holds group ${design.group}`, { file, row: r.row, line: r.line, column: 'GroupID' });
      }
    }
    const rater = lee2024RaterId(design.study, design.group, raw);
    const shown = new Map<string, number>();
    for (const c of ratingCols) {
      const cell = readRating(r.fields[c.index]!, LEE2024_SCALE);
      if (cell.kind === 'empty') {
        notShown++;
        continue;
      }
      if (cell.kind === 'invalid') {
        const where = { file, row: r.row, line: r.line, column: c.name };
        if (options.invalid !== 'drop') throw new DataError(cell.code, cell.problem, where);
        report.addDrop(cell.reason, 'cell', `${displayPath(file)} row ${r.row}, column ${c.name}`);
        continue;
      }
      const pair = `${c.post}_${c.source}`;
      shown.set(pair, (shown.get(pair) ?? 0) + 1);
      ratings.push({
        study: design.study,
        group: design.group,
        rater,
        rater_raw: raw,
        post: c.post,
        domain: c.domain,
        source: c.source,
        measure: c.measure,
        rating: cell.value,
      });
    }
    for (const n of shown.values()) if (n === 1) halfPairs++;
    raters.push(raterRecord(design, rater, raw, h, r.fields, demographics));
  }
  report.rowsKept = table.rows.length;
  report.recordsOut = ratings.length;
  report.addNote(NOT_SHOWN, notShown);
  if (table.blankRows.length > 0) report.addNote('blank lines ignored', table.blankRows.length);
  if (halfPairs > 0) report.warnings.push(`${displayPath(file)}: ${halfPairs} responses have only one of the two ratings (empathy, appropriateness)`);
  return { ratings, raters, report };
}

function raterRecord(design: WideDesign, rater: string, raw: string, header: string[], fields: string[], demographics: number[]): RaterRecord {
  const get = (name: string): string => {
    const i = demographics.find((d) => header[d] === name);
    return i === undefined ? '' : fields[i]!.trim();
  };
  const num = (name: string): number | null => {
    const s = get(name);
    const v = Number(s);
    return s === '' || !Number.isFinite(v) ? null : v;
  };
  return {
    study: design.study,
    group: design.group,
    rater,
    rater_raw: raw,
    age: num('age'),
    gender: num('gender'),
    native_language: get('native language'),
    english: num('english'),
    hispanic: num('hispanic'),
    income: num('income'),
    education: num('education'),
  };
}

/** Result of parsing one responses file. */
export interface ResponsesParse {
  responses: ResponseRecord[];
  /** post -> domain. */
  domains: Map<number, string>;
  report: LoadReport;
}

/**
 * Parses a *_post_resp.csv file (one row per post, one column per source's response) into one record per
 * response. Requires post_num, domain, length, seeker_post and at least one known source column; post_num
 * must be a unique whole number. Empty response texts are dropped and counted.
 */
export function parseLee2024Responses(table: CsvTable, study: number): ResponsesParse {
  const file = table.file;
  if (table.rows.length === 0) throw new DataError('NO_DATA', 'the file has a header but no data rows', { file });
  const report = new LoadReport(`${displayPath(file)} (Study ${study} responses)`);
  report.addInput(file, table.rows.length);
  report.addColumns(file, table.droppedColumns, 'dropped', 'personal identifier');
  const h = table.header;
  const col = (name: string): number => {
    const i = h.indexOf(name);
    if (i < 0) throw new DataError('COLUMN_MISSING', `required column ${name} is missing`, { file, row: 1, column: name });
    return i;
  };
  const postCol = col('post_num');
  const domainCol = col('domain');
  const lengthCol = col('length');
  const seekerCol = col('seeker_post');
  const sourceCols = h.map((name, index) => ({ name, index })).filter((c) => c.index !== postCol && c.name in LEE2024_SOURCE_NAMES);
  if (sourceCols.length === 0) {
    throw new DataError('COLUMN_MISSING', 'no response columns (expected e.g. human, gpt_base, gpt4, llama, mistral)', { file, row: 1 });
  }
  const canonical = new Map<string, string>();
  for (const c of sourceCols) {
    const name = LEE2024_SOURCE_NAMES[c.name]!;
    const before = canonical.get(name);
    if (before !== undefined) throw new DataError('DUPLICATE_COLUMN', `columns ${before} and ${c.name} are both source ${name}`, { file, row: 1, column: c.name });
    canonical.set(name, c.name);
  }
  const ignored = h.filter((_, i) => ![postCol, domainCol, lengthCol, seekerCol].includes(i) && !sourceCols.some((c) => c.index === i));
  report.addColumns(file, ignored, 'ignored', 'not recognized');

  const responses: ResponseRecord[] = [];
  const domains = new Map<number, string>();
  const posts = new DuplicateFinder(file, 'post_num');
  for (const r of table.rows) {
    const where = (column: string) => ({ file, row: r.row, line: r.line, column });
    const post = readInteger(r.fields[postCol]!, 'post_num', where('post_num'));
    posts.check(String(post), String(post), where('post_num'));
    const domain = r.fields[domainCol]!.trim();
    if (domain === '') throw new DataError('MISSING_VALUE', 'domain is empty', where('domain'));
    const length = readInteger(r.fields[lengthCol]!, 'length', where('length'));
    const seeker = r.fields[seekerCol]!;
    domains.set(post, domain);
    for (const c of sourceCols) {
      const text = r.fields[c.index]!;
      if (text.trim() === '') {
        report.addDrop('empty response text', 'cell', `${displayPath(file)} row ${r.row}, column ${c.name}`);
        continue;
      }
      responses.push({ study, post, domain, source: LEE2024_SOURCE_NAMES[c.name]!, text, seeker_post: seeker, length });
    }
  }
  report.rowsKept = table.rows.length;
  report.recordsOut = responses.length;
  if (table.blankRows.length > 0) report.addNote('blank lines ignored', table.blankRows.length);
  return { responses, domains, report };
}

const RESPONSES_FILE: Record<1 | 2, string> = { 1: 'study1_post_resp.csv', 2: 'study2_post_resp.csv' };

function studies(options: Lee2024LoadOptions): (1 | 2)[] {
  if (options.study === undefined) return [1, 2];
  if (options.study !== 1 && options.study !== 2) throw new DataError('BAD_OPTION', `study must be 1 or 2 (got ${String(options.study)})`);
  return [options.study];
}

function readLee(dir: string, name: string): CsvTable {
  const path = join(dir, name);
  if (!existsSync(path)) {
    throw new DataError('FILE_MISSING', 'file not found (fill the cache with `npx empathy-lab data fetch` or ensureLee2024())', { file: path });
  }
  return readCsv(path);
}

function readResponses(dir: string, study: 1 | 2): ResponsesParse {
  return parseLee2024Responses(readLee(dir, RESPONSES_FILE[study]), study);
}

function readWide(dir: string, study: 1 | 2, invalid: InvalidRatingPolicy | undefined): { parts: WideParse[]; domains: ResponsesParse } {
  const resp = readResponses(dir, study);
  const parts = LEE2024_MANIFEST.files
    .filter((f) => f.kind === 'ratings' && f.design?.study === study)
    .map((f) => parseLee2024Wide(readLee(dir, f.name), f.design!, resp.domains, { invalid, domainsFile: RESPONSES_FILE[study] }));
  return { parts, domains: resp };
}

/** Distinct sources, canonical ones in the paper's order first. */
function sourceList(rs: readonly { source: string }[]): string {
  const present = new Set(rs.map((r) => r.source));
  const known = CANONICAL_SOURCES.filter((s) => present.has(s));
  return [...known, ...[...present].filter((s) => !(CANONICAL_SOURCES as readonly string[]).includes(s))].join(', ');
}

function countBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return m;
}

/**
 * The tidy ratings table of Study 1, Study 2 or both: one record per (rater, post, source, measure).
 * Expected with the released data: Study 1 8,688 empathy + 8,688 appropriateness ratings from 193 raters;
 * Study 2 6,060 + 6,060 from 202 raters.
 * @example const { records, report } = loadLee2024Ratings({ study: 1 }); console.log(report.toText());
 */
export function loadLee2024Ratings(options: Lee2024LoadOptions = {}): LoadResult<RatingRecord> {
  const dir = options.dir ?? cacheDir('lee2024');
  const records: RatingRecord[] = [];
  const reports: LoadReport[] = [];
  const summary: [string, number | string][] = [];
  for (const study of studies(options)) {
    const { parts } = readWide(dir, study, options.invalid);
    const rs = parts.flatMap((p) => p.ratings);
    const files = parts.map((p) => displayPath(p.report.inputs[0]!.file)).join(', ');
    if (rs.length === 0) throw new DataError('NO_DATA', `Study ${study}: no rating is left after the drops`, { file: files });
    requireLevels(rs.map((r) => r.source), 'source', 's{post}_{source}_{app|emp}', files);
    requireLevels(rs.map((r) => r.post), 'post', 's{post}_{source}_{app|emp}', files);
    requireLevels(rs.map((r) => r.rater), 'rater', 'SubjectNum', files);
    records.push(...rs);
    reports.push(...parts.map((p) => p.report));
    const byMeasure = countBy(rs, (r) => r.measure);
    const perRater = [...countBy(rs, (r) => `${r.rater}\u0000${r.measure}`).values()];
    summary.push(
      [`Study ${study} empathy ratings`, byMeasure.get('empathy') ?? 0],
      [`Study ${study} appropriateness ratings`, byMeasure.get('appropriateness') ?? 0],
      [`Study ${study} raters`, new Set(rs.map((r) => r.rater)).size],
      [`Study ${study} posts`, new Set(rs.map((r) => r.post)).size],
      [`Study ${study} sources`, sourceList(rs)],
      [`Study ${study} ratings per rater and measure`, perRater.length ? `${Math.min(...perRater)}-${Math.max(...perRater)}` : '-'],
    );
  }
  const title = options.study === undefined ? 'Lee et al. (2024) ratings, Studies 1 and 2' : `Lee et al. (2024) ratings, Study ${options.study}`;
  const report = LoadReport.merge(title, reports);
  for (const [label, value] of summary) report.addSummary(label, value);
  return loadResult(records, RATING_COLUMNS, report);
}

/**
 * The responses table: one record per (study, post, source) with the response text, the seeker post and its
 * length. Expected: Study 1 15 posts x 6 sources = 90; Study 2 120 posts x 3 sources = 360.
 */
export function loadLee2024Responses(options: Omit<Lee2024LoadOptions, 'invalid'> = {}): LoadResult<ResponseRecord> {
  const dir = options.dir ?? cacheDir('lee2024');
  const parts = studies(options).map((s) => ({ study: s, parse: readResponses(dir, s) }));
  const records = parts.flatMap((p) => p.parse.responses);
  const report = LoadReport.merge(
    options.study === undefined ? 'Lee et al. (2024) responses, Studies 1 and 2' : `Lee et al. (2024) responses, Study ${options.study}`,
    parts.map((p) => p.parse.report),
  );
  for (const p of parts) {
    report.addSummary(`Study ${p.study} posts`, p.parse.domains.size);
    report.addSummary(`Study ${p.study} responses`, p.parse.responses.length);
    report.addSummary(`Study ${p.study} sources`, sourceList(p.parse.responses));
  }
  return loadResult(records, RESPONSE_COLUMNS, report);
}

/** The raters table (demographics as coded in the ratings files), one record per rater. */
export function loadLee2024Raters(options: Omit<Lee2024LoadOptions, 'invalid'> = {}): LoadResult<RaterRecord> {
  const dir = options.dir ?? cacheDir('lee2024');
  const parts = studies(options).flatMap((s) => readWide(dir, s, 'drop').parts);
  const records = parts.flatMap((p) => p.raters);
  const report = new LoadReport('Lee et al. (2024) raters');
  for (const p of parts) {
    for (const i of p.report.inputs) report.addInput(i.file, i.rows);
    report.rowsKept += p.report.rowsKept;
    for (const c of p.report.columns) if (c.action === 'dropped') report.columns.push(c);
  }
  report.recordsOut = records.length;
  return loadResult(records, RATER_COLUMNS, report);
}

/** The two LIWC-22 files: Study 1 (90 texts, 18 with a blank ColumnID placed by position) and Study 2 (360 texts). */
const LIWC_FILES = {
  1: { name: 'study1_liwc22_results.csv', sources: ['human', 'gpt4', 'llama2', 'mistral', 'gpt4_low', 'gpt4_high'], positionalSources: STUDY1_LIWC_SOURCE_ORDER },
  2: { name: 'study2_liwc22_results.csv', sources: ['gpt4', 'llama2', 'mistral'] },
} as const;

/**
 * LIWC-22's output for the responses of one study of Lee et al. (2024), read by the generic LIWC-output
 * reader (src/data/liwc.ts: numeric cells checked, errors name file, row and column; every post must have
 * one row per source of the study). Sources in canonical names.
 * @example loadLee2024Liwc(2).records.filter((r) => r.source === 'llama2').length // 120
 */
export function loadLee2024Liwc(study: 1 | 2, options: { dir?: string } = {}): LoadResult<LiwcRecord> {
  const spec = LIWC_FILES[study];
  if (spec === undefined) throw new DataError('BAD_OPTION', `study must be 1 or 2 (got ${String(study)})`);
  const table = readLee(options.dir ?? cacheDir('lee2024'), spec.name);
  const parsed = parseLiwcOutput(table, {
    study,
    sourceNames: LEE2024_SOURCE_NAMES,
    sources: spec.sources,
    ...('positionalSources' in spec ? { positionalSources: spec.positionalSources } : {}),
  });
  parsed.report.addSummary('texts per source', [...countBy(parsed.records, (r) => r.source)].map(([s, n]) => `${s} ${n}`).join(', '));
  return liwcResult(parsed.records, parsed.valueColumns, parsed.report);
}

/**
 * LIWC-22's output for the Study 1 responses of Lee et al. (2024), study1_liwc22_results.csv: 90 texts
 * (15 posts x 6 sources), sources in canonical names; the 18 rows with a blank ColumnID are placed by
 * their position (human, gpt_base, llama_base, mistral_base, gpt_low, gpt_high).
 * @example const liwc = loadLee2024Study1Liwc(); liwc.records[0].values.i // percent of words
 */
export function loadLee2024Study1Liwc(options: { dir?: string } = {}): LoadResult<LiwcRecord> {
  return loadLee2024Liwc(1, options);
}

/**
 * LIWC-22's output for the Study 2 responses of Lee et al. (2024), study2_liwc22_results.csv: 360 texts
 * (120 posts x gpt4, llama2, mistral; the file's ColumnID says gpt4, llama, mistral), the file behind the
 * paper's Figure 3 and its Study 2 feature tests.
 * @example loadLee2024Study2Liwc().records[0].values.emo_neg // percent of words
 */
export function loadLee2024Study2Liwc(options: { dir?: string } = {}): LoadResult<LiwcRecord> {
  return loadLee2024Liwc(2, options);
}
