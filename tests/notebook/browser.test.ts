/**
 * `npm run notebook` the way an analyst meets it: start the server with the real CLI command, open
 * notebook 01 in headless Chromium, run all cells, and check that the page shows a table and a
 * drawn figure, that every cell ran, and that nothing was requested from outside the local server
 * (no CDN). Keeps a screenshot in build/artifacts/notebook-01.png.
 *
 * Needs Debian's jupyter-notebook and chromium packages (.ci/run installs them).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, freePort, ROOT, startCli, waitFor } from './helpers';

// The page.evaluate callbacks run in the browser; these declarations type what they use there
// (the project's tsconfig has no DOM lib, on purpose).
interface DomElement {
  textContent: string | null;
  style: Record<string, string>;
  classList: { contains(c: string): boolean };
  querySelector(sel: string): DomElement | null;
}
declare const document: {
  querySelectorAll(sel: string): ArrayLike<DomElement>;
  getElementById(id: string): DomElement | null;
  body: DomElement;
  documentElement: { scrollHeight: number };
};
declare const window: unknown;

const CHROMIUM = '/usr/bin/chromium';
const STUDY_NOTEBOOK = join(ROOT, 'notebooks', '01-study1-ratings.ipynb');
/** Notebook 01 once it exists; until then the fixture with a table and two figures. */
const TARGET = existsSync(STUDY_NOTEBOOK) ? STUDY_NOTEBOOK : join(FIXTURES, 'ok', '01-table-and-figure.ipynb');
const SCREENSHOT = join(ROOT, 'build', 'artifacts', 'notebook-01.png');
const TOKEN = 'empathy-lab-browser-test';

interface PageState {
  codeCells: number;
  prompts: (number | string | null)[];
  tables: number;
  tableRows: number;
  figures: number;
  drawnFigures: number;
  plotSvgs: number;
  notDrawn: string[];
  stderr: string[];
}

