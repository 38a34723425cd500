/**
 * Export of plotly figures to SVG, PNG and PDF through headless Chromium (the Debian package)
 * driven by playwright-core. One browser and one blank page are reused for all figures; plotly.js
 * (plotly.js-basic-dist-min) is loaded from node_modules, so nothing touches the network.
 *
 * Sizes are physical: a figure exported at 85 x 60 mm gives an SVG whose root says width="85mm"
 * height="60mm", a one-page PDF of 85 x 60 mm (240.9 x 170.1 pt), and at 300 DPI a PNG of
 * round(85 / 25.4 * 300) x round(60 / 25.4 * 300) = 1004 x 709 pixels with a pHYs chunk saying 300 DPI.
 * Plotly lays the figure out at that size in CSS pixels (96 per inch), so the theme's point
 * sizes are the printed sizes.
 *
 * Example (CLI or script):
 *   const exporter = await FigureExporter.launch();
 *   try { await exporter.exportFigure(fig, 'figures/figure2', { width: 'double', heightMm: 80 }); }
 *   finally { await exporter.close(); }
 * In a notebook: `await exportFigure(fig, 'figures/figure2')` (a shared browser, started on first use).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { canInstallDebianPackages, installDebianPackages } from '../util/debian';
import { fromRoot } from '../util/paths';
import { fontconfigFile, fontFaceCss, withEmbeddedFont } from './fonts';
import { PAGE_HTML, PAGE_SCRIPT } from './page-script';
import { setPngDpi } from './png';
import { textProblems, type TextLayout } from './text-check';

export type { TextBox, TextLayout } from './text-check';
import { COLUMN_WIDTH_MM, type ColumnWidth, mmToPx, pxToMm } from './theme';
import type { Figure, FigureSize } from './types';

/** Where Debian's chromium package puts the browser (override with env EMPATHY_LAB_CHROMIUM). */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Command that installs Chromium on Debian/Ubuntu. */
export const CHROMIUM_INSTALL_HINT = 'apt-get install -y --no-install-recommends chromium';

/** Chromium flags that work here (see SETUP-NOTES, "Figure export"). No --user-data-dir: playwright makes one. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** File formats the exporter writes. */
export type ImageFormat = 'svg' | 'png' | 'pdf';
export const ALL_FORMATS: readonly ImageFormat[] = ['svg', 'pdf', 'png'];

/**
 * Makes sure the export browser exists: when it is missing, installs Debian's chromium if allowed (root on
 * Debian, `install` not false; announced through `log`), else leaves it to launch() to explain.
 */
export function ensureChromium(options: { log: (m: string) => void; install?: boolean }): void {
  if (existsSync(process.env.EMPATHY_LAB_CHROMIUM ?? DEFAULT_CHROMIUM_PATH) || options.install === false || !canInstallDebianPackages()) return;
  options.log('Chromium is missing (needed to export figures).');
  installDebianPackages(['chromium'], options.log, `Install it with: ${CHROMIUM_INSTALL_HINT}`);
}

/** Options of {@link FigureExporter.launch}. */
export interface LaunchOptions {
  /** Chromium binary (default env EMPATHY_LAB_CHROMIUM, else /usr/bin/chromium). */
  executablePath?: string;
  /** plotly.js bundle loaded into the page (default: plotly.js-basic-dist-min from node_modules). */
  plotlyPath?: string;
  /** Launch timeout in ms (default 60 000). */
  timeoutMs?: number;
  /**
   * Let the browser see the machine's fonts (default true). They only serve glyphs the bundled font
   * lacks; tests set false to prove that no figure needs them.
   */
  systemFonts?: boolean;
}

/** Options of an export. */
export interface ExportOptions {
  /** Width: a journal column ('single' 85 mm, 'onehalf' 114 mm, 'double' 175 mm) or mm (default: the figure's layout width). */
  width?: ColumnWidth | number;
  /** Height in mm (default: the figure's layout height). */
  heightMm?: number;
  /** PNG resolution in dots per inch (default 300). */
  dpi?: number;
  /** Formats to write (default svg, pdf, png). */
  formats?: readonly ImageFormat[];
  /**
   * Measure the text of the exported SVG and report text cut off at the edge or drawn over other
   * text: 'error' (default: throw before writing anything, naming each problem), 'warn'
   * (console.warn, write the files anyway, list the problems in ExportResult.textProblems) or 'off'.
   * The builders fit their text to the size they were built for; a figure exported at another size
   * should be built at that size (their `size` option).
   */
  checkText?: 'warn' | 'error' | 'off';
}

