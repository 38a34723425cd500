/**
 * `empathy-lab data <fetch|tidy|report|status>`: acquire the Lee et al. (2024) files into the ignored cache,
 * write the tidy long CSVs, print the load reports, check the cache.
 */
import { writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import type { Command } from '../main';
import { parseOptions, requireOutputFolder, UsageError } from '../args';
import { type Provenance } from '../../data/index';
import { checkLee2024Cache, copyLee2024, downloadLee2024, ensureLee2024, loadLee2024Ratings, loadLee2024Responses, writeTidyLee2024 } from '../../studies/lee2024/index';
import { displayPath } from '../../data/errors';
import { cacheDir } from '../../util/paths';

const usage = `Usage: empathy-lab data <subcommand> [options]

Subcommands:
  fetch              Download the eight Lee et al. (2024) files from the origin's pinned commit
                     (github.com/yoonlee78/LLM_empathy_social_support @ 90d72ed), verify each sha256,
                     and store them in the ignored cache data/cache/lee2024/.
  fetch --from DIR   Copy them from a local folder instead (CI: ../shared/data/lee2024); files that
                     differ from the origin only by the removed Prolific-ID column are shape-checked.
                     Either way the files are staged beside the cache, checked (checksums or shape,
                     then content: every rating on the 1-5 scale, no duplicate, every file loads) and
                     only then swapped in: a failed fetch leaves the previous cache as it was.
  tidy [--out DIR]   Write the tidy long ratings CSVs (columns study, group, rater, rater_raw, post,
                     domain, source, measure, rating; no personal identifiers): ratings_long.csv,
                     study{1,2}_{empathy,appropriateness}.csv. Default DIR: data/cache/lee2024/tidy/.
                     Fills the cache first if needed (see ensureLee2024).
  report [--html F]  Print the load reports (ratings of Study 1 and Study 2, responses); --html also
                     writes them as HTML to F.
  status             Check the cache against its provenance.json (sizes, sha256) and its content
                     (the same checks as fetch). Exit status 1 when it is not usable.

Errors name the file, row and column. Environment: EMPATHY_LAB_DATA_FROM=DIR makes tidy/report copy
from DIR when the cache is incomplete.`;

function printProvenance(p: Provenance, dest: string): void {
  const from = p.source.kind === 'download' ? `downloaded from ${p.source.baseUrl}` : `copied from ${p.source.dir}`;
  console.log(`${p.files.length} files ${from} (origin commit ${p.origin.commit.slice(0, 7)}) into ${displayPath(dest)}`);
  for (const f of p.files) {
    const check = f.check === 'sha256' ? 'sha256 = origin' : 'shape ok (copy without personal identifiers)';
    const removed = f.removedColumns.length > 0 ? `; dropped column ${f.removedColumns.join(', ')} (personal identifier)` : '';
    console.log(`  ${f.name.padEnd(28)} ${f.bytes.toLocaleString('en-US').padStart(9)} bytes  ${check}${removed}`);
  }
}

async function fetchCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { from: { type: 'string' } });
  const dest = cacheDir('lee2024');
  const log = (m: string): void => console.log(m);
  const prov = values.from !== undefined ? await copyLee2024(values.from, { dest }) : await downloadLee2024({ dest, log });
  printProvenance(prov, dest);
  return 0;
}

async function tidyCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { out: { type: 'string' } });
  const dir = await ensureLee2024({ log: (m) => console.log(m) });
  const out = values.out !== undefined ? resolve(values.out) : join(dir, 'tidy');
  const { records, report } = loadLee2024Ratings({ dir });
  console.log(report.toText());
  for (const f of writeTidyLee2024(records, out)) console.log(`wrote ${displayPath(f.path)} (${f.rows.toLocaleString('en-US')} rows)`);
  return 0;
}

async function reportCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { html: { type: 'string' } });
  const dir = await ensureLee2024({ log: (m) => console.log(m) });
  const reports = [loadLee2024Ratings({ dir, study: 1 }).report, loadLee2024Ratings({ dir, study: 2 }).report, loadLee2024Responses({ dir }).report];
  console.log(reports.map((r) => r.toText()).join('\n\n'));
  if (values.html !== undefined) {
    requireOutputFolder(values.html, 'html');
    writeFileSync(values.html, `<!doctype html><meta charset="utf-8"><title>Load reports</title>\n${reports.map((r) => r.toHtml()).join('\n<br>\n')}\n`);
    console.log(`wrote ${values.html}`);
  }
  return 0;
}

async function statusCommand(args: string[]): Promise<number> {
  parseOptions(args, {});
  const dest = cacheDir('lee2024');
  const status = checkLee2024Cache(dest, undefined, { content: true });
  if (status.ok && status.provenance) {
    printProvenance(status.provenance, dest);
    console.log('cache complete and valid (checksums and content: every file loads, every rating on its scale)');
    return 0;
  }
  console.log(`cache ${displayPath(dest)} is not usable:\n  ${status.problems.join('\n  ')}\nRun \`npx empathy-lab data fetch\` (or fetch --from DIR).`);
  return 1;
}

export const command: Command = {
  summary: 'Fetch the Lee et al. (2024) data into the cache, write tidy CSVs, print load reports.',
  usage,
  async run(args) {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'fetch':
        return fetchCommand(rest);
      case 'tidy':
        return tidyCommand(rest);
      case 'report':
        return reportCommand(rest);
      case 'status':
        return statusCommand(rest);
      case undefined:
        console.error(usage);
        return 2;
      default:
        throw new UsageError(sub.startsWith('-') ? `Unknown option '${sub}' (give a subcommand first: fetch, tidy, report or status)` : `unknown subcommand '${sub}' (fetch, tidy, report or status)`);
    }
  },
};
