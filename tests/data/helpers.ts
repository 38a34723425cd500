/** Shared helpers of the data tests: temp folders, origin-like fixture files, a local HTTP file server. */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../../src/stats/random';
import { cacheDir } from '../../src/util/paths';

/** The data cache filled by tests/setup/data.ts. */
export const CACHE = cacheDir('lee2024');

const made: string[] = [];
/** A fresh temp folder, removed by cleanupTemp(). */
export function tempDir(prefix = 'empathy-lab-data-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}
export function cleanupTemp(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** n distinct Prolific-like ids (24 lowercase hex digits), reproducible from the seed. */
export function fakeProlificIds(n: number, seed = 7): string[] {
  const rng = createRng(seed);
  const ids = new Set<string>();
  while (ids.size < n) ids.add(Array.from({ length: 24 }, () => '0123456789abcdef'[rng.int(16)]).join(''));
  return [...ids];
}

/**
 * Inserts a personal-id column after the first field of every line of a CSV without quoted line breaks
 * (the ratings files: their first field is a plain number), as the origin files hold it.
 */
export function withIdColumn(csv: string, column: string, ids: readonly string[]): string {
  const lines = csv.replace(/\n$/, '').split('\n');
  return `${lines
    .map((line, i) => {
      const cut = line.indexOf(',');
      const value = i === 0 ? column : ids[i - 1]!;
      return `${line.slice(0, cut)},${value}${line.slice(cut)}`;
    })
    .join('\n')}\n`;
}

export const RATINGS_FILES = ['study1a_group1_cleaned.csv', 'study1a_group2_cleaned.csv', 'study2_cleaned.csv'] as const;
export const ID_COLUMN: Record<string, string> = {
  'study1a_group1_cleaned.csv': 'ProlificID',
  'study1a_group2_cleaned.csv': 'ProlificID',
  'study2_cleaned.csv': 'ProlificID - What is your Prolific ID?',
};

/**
 * Writes an origin-like copy of the eight files into a new temp folder: the ratings files get a Prolific-ID
 * column holding fake 24-hex ids (as the origin's do); the other files are copied. Returns the folder and ids.
 */
export function originLikeFolder(): { dir: string; ids: string[] } {
  const dir = tempDir('empathy-lab-origin-');
  const ids: string[] = [];
  let seed = 11;
  for (const name of readdirSync(CACHE)) {
    const path = join(CACHE, name);
    if (!statSync(path).isFile() || name === 'provenance.json') continue;
    if ((RATINGS_FILES as readonly string[]).includes(name)) {
      const text = readFileSync(path, 'utf8');
      const n = text.replace(/\n$/, '').split('\n').length - 1;
      const fileIds = fakeProlificIds(n, seed++);
      ids.push(...fileIds);
      writeFileSync(join(dir, name), withIdColumn(text, ID_COLUMN[name]!, fileIds));
    } else {
      copyFileSync(path, join(dir, name));
    }
  }
  return { dir, ids };
}

/** All files under a folder (recursively). */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** How the local server answers one path. */
export type Behaviour = 'ok' | 'short' | 'drop' | 'corrupt' | 'missing';

/** A file server on 127.0.0.1: GET /<path> answers `files[path]` according to `behaviour[path]`. */
export async function startServer(files: Map<string, Buffer>): Promise<{
  baseUrl: string;
  behaviour: Map<string, Behaviour>;
  requested: string[];
  close(): Promise<void>;
}> {
  const behaviour = new Map<string, Behaviour>();
  const requested: string[] = [];
  const server: Server = createServer((req, res) => {
    const raw = (req.url ?? '/').slice(1);
    requested.push(raw);
    const path = decodeURIComponent(raw);
    const body = files.get(path);
    const how = behaviour.get(path) ?? 'ok';
    if (body === undefined || how === 'missing') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    if (how === 'short') {
      const part = body.subarray(0, Math.floor(body.length / 2));
      res.writeHead(200, { 'content-length': String(part.length) });
      res.end(part);
    } else if (how === 'drop') {
      res.writeHead(200, { 'content-length': String(body.length) });
      res.write(body.subarray(0, Math.floor(body.length / 3)), () => res.destroy());
    } else if (how === 'corrupt') {
      const bad = Buffer.from(body);
      bad[Math.floor(bad.length / 2)] = bad[Math.floor(bad.length / 2)]! ^ 0x01;
      res.writeHead(200, { 'content-length': String(bad.length) });
      res.end(bad);
    } else {
      res.writeHead(200, { 'content-length': String(body.length) });
      res.end(body);
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    behaviour,
    requested,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
