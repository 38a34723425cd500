/**
 * Command-line hygiene, the same in every command: usage errors exit 2 with one line; --ref COL=LEVEL
 * means a factor's reference level everywhere (emmeans' old --ref LEVEL still works, with a deprecation
 * warning, as --control LEVEL); seeds are whole numbers 0 .. 2^32 - 1; a missing output folder is a
 * one-line error; personal-identifier values are never echoed; the model commands agree with each other.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';

const CLEAN = 'tests/reference/messy/data/clean.csv';
const F = 'rating ~ source + wc + (1 | rater) + (1 | post)';

async function usageError(argv: string[], pattern: RegExp) {
  const r = await runCli(argv);
  expect(r.code, `${argv.join(' ')}\n${r.stderr}`).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter(Boolean);
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

describe('usage errors exit 2 with one line, in every command', () => {
  const model = ['--data', CLEAN, '--formula', F];
  it('unknown option', async () => {
    for (const cmd of ['fit', 'emmeans', 'effect-size', 'features', 'data', 'reproduce']) {
      await usageError([cmd, '--frobnicate'], /Unknown option '--frobnicate'/);
    }
  });
  it('extra positional argument', async () => {
    await usageError(['fit', ...model, 'extra.csv'], /unexpected extra argument 'extra\.csv'/);
    await usageError(['emmeans', ...model, '--specs', 'source', 'x'], /unexpected extra argument 'x'/);
    await usageError(['effect-size', ...model, '--specs', 'source', 'x'], /unexpected extra argument 'x'/);
  });
  it('--ref naming a grouping factor or a column not in the formula, or malformed', async () => {
    await usageError(['fit', ...model, '--ref', 'rater=r01'], /--ref rater=r01: rater is a grouping factor/);
    await usageError(['emmeans', ...model, '--specs', 'source', '--ref', 'topic=grief'], /--ref topic=grief: topic is not a variable of the formula/);
    await usageError(['fit', ...model, '--ref', '=human'], /--ref expects COL=VALUE/);
    await usageError(['fit', ...model, '--where', 'source'], /--where expects COL=VALUE/);
    await usageError(['fit', ...model, '--where', 'sauce=human'], /--where sauce=\.\.\.: no column sauce/);
  });
  it('malformed values', async () => {
    await usageError(['fit', '--data', CLEAN, '--formula', 'rating ~ source + (1 | rater'], /--formula: /);
    await usageError(['fit', ...model, '--encoding', 'ebcdic'], /--encoding: unknown encoding 'ebcdic'/);
    await usageError(['emmeans', ...model, '--specs', 'source', '--df', 'magic'], /df/);
    await usageError(['emmeans', ...model, '--specs', 'source', '--level', '95'], /--level must be a number between 0 and 1/);
    await usageError(['emmeans', ...model, '--specs', 'source', '--contrast', 'all'], /--contrast must be one of/);
    await usageError(['emmeans', ...model, '--specs', 'topic'], /--specs topic: not a variable of the fixed part/);
    await usageError(['effect-size', ...model, '--specs', 'source', '--replicates', '2.5'], /--replicates must be a whole number >= 0/);
    await usageError(['fit', ...model, '--na', '-99'], /--na.*--na=-XYZ/);
    await usageError(['fit', '--formula', F], /--data is required/);
  });
  it('seeds: whole numbers 0 .. 4294967295, anything else refused (no silent wrap)', async () => {
    const base = ['effect-size', ...model, '--specs', 'source', '--replicates', '0'];
    for (const bad of ['-1', '4294967296', '1.5', '1e3', 'abc', '']) await usageError([...base, `--seed=${bad}`], /--seed must be a whole number from 0 to 4294967295/);
    expect((await runCli([...base, '--seed', '4294967295'])).code).toBe(0);
    expect((await runCli([...base, '--seed', '0'])).code).toBe(0);
  });
});

describe('one spelling per meaning: --ref COL=LEVEL, --control LEVEL', () => {
  const base = ['emmeans', '--data', CLEAN, '--formula', F, '--specs', 'source', '--contrast', 'trt.vs.ctrl', '--json'];
  it('--ref COL=LEVEL sets the reference level in emmeans as in fit', async () => {
    const fit = JSON.parse((await runCli(['fit', '--data', CLEAN, '--formula', F, '--ref', 'source=llama2', '--json'])).stdout);
    expect(fit.fixef.map((r: { term: string }) => r.term)).toEqual(['(Intercept)', 'sourcegpt4', 'sourcehuman', 'wc']);
    const emm = JSON.parse((await runCli([...base, '--ref', 'source=llama2'])).stdout);
    expect(emm.emmeans.rows.map((r: { level: string }) => r.level)).toEqual(['llama2', 'gpt4', 'human']);
  });
  it('--control names the control of trt.vs.ctrl; the old --ref LEVEL still works, with a deprecation warning', async () => {
    const now = await runCli([...base, '--control', 'human']);
    expect(now.code).toBe(0);
    expect(JSON.parse(now.stdout).contrasts.rows.map((r: { contrast: string }) => r.contrast)).toEqual(['gpt4 - human', 'llama2 - human']);
    const old = await runCli([...base, '--ref', 'human']);
    expect(old.code).toBe(0);
    expect(old.stdout).toBe(now.stdout);
    expect(old.stderr).toMatch(/warning: --ref human .* is deprecated .* write --control human/);
    const oldRef = await runCli(['emmeans', '--data', CLEAN, '--formula', F, '--specs', 'source', '--reference', 'source=llama2', '--json']);
    expect(oldRef.stderr).toMatch(/--reference source=llama2 is deprecated: write --ref source=llama2/);
    expect(JSON.parse(oldRef.stdout).emmeans.rows[0].level).toBe('llama2');
    await usageError([...base, '--control', 'robot'], /--control robot: not a level of source/);
  });
});

describe('encodings', () => {
  it('features: a latin-1 file is refused as UTF-8 (row named) and read correctly with --encoding latin1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-latin1-'));
    const csv = join(dir, 'texts.csv');
    writeFileSync(csv, Buffer.concat([Buffer.from('id,text\n1,I hear you.\n2,"'), Buffer.from('Très bien, ça va être dur, je sais.', 'latin1'), Buffer.from('"\n')]));
    const bad = await runCli(['features', '--data', csv, '--text', 'text']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/texts\.csv, row 3: byte 0xE8 is not valid UTF-8.*--encoding latin1/);
    const good = await runCli(['features', '--data', csv, '--text', 'text', '--id', 'id', '--encoding', 'latin1', '--digits', 'full']);
    expect(good.code, good.stderr).toBe(0);
    const [header, , row2] = good.stdout.trim().split('\n');
    const cols = header!.split(',');
    // "Très bien, ça va être dur, je sais." is 8 words: no word broken at a replacement character
    expect(Number(row2!.split(',')[cols.indexOf('WC')])).toBe(8);
  });
});

describe('files and personal data', () => {
  it('writing into a folder that does not exist: one line, no ENOENT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-out-'));
    const csv = join(dir, 'texts.csv');
    writeFileSync(csv, 'id,text\n1,I hear you.\n');
    const r = await runCli(['features', '--data', csv, '--text', 'text', '--out', join(dir, 'no', 'such', 'out.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--out .*out\.csv: the folder .*no\/such does not exist/);
    expect(r.stderr).not.toMatch(/ENOENT/);
  });
  it('an error never echoes a value from a column named like a personal id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-pid-'));
    const csv = join(dir, 'ratings.csv');
    const rows = ['rating,source,participant_id,post'];
    for (let i = 0; i < 40; i++) rows.push(`${1 + (i % 5)},${i % 2 ? 'human' : 'gpt4'},${i === 7 ? 'SECRET-ID-77' : 1000 + (i % 8)},${i % 10}`);
    writeFileSync(csv, `${rows.join('\n')}\n`);
    const r = await runCli(['fit', '--data', csv, '--formula', 'rating ~ source + participant_id + (1 | post)']);
    const text = r.stdout + r.stderr;
    expect(text).not.toContain('SECRET-ID-77');
    expect(text).toMatch(/value withheld: personal identifier column/);
  });
});