/** One file written. */
export interface ExportedFile {
  format: ImageFormat;
  path: string;
  bytes: number;
}

/** What {@link FigureExporter.exportFigure} wrote. */
export interface ExportResult {
  files: ExportedFile[];
  size: FigureSize;
  /** PNG size in pixels when a PNG was written. */
  pngPixels?: { width: number; height: number };
  /** Wall time of the export in ms. */
  ms: number;
  /** Wall time per step in ms: plotly layout to SVG ('render'), the text check, then each format. */
  stepMs: Partial<Record<'render' | 'check' | ImageFormat, number>>;
  /** Text cut off or overlapping (empty when the check found nothing or was off). */
  textProblems: string[];
}

/**
 * The size a figure was built for: layout.meta.widthMm/heightMm (set by the builders) when they
 * still match layout.width/height, else layout.width/height converted from px (96 per inch).
 */
export function builtSize(fig: Figure): FigureSize {
  const meta = fig.layout.meta as { widthMm?: unknown; heightMm?: unknown } | undefined;
  const fromMeta = (v: unknown, px: number) =>
    typeof v === 'number' && v > 0 && Math.round(mmToPx(v)) === Math.round(px) ? v : pxToMm(px);
  return { widthMm: fromMeta(meta?.widthMm, fig.layout.width), heightMm: fromMeta(meta?.heightMm, fig.layout.height) };
}

/** Resolves the physical size of an export from the options, else the size the figure was built for. */
export function resolveSize(fig: Figure, options: ExportOptions = {}): FigureSize {
  const built = builtSize(fig);
  const widthMm =
    options.width === undefined ? built.widthMm : typeof options.width === 'number' ? options.width : COLUMN_WIDTH_MM[options.width];
  const heightMm = options.heightMm ?? built.heightMm;
  for (const [name, v] of [['width', widthMm], ['height', heightMm]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      throw new Error(`figure export: ${name} must be a positive number of mm (got ${String(v)}; unknown column name?)`);
    }
  }
  return { widthMm, heightMm };
}

/** PNG pixel size at `dpi`: round(mm / 25.4 * dpi) per side. */
export function pngPixelsFor(size: FigureSize, dpi: number): { width: number; height: number } {
  return { width: Math.round((size.widthMm / 25.4) * dpi), height: Math.round((size.heightMm / 25.4) * dpi) };
}

function layoutPixels(size: FigureSize): { width: number; height: number } {
  return { width: Math.round(mmToPx(size.widthMm)), height: Math.round(mmToPx(size.heightMm)) };
}

function mm(x: number): string {
  return `${Math.round(x * 1000) / 1000}mm`;
}

/**
 * Replaces plotly's 6-hex figure id (in ids and references: defs-xxxxxx, clipxxxxxxxyplot, ...) by one
 * derived from the content, so that SVGs of different figures can share one HTML page without their
 * clip paths colliding. (The ids themselves come from Math.random, which the export page seeds so that
 * the same figure gives the same bytes in every run; see page-script.ts.)
 */
export function withStableIds(svg: string): string {
  const m = /id="defs-([0-9a-f]{6})"/.exec(svg);
  if (!m) return svg;
  const uid = m[1];
  const refs = new RegExp(`(id="|url\\(#|href="#)([^"')]*?)${uid}`, 'g');
  const marked = svg.replace(refs, (_s, lead: string, mid: string) => `${lead}${mid}\u0000`);
  const stable = createHash('sha256').update(marked).digest('hex').slice(0, 6);
  return marked.split('\u0000').join(stable);
}