describe('npm run notebook in a browser', () => {
  let work = '';
  let server: ReturnType<typeof startCli> | null = null;
  let browser: Browser | null = null;
  let base = '';

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: apt-get install --no-install-recommends chromium (see .ci/run)`);
    // Serve a copy, so the Notebook's autosave cannot write outputs into the repository.
    work = mkdtempSync(join(tmpdir(), 'empathy-lab-browser-'));
    mkdirSync(join(work, 'notebooks'));
    copyFileSync(TARGET, join(work, 'notebooks', basename(TARGET)));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env = {
      ...process.env,
      JUPYTER_RUNTIME_DIR: join(work, 'runtime'),
      JUPYTER_CONFIG_DIR: join(work, 'config'),
      JUPYTER_DATA_DIR: join(work, 'data'),
    };
    server = startCli(['notebook', '--port', String(port), '--token', TOKEN, '--dir', work, '--no-install'], env);
    await waitFor(
      'the notebook server',
      async () => {
        if (server?.child.exitCode !== null) throw new Error(`empathy-lab notebook exited early:\n${server?.output()}`);
        try {
          const r = await fetch(`${base}/api/status?token=${TOKEN}`);
          return r.ok ? true : undefined;
        } catch {
          return undefined;
        }
      },
      60_000,
    );
  });

  afterAll(async () => {
    await browser?.close();
    if (server && server.child.exitCode === null) {
      const closed = new Promise((r) => server?.child.once('close', r));
      server.child.kill('SIGTERM');
      await Promise.race([closed, new Promise((r) => setTimeout(r, 15_000))]);
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('offers the project kernel as default kernel', async () => {
    const specs = (await (await fetch(`${base}/api/kernelspecs?token=${TOKEN}`)).json()) as { default: string; kernelspecs: Record<string, unknown> };
    expect(Object.keys(specs.kernelspecs)).toContain('tslab-empathy-lab');
    expect(specs.default).toBe('tslab-empathy-lab');
  });

  it('runs all cells of notebook 01 and shows its table and figure, with nothing loaded from outside', async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const external: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(base) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      external.push(url);
      return route.abort();
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    await page.goto(`${base}/notebooks/notebooks/${basename(TARGET)}?token=${TOKEN}`);
    // The kernel starts in a few seconds, much later on a loaded machine.
    await page
      .waitForFunction(() => {
        const J = (window as unknown as { Jupyter?: { notebook?: { kernel?: { is_connected(): boolean } } } }).Jupyter;
        return J?.notebook?.kernel?.is_connected() === true;
      }, null, { timeout: 240_000 })
      .catch(async (e: Error) => {
        await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, '-failed.png'), fullPage: true }).catch(() => undefined);
        throw new Error(`${e.message}\nno kernel connected; server output:\n${server?.output().slice(-4000)}`);
      });
    await page.evaluate(() => (window as unknown as { Jupyter: { notebook: { execute_all_cells(): void } } }).Jupyter.notebook.execute_all_cells());

    // execute_all_cells marks every code cell '*' at once; the run is over when none is left. A failed
    // cell aborts the rest, which then show no number.
    const readState = () =>
      page.evaluate((): PageState => {
        type Cell = { cell_type: string; input_prompt_number?: number | string | null };
        const nb = (window as unknown as { Jupyter: { notebook: { get_cells(): Cell[]; kernel_busy?: boolean } } }).Jupyter.notebook;
        const code = nb.get_cells().filter((c) => c.cell_type === 'code');
        const figures = Array.from(document.querySelectorAll('.output_area div.empathy-lab-figure'));
        return {
          codeCells: code.length,
          prompts: code.map((c) => (c.input_prompt_number === undefined ? null : c.input_prompt_number)),
          tables: document.querySelectorAll('.output_area table').length,
          tableRows: document.querySelectorAll('.output_area table tbody tr').length,
          figures: figures.length,
          drawnFigures: document.querySelectorAll('.output_area .js-plotly-plot').length,
          plotSvgs: document.querySelectorAll('.output_area .js-plotly-plot svg.main-svg').length,
          notDrawn: figures.filter((f) => !f.querySelector('svg.main-svg')).map((f) => (f.textContent ?? '').slice(0, 200)),
          stderr: Array.from(document.querySelectorAll('.output_stderr')).map((e) => (e.textContent ?? '').slice(0, 2000)),
        };
      });
    let state = await waitFor('the cells to run', async () => {
      const s = await readState();
      return s.prompts.includes('*') ? undefined : s;
    }, 400_000, 500);
    if (!state.prompts.every((p) => typeof p === 'number')) {
      await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, '-failed.png'), fullPage: true }).catch(() => undefined);
      throw new Error(`not every cell ran: prompts ${JSON.stringify(state.prompts)}; stderr:\n${state.stderr.join('\n---\n')}\nserver:\n${server?.output().slice(-3000)}`);
    }
    // Let plotly finish drawing (it draws asynchronously after newPlot).
    await page.waitForTimeout(500);
    state = await readState();

    // Screenshot of the whole notebook: let the page grow to the notebook's height first.
    const height = await page.evaluate(() => {
      const site = document.getElementById('site');
      if (site) site.style.height = 'auto';
      document.body.style.overflow = 'visible';
      return Math.min(12_000, document.documentElement.scrollHeight);
    });
    await page.setViewportSize({ width: 1280, height: Math.max(900, height) });
    mkdirSync(join(ROOT, 'build', 'artifacts'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    expect(state.codeCells).toBeGreaterThan(0);
    expect(state.tables, 'a table in the outputs').toBeGreaterThan(0);
    expect(state.tableRows).toBeGreaterThan(0);
    expect(state.drawnFigures, 'a plotly figure drawn in the outputs').toBeGreaterThan(0);
    expect(state.plotSvgs).toBeGreaterThanOrEqual(state.drawnFigures);
    expect(state.notDrawn, 'figures left undrawn').toEqual([]);
    expect(external, 'requests to anything but the local server').toEqual([]);
    expect(pageErrors, 'JavaScript errors in the page').toEqual([]);
    expect(existsSync(SCREENSHOT)).toBe(true);
  }, 600_000);
});
