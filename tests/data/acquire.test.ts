/**
 * Acquisition: download from a local HTTP server on 127.0.0.1 serving origin-like fixture files (manifest
 * checksums set to those fixtures), copy from a local folder with shape checks, cache validation, and the
 * source order of ensureLee2024.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DataError, originUrl, PROVENANCE_FILE } from '../../src/data/index';
import { checkLee2024Cache, copyLee2024, downloadLee2024, ensureLee2024, LEE2024_MANIFEST, loadLee2024Ratings, sharedDataDir, type Lee2024Manifest } from '../../src/studies/lee2024/index';
import { sha256 } from '../../src/data/acquire';
import { CACHE, cleanupTemp, originLikeFolder, startServer, tempDir, type Behaviour } from './helpers';

let fixture: { dir: string; ids: string[] };
let manifest: Lee2024Manifest;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  fixture = originLikeFolder();
  // the fixture's ratings files differ from the real origin (fake ids): a manifest whose checksums match them
  manifest = {
    ...LEE2024_MANIFEST,
    files: LEE2024_MANIFEST.files.map((f) => {
      const bytes = readFileSync(join(fixture.dir, f.name));
      return { ...f, sha256: sha256(bytes), bytes: bytes.length };
    }),
  };
  const files = new Map<string, Buffer>();
  for (const f of manifest.files) files.set(`${manifest.origin.commit}/${f.originPath}`, readFileSync(join(fixture.dir, f.name)));
  server = await startServer(files);
});
afterAll(async () => {
  await server.close();
  cleanupTemp();
});
afterEach(() => server.behaviour.clear());

async function rejects(p: Promise<unknown>): Promise<DataError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
}
const leftovers = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.includes('.tmp-')) : []);
const pathOf = (name: string) => `${manifest.origin.commit}/${manifest.files.find((f) => f.name === name)!.originPath}`;

describe('manifest', () => {
  it('builds the raw GitHub URL of the pinned commit with spaces encoded', () => {
    const liwc = LEE2024_MANIFEST.files.find((f) => f.name === 'study1_liwc22_results.csv')!;
    expect(originUrl(LEE2024_MANIFEST, liwc)).toBe(
      'https://raw.githubusercontent.com/yoonlee78/LLM_empathy_social_support/90d72edb168f500ee3b2a3c62b6ce630e3c4bc4e/results/LIWC/LIWC%20results/all_data/all_study1b_LIWC-22%20Results.csv',
    );
  });

  it('pins the Study 2 LIWC-22 output (the eighth file) with its sha256 and size; its URL encodes the spaces', () => {
    const liwc2 = LEE2024_MANIFEST.files.find((f) => f.name === 'study2_liwc22_results.csv')!;
    expect([liwc2.kind, liwc2.sha256, liwc2.bytes]).toEqual(['liwc', 'f19c5206271c85287e559527a3afa99bed6a20f29b3f432e41d97bd3f43aba8e', 838294]);
    expect(originUrl(LEE2024_MANIFEST, liwc2)).toBe(
      'https://raw.githubusercontent.com/yoonlee78/LLM_empathy_social_support/90d72edb168f500ee3b2a3c62b6ce630e3c4bc4e/results/LIWC/LIWC%20results/all_data/all_study2_LIWC-22%20Results.csv',
    );
    expect(LEE2024_MANIFEST.files).toHaveLength(8);
  });

  it('matches the local copies of the five files that equal the origin', () => {
    for (const f of LEE2024_MANIFEST.files.filter((x) => !x.personalIds)) {
      const bytes = readFileSync(join(sharedDataDir(), f.name));
      expect([f.name, sha256(bytes), bytes.length]).toEqual([f.name, f.sha256, f.bytes]);
    }
  });
});

describe('downloadLee2024', () => {
  it('downloads, verifies, strips the Prolific column and records provenance', async () => {
    const dest = tempDir();
    const log: string[] = [];
    const prov = await downloadLee2024({ dest, manifest, baseUrl: server.baseUrl, log: (m) => log.push(m) });
    expect(prov.source).toEqual({ kind: 'download', baseUrl: server.baseUrl });
    expect(server.requested).toContain(`${manifest.origin.commit}/results/LIWC/LIWC%20results/all_data/all_study1b_LIWC-22%20Results.csv`);
    expect(server.requested).toContain(`${manifest.origin.commit}/results/LIWC/LIWC%20results/all_data/all_study2_LIWC-22%20Results.csv`);
    expect(prov.files.map((f) => f.check)).toEqual(Array(8).fill('sha256'));
    for (const f of prov.files) {
      const cached = readFileSync(join(dest, f.name));
      expect(sha256(cached)).toBe(f.cachedSha256);
      if (f.removedColumns.length === 0) expect(f.cachedSha256).toBe(f.originSha256);
    }
    const text = prov.files.map((f) => readFileSync(join(dest, f.name), 'utf8')).join('');
    expect(fixture.ids.filter((id) => text.includes(id))).toEqual([]);
    const provText = readFileSync(join(dest, PROVENANCE_FILE), 'utf8');
    expect(fixture.ids.filter((id) => provText.includes(id))).toEqual([]);
    expect(checkLee2024Cache(dest, manifest).ok).toBe(true);
    expect(leftovers(dest)).toEqual([]);
    expect(log.filter((l) => l.includes('sha256 ok'))).toHaveLength(8);
    // the downloaded cache loads to the same table as the development cache
    expect(loadLee2024Ratings({ dir: dest }).records).toEqual(loadLee2024Ratings({ dir: CACHE }).records);
  }, 60_000);

  const broken: [Behaviour, string, RegExp][] = [
    ['corrupt', 'CHECKSUM', /^study2_cleaned\.csv: wrong checksum: sha256 [0-9a-f]{64}, expected [0-9a-f]{64}/],
    ['short', 'TRUNCATED', /^study2_cleaned\.csv: truncated: \d+ of \d+ bytes/],
    ['drop', 'TRUNCATED', /^study2_cleaned\.csv: download of http:\/\/127\.0\.0\.1:\d+\/.*study2_cleaned\.csv stopped after \d+ of \d+ bytes/],
    ['missing', 'DOWNLOAD', /^study2_cleaned\.csv: cannot download http:\/\/127\.0\.0\.1:\d+\/.*: HTTP 404/],
  ];
  for (const [how, code, message] of broken) {
    it(`${how} file: ${code}, nothing written for it, no temp file left`, async () => {
      const dest = tempDir();
      server.behaviour.set(pathOf('study2_cleaned.csv'), how);
      const e = await rejects(downloadLee2024({ dest, manifest, baseUrl: server.baseUrl }));
      expect(e.code).toBe(code);
      expect(e.message).toMatch(message);
      expect(existsSync(join(dest, 'study2_cleaned.csv'))).toBe(false);
      expect(existsSync(join(dest, PROVENANCE_FILE))).toBe(false);
      expect(leftovers(dest)).toEqual([]);
      expect(checkLee2024Cache(dest, manifest).ok).toBe(false);
    });
  }

  it('an unreachable server: DOWNLOAD naming the file', async () => {
    const e = await rejects(downloadLee2024({ dest: tempDir(), manifest, baseUrl: 'http://127.0.0.1:9', timeoutMs: 5000 }));
    expect(e.code).toBe('DOWNLOAD');
    expect(e.message).toMatch(/^study1_post_resp\.csv: cannot download http:\/\/127\.0\.0\.1:9\//);
  });
});

describe('copyLee2024 (fetch --from)', () => {
  it('verifies sha256 where the copy equals the origin and the shape of the ratings files', async () => {
    const dest = tempDir();
    const prov = await copyLee2024(sharedDataDir(), { dest });
    expect(Object.fromEntries(prov.files.map((f) => [f.name, f.check]))).toEqual({
      'study1_post_resp.csv': 'sha256',
      'study2_post_resp.csv': 'sha256',
      'study1a_group1_cleaned.csv': 'shape',
      'study1a_group2_cleaned.csv': 'shape',
      'study2_cleaned.csv': 'shape',
      'study1_liwc22_results.csv': 'sha256',
      'study2_liwc22_results.csv': 'sha256',
      'prompts.md': 'sha256',
    });
    expect(checkLee2024Cache(dest).ok).toBe(true);
  });

  /** A copy of the shared folder with one file changed. */
  function folderWith(name: string, edit: (b: Buffer) => Buffer | string): string {
    const dir = tempDir();
    for (const f of LEE2024_MANIFEST.files) copyFileSync(join(sharedDataDir(), f.name), join(dir, f.name));
    writeFileSync(join(dir, name), edit(readFileSync(join(dir, name))));
    return dir;
  }
  const cases: [string, string, (b: Buffer) => Buffer | string, string, RegExp][] = [
    ['truncated ratings file (whole rows)', 'study2_cleaned.csv', (b) => b.toString().split('\n').slice(0, 150).join('\n') + '\n', 'TRUNCATED', /study2_cleaned\.csv: truncated: 149 data rows, expected 202$/],
    ['truncated ratings file (mid-row)', 'study1a_group1_cleaned.csv', (b) => b.subarray(0, 12000), 'FIELD_COUNT', /study1a_group1_cleaned\.csv, row \d+: the record has \d+ fields but the header has 93 \(the file looks truncated\)$/],
    ['truncated responses file', 'study2_post_resp.csv', (b) => b.subarray(0, b.length - 100), 'TRUNCATED', /study2_post_resp\.csv: truncated: 481858 of 481958 bytes/],
    ['changed byte in prompts.md', 'prompts.md', (b) => Buffer.from(b.toString().replace('Prompts', 'Prompt!')), 'CHECKSUM', /prompts\.md: wrong checksum/],
    ['extra column in a ratings file', 'study1a_group2_cleaned.csv', (b) => b.toString().replace(/\n/g, ',0\n'), 'SHAPE', /study1a_group2_cleaned\.csv, row 1: 106 columns \(without personal identifiers\), expected 105$/],
    ['ratings file padded to an implausible size', 'study1a_group1_cleaned.csv', (b) => b.toString().replace(/\n/g, `${' '.repeat(80)}\n`), 'SHAPE', /study1a_group1_cleaned\.csv: \d+ bytes is implausible/],
    ['empty ratings file', 'study2_cleaned.csv', () => '', 'FILE_EMPTY', /study2_cleaned\.csv: the file is empty$/],
  ];
  for (const [what, name, edit, code, message] of cases) {
    it(`${what}: ${code}`, async () => {
      const dest = tempDir();
      const e = await rejects(copyLee2024(folderWith(name, edit), { dest }));
      expect(e.code).toBe(code);
      expect(e.message).toMatch(message);
      expect(existsSync(join(dest, PROVENANCE_FILE))).toBe(false);
    });
  }

  it('missing file or folder: FILE_MISSING naming it', async () => {
    const dir = tempDir();
    for (const f of LEE2024_MANIFEST.files.filter((x) => x.name !== 'study2_cleaned.csv')) copyFileSync(join(sharedDataDir(), f.name), join(dir, f.name));
    const e = await rejects(copyLee2024(dir, { dest: tempDir() }));
    expect(e.code).toBe('FILE_MISSING');
    expect(e.message).toBe(`${join(dir, 'study2_cleaned.csv')}: file not found`);
    expect((await rejects(copyLee2024('/nonexistent/folder', { dest: tempDir() }))).message).toBe('/nonexistent/folder: folder not found');
  });
});

