import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { command } from '../../src/cli/commands/features';
import { PUNCTUATION_COLUMNS, extractFeatures, extractFeaturesParallel, featuresFrame, openDictionary, parseDic, readDic, roundHalfAway, textFeatures } from '../../src/features';
import { study1LiwcTexts } from '../../src/studies/lee2024/index';
import { projectRoot } from '../../src/util/paths';
import { readLee2024Csv } from './lee2024-files';

describe('extractFeatures', () => {
  const t = extractFeatures(['I love this!', 'We are here. Really?', '', null]);

  it('has LIWC-22 column order: summary, dictionary categories, punctuation, Emoji', () => {
    const cats = openDictionary().categories.map((c) => c.name);
    expect(t.columns).toEqual(['WC', 'WPS', 'BigWords', 'Dic', ...cats, ...PUNCTUATION_COLUMNS, 'Emoji']);
    expect(t.dictionary).toBe('open-en');
  });

  it('gives percentages of WC (hand-counted)', () => {
    const r = t.rows[0]!; // 3 words: i (ppron), love (emo_pos), this (ipron); one "!"
    expect(r.WC).toBe(3);
    expect(r.WPS).toBe(3);
    expect(r.i).toBeCloseTo(100 / 3, 12);
    expect(r.emo_pos).toBeCloseTo(100 / 3, 12);
    expect(r.ipron).toBeCloseTo(100 / 3, 12);
    expect(r.pronoun).toBeCloseTo(200 / 3, 12);
    expect(r.Dic).toBeCloseTo(100, 12);
    expect(r.Exclam).toBeCloseTo(100 / 3, 12);
    const s = t.rows[1]!; // we are here. really? -> 4 words, 2 sentences
    expect([s.WC, s.WPS, s.we, s.auxverb, s.Period, s.QMark, s.AllPunc]).toEqual([4, 2, 25, 25, 25, 25, 50]);
  });

  it('gives zeros for empty and missing texts', () => {
    for (const r of [t.rows[2]!, t.rows[3]!]) for (const c of t.columns) expect(r[c], c).toBe(0);
  });

  it("gives counts with units 'count' and rounds like LIWC-22 with digits", () => {
    const c = extractFeatures(['I love this!'], { units: 'count' }).rows[0]!;
    expect([c.WC, c.i, c.pronoun, c.Exclam, c.BigWords]).toEqual([3, 1, 2, 1, 0]);
    expect(textFeatures('I love this!', { digits: 2 }).i).toBe(33.33);
    expect(roundHalfAway(16.625, 2)).toBe(16.63);
    expect(roundHalfAway(0.125, 2)).toBe(0.13);
    expect(roundHalfAway(2 / 3, 2)).toBe(0.67);
  });

  it("uses a user's dictionary, and refuses a category named like a computed column", () => {
    const d = readDic(join(__dirname, 'fixtures', 'overlap.dic'));
    const u = extractFeatures(['Thank you so much, careful!'], { dictionary: d, units: 'count' });
    expect(u.columns.slice(4, 12)).toEqual(['care', 'careful', 'carefu', 'car', 'ca', 'phrase', 'longphrase', 'kind']);
    expect([u.rows[0]!.longphrase, u.rows[0]!.careful, u.rows[0]!.Dic]).toEqual([4, 1, 5]);
    expect(() => extractFeatures(['x'], { dictionary: parseDic('%\n1\tEmoji\n%\nx\t1\n', 'bad.dic') })).toThrow(/category named 'Emoji'/);
  });
});

describe('featuresFrame', () => {
  it('builds a danfojs DataFrame with the id columns first', () => {
    const t = extractFeatures(['Hi there!', 'Bye.']);
    const df = featuresFrame(t, { id: ['a', 'b'], post: [1, 2] });
    expect(df.shape).toEqual([2, t.columns.length + 2]);
    expect(df.columns.slice(0, 4)).toEqual(['id', 'post', 'WC', 'WPS']);
    expect(df.column('WC').values).toEqual([2, 1]);
    expect(() => featuresFrame(t, { id: ['a'] })).toThrow(/1 values for 2 rows/);
  });
});