/** Gives the SVG root a physical size (width/height in mm) and a viewBox in layout pixels. */
export function withPhysicalSize(svg: string, size: FigureSize, px: { width: number; height: number }): string {
  const m = /<svg\b[^>]*>/.exec(svg);
  if (!m) throw new Error('figure export: plotly returned no <svg> element');
  let tag = m[0]
    .replace(/\swidth="[^"]*"/, '')
    .replace(/\sheight="[^"]*"/, '')
    .replace(/\sviewBox="[^"]*"/, '');
  tag = tag.replace(/^<svg\b/, `<svg width="${mm(size.widthMm)}" height="${mm(size.heightMm)}" viewBox="0 0 ${px.width} ${px.height}"`);
  return svg.slice(0, m.index) + tag + svg.slice(m.index + m[0].length);
}

function resolvePlotly(explicit?: string): string {
  if (explicit) return resolve(explicit);
  const req = createRequire(fromRoot('package.json'));
  try {
    return req.resolve('plotly.js-basic-dist-min');
  } catch {
    throw new Error('figure export: plotly.js-basic-dist-min is not installed (run npm ci in the project root)');
  }
}

/**
 * Chromium rounds PDF page sizes (85 x 70 mm comes out 240.96 x 198.96 pt instead of
 * 240.94 x 198.43). The figure is drawn from the top-left corner, so the page boxes are set to
 * exactly `size` there, cutting the blank strip (at most about 1 pt) at the right and bottom.
 * Chromium's creation and modification times are dropped.
 */
async function exactPdfPage(pdf: Uint8Array, size: FigureSize): Promise<Buffer> {
  const { PDFDocument, PDFDict, PDFName } = await import('pdf-lib');
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  // no creation or modification time: the same figure gives the same bytes in every run
  const info = doc.context.lookup(doc.context.trailerInfo.Info);
  if (info instanceof PDFDict) {
    info.delete(PDFName.of('CreationDate'));
    info.delete(PDFName.of('ModDate'));
  }
  if (doc.getPageCount() !== 1) throw new Error(`figure export: Chromium printed ${doc.getPageCount()} pages instead of 1`);
  const page = doc.getPage(0);
  const box = page.getMediaBox();
  const w = (size.widthMm / 25.4) * 72;
  const h = (size.heightMm / 25.4) * 72;
  if (box.width < w - 0.01 || box.height < h - 0.01 || box.width > w + 3 || box.height > h + 3) {
    throw new Error(`figure export: Chromium printed a ${box.width} x ${box.height} pt page for ${w.toFixed(2)} x ${h.toFixed(2)} pt`);
  }
  const top = box.y + box.height;
  page.setMediaBox(box.x, top - h, w, h);
  page.setCropBox(box.x, top - h, w, h);
  page.setTrimBox(box.x, top - h, w, h);
  return Buffer.from(await doc.save({ useObjectStreams: false, updateFieldAppearances: false }));
}

/** An export with its options checked and resolved. */
interface ExportPlan {
  fig: Figure;
  base: string;
  size: FigureSize;
  formats: readonly ImageFormat[];
  dpi: number;
  checkText: 'warn' | 'error' | 'off';
}

/** A figure rendered to SVG with its text checked, not yet written. */
interface RenderedFigure {
  svg: string;
  problems: string[];
  stepMs: ExportResult['stepMs'];
  ms: number;
  /** The error to throw instead of writing ('error' mode with text problems). */
  refusal?: string;
}

/** Checks and resolves the options of one export (throws on unknown formats, sizes or checkText). */
function planExport(fig: Figure, basePath: string, options: ExportOptions): ExportPlan {
  const size = resolveSize(fig, options);
  const formats = options.formats ?? ALL_FORMATS;
  const dpi = options.dpi ?? 300;
  const checkText = options.checkText ?? 'error';
  if (formats.length === 0) throw new Error('figure export: no formats requested');
  if (!['warn', 'error', 'off'].includes(checkText)) throw new Error(`figure export: checkText must be 'warn', 'error' or 'off' (got '${String(checkText)}')`);
  for (const f of formats) {
    if (!ALL_FORMATS.includes(f)) throw new Error(`figure export: unknown format '${String(f)}' (use svg, png or pdf)`);
  }
  return { fig, base: resolve(basePath.replace(/\.(svg|png|pdf)$/i, '')), size, formats, dpi, checkText };
}