describe('fetch is atomic and checks content', () => {
  /** Every file (and folder) of a directory with its bytes, to compare a cache before and after. */
  const snapshot = (dir: string): Record<string, string> =>
    Object.fromEntries(readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => [join(e.parentPath ?? e.path, e.name), sha256(readFileSync(join(e.parentPath ?? e.path, e.name)))]));
  const siblings = (dest: string) => readdirSync(join(dest, '..')).filter((n) => n.startsWith(`${dest.split('/').pop()}.`));

  /** A copy of the shared folder with study2_cleaned.csv's first rating cell set to `value`. */
  function withRating(value: string): string {
    const dir = tempDir();
    for (const f of LEE2024_MANIFEST.files) copyFileSync(join(sharedDataDir(), f.name), join(dir, f.name));
    const path = join(dir, 'study2_cleaned.csv');
    const lines = readFileSync(path, 'utf8').split('\n');
    const header = lines[0]!.split(',');
    const col = header.findIndex((h) => /^s\d+_[a-z0-9]+_emp$/.test(h));
    const row = lines.findIndex((l, i) => i > 0 && /^\d$/.test(l.split(',')[col] ?? ''));
    const cells = lines[row]!.split(',');
    cells[col] = value;
    lines[row] = cells.join(',');
    writeFileSync(path, lines.join('\n'));
    return dir;
  }

  it('a rating of 9 in a copy without ids: fetch --from refuses it naming file, row and column; the cache is unchanged', async () => {
    const dest = tempDir();
    await copyLee2024(sharedDataDir(), { dest });
    writeFileSync(join(dest, 'tidy-marker.txt'), 'derived file of the previous cache');
    const before = snapshot(dest);
    const e = await rejects(copyLee2024(withRating('9'), { dest }));
    expect(e.code).toBe('OUT_OF_SCALE');
    expect(e.message).toMatch(/study2_cleaned\.csv, row \d+, column s\d+_[a-z0-9]+_emp: rating 9 is not on the declared scale \(1-5, whole numbers\)/);
    expect(snapshot(dest)).toEqual(before);
    expect(siblings(dest)).toEqual([]);
  });

  it('a bad cell in the Study 2 LIWC-22 output: fetch --from refuses it naming file, row and column (the content check reads it)', async () => {
    const dir = tempDir();
    for (const f of LEE2024_MANIFEST.files) copyFileSync(join(sharedDataDir(), f.name), join(dir, f.name));
    const path = join(dir, 'study2_liwc22_results.csv');
    const edited = readFileSync(path, 'utf8').replace(/\n(1,anger,59,"(?:[^"]|"")*",gpt4,"(?:[^"]|"")*",1,)196,/, '\n$1x196,');
    expect(edited).toContain(',1,x196,');
    writeFileSync(path, edited);
    // checksums of the edited file, so that the copy gets past sha256 to the content check
    const bytes = readFileSync(path);
    const edit = { ...LEE2024_MANIFEST, files: LEE2024_MANIFEST.files.map((f) => (f.name === 'study2_liwc22_results.csv' ? { ...f, sha256: sha256(bytes), bytes: bytes.length } : f)) };
    const dest = tempDir();
    const e = await rejects(copyLee2024(dir, { dest, manifest: edit }));
    expect(e.code).toBe('NOT_NUMERIC');
    expect(e.message).toMatch(/study2_liwc22_results\.csv, row 2, column WC: WC 'x196' is not a number$/);
    expect(existsSync(join(dest, PROVENANCE_FILE))).toBe(false);
  });

  it('a download that fails on the fourth file leaves the previous cache byte-identical, no staging folder behind', async () => {
    const dest = tempDir();
    await downloadLee2024({ dest, manifest, baseUrl: server.baseUrl });
    const before = snapshot(dest);
    server.behaviour.set(pathOf('study1a_group2_cleaned.csv'), 'corrupt');
    const e = await rejects(downloadLee2024({ dest, manifest, baseUrl: server.baseUrl }));
    expect(e.code).toBe('CHECKSUM');
    expect(snapshot(dest)).toEqual(before);
    expect(siblings(dest)).toEqual([]);
    expect(checkLee2024Cache(dest, manifest).ok).toBe(true);
  });

  it('a successful fetch replaces the whole cache (derived files of the old one go with it)', async () => {
    const dest = tempDir();
    await copyLee2024(sharedDataDir(), { dest });
    writeFileSync(join(dest, 'stale.txt'), 'x');
    await copyLee2024(sharedDataDir(), { dest });
    expect(existsSync(join(dest, 'stale.txt'))).toBe(false);
    expect(checkLee2024Cache(dest).ok).toBe(true);
    expect(siblings(dest)).toEqual([]);
  });

  it('status runs the same content checks: a cache whose provenance matches but whose content is off is not usable', async () => {
    const dest = tempDir();
    // a validator that accepts anything fills the cache with the bad file; status's content check then finds it
    await copyLee2024(withRating('9'), { dest, validate: () => undefined });
    expect(checkLee2024Cache(dest).ok).toBe(true);
    const status = checkLee2024Cache(dest, undefined, { content: true });
    expect(status.ok).toBe(false);
    expect(status.problems.join('\n')).toMatch(/study2_cleaned\.csv, row \d+, column s\d+_[a-z0-9]+_emp: rating 9 is not on the declared scale/);
  });
});