describe('extractFeaturesParallel', () => {
  it('gives the same rows as extractFeatures, in input order, on 2 worker threads', async () => {
    const texts = study1LiwcTexts(readLee2024Csv('study1_liwc22_results.csv')).map((x) => x.text);
    const many = Array.from({ length: 300 }, (_, i) => `${texts[i % texts.length]} ${i}`);
    const seq = extractFeatures(many, { emojiUnits: 'liwc22' });
    const par = await extractFeaturesParallel(many, { jobs: 2, chunkChars: 20_000, emojiUnits: 'liwc22' });
    expect(par.columns).toEqual(seq.columns);
    expect(par.rows).toEqual(seq.rows);
  });

  it('gives the same rows for well-formed texts (sent as UTF-8) and texts with a lone surrogate (sent as strings)', async () => {
    const texts = ['Sending love \u2764\uFE0F and hugs 🤗!', 'broken \uD83D half an emoji, you?', 'ok \uDE00 tail', 'We’re fine. Thanks!'];
    const par = await extractFeaturesParallel(texts, { jobs: 2, chunkChars: 1 });
    expect(par.rows).toEqual(extractFeatures(texts).rows);
  });

  it('runs concurrent calls one after another on the kept workers, each with its own dictionary', async () => {
    const texts = Array.from({ length: 40 }, (_, i) => `I care and we hope ${i}. You?`);
    const custom = parseDic('%\n1\tcaring\n%\ncar*\t1\nhope\t1\n');
    const [a, b] = await Promise.all([
      extractFeaturesParallel(texts, { jobs: 2, chunkChars: 50 }),
      extractFeaturesParallel(texts, { jobs: 2, chunkChars: 50, dictionary: custom }),
    ]);
    expect(a.rows).toEqual(extractFeatures(texts).rows);
    expect(b.rows).toEqual(extractFeatures(texts, { dictionary: custom }).rows);
    expect(b.rows[0]!.caring).toBeCloseTo((100 * 2) / 7, 12);
  });

  it('kept workers do not keep the process alive', () => {
    const code = `import { extractFeaturesParallel } from './src/features/index.ts';
      const t = await extractFeaturesParallel(['I am here.', 'You are there!', 'We are.'], { jobs: 2, chunkChars: 1 });
      console.log(t.rows.map((r) => r.WC).join(','));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: projectRoot(), encoding: 'utf8', timeout: 60_000 });
    expect(r.error, 'the process did not end by itself').toBeUndefined();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('3,3,2');
  });

  it('also works when the workers load the TypeScript through tsx (no esbuild bundle)', async () => {
    const texts = ['I love this! 😊', 'We are here. Really?', '', "You’re kind-hearted, i.e. great."];
    const par = await extractFeaturesParallel(texts, { jobs: 2, chunkChars: 10, workerLoader: 'tsx' });
    expect(par.rows).toEqual(extractFeatures(texts).rows);
  });
});

describe('CLI: empathy-lab features', () => {
  const dir = mkdtempSync(join(tmpdir(), 'features-cli-'));
  const data = join(dir, 'texts.csv');
  writeFileSync(data, '\uFEFFpost,source,response\n1,a,"I love this! 😊"\n2,b,"We\'re here,\nreally?"\n');

  it('writes one row per text: id columns, then WC, WPS, ... Emoji (2 decimals)', async () => {
    const out = join(dir, 'out.csv');
    expect(await command.run(['--data', data, '--text', 'response', '--id', 'post,source', '--out', out])).toBe(0);
    const rows = parse(readFileSync(out), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!).slice(0, 6)).toEqual(['post', 'source', 'WC', 'WPS', 'BigWords', 'Dic']);
    expect(Object.keys(rows[0]!).at(-1)).toBe('Emoji');
    expect(rows.map((r) => [r.post, r.WC, r.i, r.Emoji, r.we, r.QMark])).toEqual([
      ['1', '3', '33.33', '33.33', '0', '0'],
      ['2', '3', '0', '0', '33.33', '33.33'],
    ]);
  });

  it('names the file and column when a column is missing, and the option when a value is bad', async () => {
    await expect(command.run(['--data', data, '--text', 'nope'])).rejects.toThrow(/texts\.csv.*nope|nope.*texts\.csv/s);
    await expect(command.run(['--data', data, '--text', 'response', '--units', 'bytes'])).rejects.toThrow(/--units must be one of percent, count/);
    await expect(command.run(['--text', 'response'])).rejects.toThrow(/--data is required/);
  });
});