/** Headless Chromium with plotly.js loaded in a blank page; export many figures, then close(). */
export class FigureExporter {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
    /** The Chromium binary in use. */
    readonly executablePath: string,
  ) {}

  /**
   * Starts Chromium and loads plotly.js (3-4 s). Throws a readable error when the binary is
   * missing, naming the install command.
   */
  static async launch(options: LaunchOptions = {}): Promise<FigureExporter> {
    const executablePath = options.executablePath ?? process.env.EMPATHY_LAB_CHROMIUM ?? DEFAULT_CHROMIUM_PATH;
    if (!existsSync(executablePath)) {
      throw new Error(
        `figure export needs headless Chromium, but ${executablePath} does not exist. ` +
          `Install it with: ${CHROMIUM_INSTALL_HINT} (or set EMPATHY_LAB_CHROMIUM to a Chromium binary).`,
      );
    }
    const plotlyPath = resolvePlotly(options.plotlyPath);
    let browser: Browser;
    try {
      // Loaded here, not at import: builders and notebooks that never export stay light.
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({
        executablePath,
        args: [...CHROMIUM_ARGS],
        timeout: options.timeoutMs ?? 60_000,
        env: { ...process.env, FONTCONFIG_FILE: fontconfigFile({ systemFonts: options.systemFonts }) },
      });
    } catch (err) {
      throw new Error(
        `figure export: could not start Chromium at ${executablePath}: ${(err as Error).message.split('\n')[0]}. ` +
          `Reinstall it with: ${CHROMIUM_INSTALL_HINT}`,
      );
    }
    try {
      const context = await browser.newContext({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      // Nothing may leave the machine: every request except the page itself is refused.
      await page.route('**/*', (route) => route.abort());
      await page.setContent(PAGE_HTML);
      // The bundled font, loaded before plotly measures any text (layout must not depend on the machine's fonts).
      await page.addStyleTag({ content: fontFaceCss() });
      const faces = await page.evaluate('Promise.all(Array.from(document.fonts, (f) => f.load())).then((loaded) => loaded.length)');
      if (!(Number(faces) > 0)) throw new Error('the bundled font did not load');
      await page.addScriptTag({ path: plotlyPath });
      await page.evaluate(PAGE_SCRIPT);
      const ok = await page.evaluate('typeof Plotly === "object" && typeof Plotly.toImage === "function"');
      if (!ok) throw new Error(`plotly.js did not load from ${plotlyPath}`);
      return new FigureExporter(browser, page, executablePath);
    } catch (err) {
      await browser.close().catch(() => undefined);
      throw new Error(`figure export: could not prepare the export page: ${(err as Error).message}`);
    }
  }

  /** Runs `task` after every earlier task (the page holds one figure at a time). */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('figure export: this FigureExporter is closed'));
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private call<T>(method: string, ...args: unknown[]): Promise<T> {
    const argList = args.map((a) => JSON.stringify(a)).join(', ');
    return this.page.evaluate(`window.__figureExport.${method}(${argList})`) as Promise<T>;
  }

  private renderSvg(fig: Figure, size: FigureSize): Promise<string> {
    const px = layoutPixels(size);
    return this.call<string>('svg', { data: fig.data, layout: fig.layout, config: fig.config ?? {} }, px.width, px.height).then((svg) =>
      withStableIds(withPhysicalSize(svg, size, px)),
    );
  }

  /** SVG text of `fig` laid out at `size` (root width/height in mm). */
  svg(fig: Figure, size: FigureSize = resolveSize(fig)): Promise<string> {
    return this.serial(() => this.renderSvg(fig, size));
  }

  private async rasterise(svg: string, size: FigureSize, dpi: number): Promise<Buffer> {
    if (!(dpi > 0) || !Number.isFinite(dpi)) throw new Error(`figure export: dpi must be a positive number (got ${dpi})`);
    const px = pngPixelsFor(size, dpi);
    // An SVG drawn as an image sees only its own fonts: give it the bundled one.
    const b64 = await this.call<string>('png', withEmbeddedFont(svg), px.width, px.height);
    return setPngDpi(Buffer.from(b64, 'base64'), dpi);
  }

  /** PNG of `fig` at `size` and `dpi` (pixels round(mm / 25.4 * dpi)), with a pHYs chunk. */
  png(fig: Figure, size: FigureSize = resolveSize(fig), dpi = 300): Promise<Buffer> {
    return this.serial(async () => this.rasterise(await this.renderSvg(fig, size), size, dpi));
  }

  private async printPdf(svg: string, size: FigureSize, title: string): Promise<Buffer> {
    await this.call('show', svg, size.widthMm, size.heightMm, title);
    let printed: Buffer;
    try {
      printed = await this.page.pdf({
        width: mm(size.widthMm),
        height: mm(size.heightMm),
        margin: { top: '0', right: '0', bottom: '0', left: '0' },
        printBackground: true,
        pageRanges: '1',
        tagged: false,
        outline: false,
      });
    } finally {
      await this.call('clear');
    }
    return exactPdfPage(printed, size);
  }

  /** One-page PDF of `fig` whose page is exactly `size` (vector text and shapes). */
  pdf(fig: Figure, size: FigureSize = resolveSize(fig), title = 'figure'): Promise<Buffer> {
    return this.serial(async () => this.printPdf(await this.renderSvg(fig, size), size, title));
  }

  private async measureSvg(svg: string): Promise<TextLayout> {
    const m = /<svg\b[^>]*\bwidth="([\d.]+)mm"[^>]*\bheight="([\d.]+)mm"/.exec(svg);
    const size = m ? { widthMm: Number(m[1]), heightMm: Number(m[2]) } : { widthMm: 100, heightMm: 100 };
    // Scatter points cannot move text (plotly positions it absolutely): leave them out, so a
    // plot of thousands of points is measured as fast as a bar chart.
    const textual = svg.replace(/<path class="point"[^>]*\/>/g, '');
    await this.call('show', textual, size.widthMm, size.heightMm, 'measure');
    try {
      return await this.call<TextLayout>('measure');
    } finally {
      await this.call('clear');
    }
  }

  /** Measures every non-empty text element of an SVG as the browser draws it (user units). */
  measureText(svg: string): Promise<TextLayout> {
    return this.serial(() => this.measureSvg(svg));
  }

  /**
   * Writes `fig` as basePath.svg, basePath.pdf and basePath.png (or `options.formats`), creating
   * the folder. The SVG is rendered once; PDF and PNG are made from that same SVG. With the default
   * `checkText: 'error'`, text cut off or overlapping throws before any file or folder is written.
   */
  exportFigure(fig: Figure, basePath: string, options: ExportOptions = {}): Promise<ExportResult> {
    const plan = planExport(fig, basePath, options);
    return this.serial(async () => {
      const rendered = await this.renderChecked(plan);
      if (rendered.refusal) throw new Error(rendered.refusal);
      return this.writeRendered(plan, rendered);
    });
  }

  /**
   * Writes every figure into `dir` (name.svg/.pdf/.png); `defaults` apply where a job sets nothing.
   * Every figure is rendered and its text checked first: when a figure with `checkText: 'error'` (the
   * default) has text problems, nothing of the set is written and the error names each such figure.
   * Returns the results in job order.
   */
  async exportFigures(jobs: readonly FigureJob[], dir: string, defaults: ExportOptions = {}): Promise<ExportResult[]> {
    const names = jobs.map((j) => j.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) throw new Error(`exportFigures: figure name '${dup}' is used twice`);
    const plans = jobs.map((job) => planExport(job.figure, resolve(dir, job.name), { ...defaults, ...job.options }));
    const rendered: RenderedFigure[] = [];
    for (const plan of plans) rendered.push(await this.serial(() => this.renderChecked(plan)));
    const refusals = rendered.flatMap((r) => (r.refusal ? [r.refusal] : []));
    if (refusals.length > 0) throw new Error(`exportFigures: nothing written. ${refusals.join('\n')}`);
    const out: ExportResult[] = [];
    for (const [i, plan] of plans.entries()) out.push(await this.serial(() => this.writeRendered(plan, rendered[i])));
    return out;
  }

  /** Renders the SVG of a planned export and checks its text (warns in 'warn' mode; a refusal in 'error' mode). */
  private async renderChecked(plan: ExportPlan): Promise<RenderedFigure> {
    const t0 = Date.now();
    const svg = await this.renderSvg(plan.fig, plan.size);
    const stepMs: ExportResult['stepMs'] = { render: Date.now() - t0 };
    let problems: string[] = [];
    let refusal: string | undefined;
    if (plan.checkText !== 'off') {
      const t1 = Date.now();
      problems = textProblems(await this.measureSvg(svg));
      stepMs.check = Date.now() - t1;
      if (problems.length > 0) {
        const message = `figure export: text problems in ${plan.base} at ${mm(plan.size.widthMm)} x ${mm(plan.size.heightMm)}: ${problems.join('; ')}`;
        if (plan.checkText === 'error') refusal = `${message}. Build the figure at this size (the builders' size option) or make it larger.`;
        else console.warn(message);
      }
    }
    return { svg, problems, stepMs, ms: Date.now() - t0, refusal };
  }

  /** Writes the formats of a rendered, checked figure (creating its folder). */
  private async writeRendered(plan: ExportPlan, rendered: RenderedFigure): Promise<ExportResult> {
    const t0 = Date.now();
    const { base, size, dpi } = plan;
    const { svg, stepMs } = rendered;
    mkdirSync(dirname(base), { recursive: true });
    const files: ExportedFile[] = [];
    const write = (format: ImageFormat, content: string | Buffer) => {
      const path = `${base}.${format}`;
      writeFileSync(path, content);
      files.push({ format, path, bytes: Buffer.byteLength(content) });
    };
    let pngPixels: { width: number; height: number } | undefined;
    for (const format of plan.formats) {
      const t1 = Date.now();
      if (format === 'svg') write('svg', svg);
      else if (format === 'pdf') write('pdf', await this.printPdf(svg, size, base.split(/[\\/]/).pop() ?? 'figure'));
      else {
        write('png', await this.rasterise(svg, size, dpi));
        pngPixels = pngPixelsFor(size, dpi);
      }
      stepMs[format] = Date.now() - t1;
    }
    return { files, size, pngPixels, ms: rendered.ms + Date.now() - t0, stepMs, textProblems: rendered.problems };
  }

  /** Closes the browser (waits for exports in progress). Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.queue;
    this.closed = true;
    await this.browser.close();
  }
}

/** A figure to write with {@link exportFigures}: file name (without extension) and options. */
export interface FigureJob {
  name: string;
  figure: Figure;
  options?: ExportOptions;
}

/**
 * Writes every figure into `dir` (name.svg/.pdf/.png) with one browser: `browser` when given (left
 * open), else one started here and closed at the end. `defaults` apply where a job sets nothing.
 * Every figure's text is checked before any is written (see {@link FigureExporter.exportFigures}).
 * Returns the results in job order.
 */
export async function exportFigures(
  jobs: readonly FigureJob[],
  dir: string,
  defaults: ExportOptions = {},
  browser: FigureExporter | LaunchOptions = {},
): Promise<ExportResult[]> {
  const names = jobs.map((j) => j.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new Error(`exportFigures: figure name '${dup}' is used twice`);
  const own = !(browser instanceof FigureExporter);
  const exporter = browser instanceof FigureExporter ? browser : await FigureExporter.launch(browser);
  try {
    return await exporter.exportFigures(jobs, dir, defaults);
  } finally {
    if (own) await exporter.close();
  }
}

let shared: Promise<FigureExporter> | undefined;

/** The exporter shared by {@link exportFigure} calls (started on first use, reused after). */
export function sharedExporter(options: LaunchOptions = {}): Promise<FigureExporter> {
  if (!shared) {
    shared = FigureExporter.launch(options);
    shared.catch(() => {
      shared = undefined;
    });
  }
  return shared;
}

/**
 * Writes `fig` to basePath.svg/.pdf/.png with a browser shared by all calls (one call per figure
 * in a notebook). Call {@link closeSharedExporter} when done in a script, or the process stays alive.
 */
export async function exportFigure(fig: Figure, basePath: string, options: ExportOptions = {}): Promise<ExportResult> {
  return (await sharedExporter()).exportFigure(fig, basePath, options);
}

/** Closes the shared browser if one was started. */
export async function closeSharedExporter(): Promise<void> {
  const s = shared;
  shared = undefined;
  if (s) await (await s.catch(() => undefined))?.close();
}