describe('checkLee2024Cache and ensureLee2024', () => {
  it('notices a changed or missing cached file', async () => {
    const dest = tempDir();
    await copyLee2024(sharedDataDir(), { dest });
    writeFileSync(join(dest, 'prompts.md'), 'changed');
    expect(checkLee2024Cache(dest).problems).toEqual(['prompts.md: 7 bytes, provenance says 2269']);
    writeFileSync(join(dest, 'prompts.md'), readFileSync(join(sharedDataDir(), 'prompts.md')).toString().replace('Prompts', 'Prompt!'));
    expect(checkLee2024Cache(dest).problems).toEqual(['prompts.md: sha256 differs from provenance']);
    expect(checkLee2024Cache(tempDir()).ok).toBe(false);
  });

  it('does nothing when the cache is valid (the source is never read)', async () => {
    const dest = tempDir();
    await copyLee2024(sharedDataDir(), { dest });
    expect(await ensureLee2024({ dest, from: '/nonexistent/folder' })).toBe(dest);
  });

  it('source order: options.from > EMPATHY_LAB_DATA_FROM > ../shared/data/lee2024 > download', async () => {
    const saved = process.env.EMPATHY_LAB_DATA_FROM;
    try {
      const source = async (opts: Parameters<typeof ensureLee2024>[0]) => {
        const dest = tempDir();
        await ensureLee2024({ ...opts, dest });
        return JSON.parse(readFileSync(join(dest, PROVENANCE_FILE), 'utf8')).source as { kind: string; dir?: string };
      };
      process.env.EMPATHY_LAB_DATA_FROM = '/nonexistent/env-folder';
      expect(await source({ from: sharedDataDir() })).toEqual({ kind: 'copy', dir: sharedDataDir() });
      expect((await rejects(ensureLee2024({ dest: tempDir() }))).message).toBe('/nonexistent/env-folder: folder not found');
      process.env.EMPATHY_LAB_DATA_FROM = fixture.dir;
      expect(await source({})).toEqual({ kind: 'copy', dir: fixture.dir });
      delete process.env.EMPATHY_LAB_DATA_FROM;
      expect(await source({})).toEqual({ kind: 'copy', dir: sharedDataDir() });
      expect(await source({ shared: null, manifest, baseUrl: server.baseUrl })).toEqual({ kind: 'download', baseUrl: server.baseUrl });
    } finally {
      if (saved === undefined) delete process.env.EMPATHY_LAB_DATA_FROM;
      else process.env.EMPATHY_LAB_DATA_FROM = saved;
    }
  }, 60_000);
});
