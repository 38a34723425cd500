import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetDisplaySession, setDisplaySink, showFigure, showHtml, showTable, showText, type MimeBundle } from '../../src/notebook/display';
import { figureBundle, figureTitle, globalScriptElement, PLOTLY_MIME, plotlyBundlePath, scriptSafeJson } from '../../src/notebook/figure';

const fig = {
  data: [{ type: 'bar', x: ['human', 'gpt4'], y: [2.9, 3.6] }],
  layout: { title: { text: 'Means </script><b>' }, width: 400, height: 300 },
};
const plotlySource = readFileSync(plotlyBundlePath(), 'utf8');
/** A line from the end of the plotly bundle: present in the output iff plotly.js was inlined. */
const plotlyMarker = 'window.Plotly = Plotly;';

describe('show* functions', () => {
  let sent: MimeBundle[] = [];
  beforeEach(() => {
    sent = [];
    resetDisplaySession();
    setDisplaySink((b) => sent.push(b));
  });
  afterEach(() => setDisplaySink(null));

  it('showFigure sends one bundle with plotly JSON and HTML; plotly.js is inlined in the first figure only', () => {
    expect(plotlySource).toContain(plotlyMarker);
    showFigure(fig);
    showFigure(fig);
    showFigure(fig, { inlinePlotly: true });
    expect(sent).toHaveLength(3);
    for (const b of sent) {
      expect(Object.keys(b).sort()).toEqual([PLOTLY_MIME, 'text/html', 'text/plain'].sort());
      expect(b[PLOTLY_MIME]).toEqual({ data: fig.data, layout: fig.layout, config: { displaylogo: false, responsive: true } });
    }
    const html = sent.map((b) => b['text/html'] as string);
    expect(html.map((h) => h.includes(plotlyMarker))).toEqual([true, false, true]);
    expect(html[1].length).toBeLessThan(5000);
    // Deterministic ids from a counter.
    expect(html.map((h) => /data-figure-id="([^"]+)"/.exec(h)?.[1])).toEqual(['empathy-lab-figure-1', 'empathy-lab-figure-2', 'empathy-lab-figure-3']);
    expect(sent[0]['text/plain']).toBe('<plotly figure: Means </script><b> (1 trace)>');
  });

  it('a new session (new kernel) inlines plotly.js again and restarts the ids', () => {
    showFigure(fig);
    resetDisplaySession();
    showFigure(fig);
    expect(sent.map((b) => (b['text/html'] as string).includes(plotlyMarker))).toEqual([true, true]);
    expect(sent[0]['text/html']).toBe(sent[1]['text/html']);
  });

  it('showTable sends HTML and aligned text; showHtml and showText send what they are given', () => {
    showTable([{ a: 1.5, b: 'x' }], { decimals: 1 });
    showHtml('<b>bold</b>');
    showHtml('<b>bold</b>', 'bold');
    showText('plain');
    expect(sent[0]['text/plain']).toBe('  a  b\n1.5  x');
    expect(sent[0]['text/html']).toContain('<td style="text-align:right;');
    expect(sent.slice(1)).toEqual([{ 'text/html': '<b>bold</b>' }, { 'text/html': '<b>bold</b>', 'text/plain': 'bold' }, { 'text/plain': 'plain' }]);
  });

  it('outside a kernel, without a sink, prints the plain-text form', () => {
    setDisplaySink(null);
    const lines: unknown[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => lines.push(a.join(' '));
    try {
      showText('hello');
      showTable([{ n: 2 }]);
    } finally {
      console.log = log;
    }
    expect(lines).toEqual(['hello', 'n\n2']);
  });
});

describe('figureBundle HTML', () => {
  const inlined = figureBundle(fig, { figureId: 'f1', inlinePlotly: true })['text/html'] as string;
  const scripts = [...inlined.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g)].map((m) => m[1]);

  it('holds a placeholder div, the plotly.js script, then the drawing script, with no early </script>', () => {
    expect(inlined.startsWith('<div class="empathy-lab-figure" data-figure-id="f1"')).toBe(true);
    expect(scripts).toHaveLength(2);
    expect(scripts[0]).toContain(plotlyMarker);
    expect(scripts[1]).toContain('window.Plotly.newPlot(div, spec.data, spec.layout, spec.config)');
    // The figure title contains '</script>': it must be escaped inside the script.
    expect(scripts[1]).not.toMatch(/<\/script/i);
    expect(scripts[1]).toContain('Means \\u003c/script\\u003e');
  });

  it('hides require.js (define) and CommonJS (module) from a UMD wrapper so that it sets the global', () => {
    // A UMD wrapper of the common kind: AMD first, then CommonJS, else a global on `root`.
    const umd =
      '(function (root, factory) {' +
      '  if (typeof define === "function" && define.amd) define([], factory);' +
      '  else if (typeof module === "object" && module.exports) module.exports = factory();' +
      '  else root.Plotly = factory();' +
      '})(typeof self !== "undefined" ? self : this, function () { return { newPlot: function () {} , s: "</script>" }; });';
    const element = globalScriptElement(umd);
    const body = /^<script type="text\/javascript">([\s\S]*)<\/script>$/.exec(element)?.[1] ?? '';
    expect(body).not.toMatch(/<\/script/i);
    // Run it the way the classic Notebook page would: with require.js's define and a module in scope.
    const defineCalls: unknown[] = [];
    const define = Object.assign((...a: unknown[]) => defineCalls.push(a), { amd: {} });
    const commonJsModule = { exports: {} };
    const win: Record<string, unknown> = {};
    new Function('window', 'self', 'define', 'module', 'exports', body)(win, win, define, commonJsModule, commonJsModule.exports);
    expect(defineCalls).toEqual([]);
    expect(commonJsModule.exports).toEqual({});
    expect(typeof (win.Plotly as { newPlot?: unknown })?.newPlot).toBe('function');
    expect((win.Plotly as { s: string }).s).toBe('</script>');
    // Without the guard the same wrapper registers an AMD module and leaves the global unset.
    const bare: Record<string, unknown> = {};
    new Function('window', 'self', 'define', 'module', 'exports', umd)(bare, bare, define, commonJsModule, commonJsModule.exports);
    expect(defineCalls).toHaveLength(1);
    expect(bare.Plotly).toBeUndefined();
  });

  it('inlines the real plotly.js bundle in that guarded form', () => {
    expect(scripts[0]).toBe(globalScriptElement(plotlySource).replace(/^<script type="text\/javascript">|<\/script>$/g, ''));
  });

  it('carries the figures font (Arimo) once, before plotly.js', () => {
    expect(inlined).toMatch(/<\/div><style>@font-face\{font-family:'Arimo'/);
    expect(inlined.indexOf('<style>')).toBeLessThan(inlined.indexOf(plotlyMarker));
    const later = figureBundle(fig, { figureId: 'f2', inlinePlotly: false })['text/html'] as string;
    expect(later).not.toContain('@font-face');
  });

  it('the drawing script waits for the bundled font when the page has document.fonts', async () => {
    const loads: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const drawn: unknown[] = [];
    const div = { attrs: {} as Record<string, string>, textContent: '', setAttribute: (k: string, v: string) => (div.attrs[k] = v) };
    const document = { querySelectorAll: () => [div], fonts: { load: (f: string) => (loads.push(f), gate) } };
    new Function('window', 'document', scripts[1])({ Plotly: { newPlot: (...a: unknown[]) => drawn.push(a) } }, document);
    await new Promise((r) => setTimeout(r, 0));
    expect(loads).toEqual(['400 10px Arimo', '700 10px Arimo']);
    expect(drawn).toHaveLength(0);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(drawn).toHaveLength(1);
  });

  it('the drawing script draws into every undrawn placeholder, and explains when plotly.js is absent', async () => {
    const drawn: unknown[] = [];
    const makeDiv = () => {
      const attrs: Record<string, string> = {};
      return { attrs, textContent: 'placeholder', setAttribute: (k: string, v: string) => (attrs[k] = v) };
    };
    const divs = [makeDiv(), makeDiv()];
    const document = { querySelectorAll: (sel: string) => (sel.includes('data-figure-id="f1"') && sel.includes(':not([data-drawn])') ? divs : []) };
    new Function('window', 'document', scripts[1])({ Plotly: { newPlot: (...a: unknown[]) => drawn.push(a) } }, document);
    await new Promise((r) => setTimeout(r, 0));
    expect(drawn).toHaveLength(2);
    expect((drawn[0] as unknown[])[0]).toBe(divs[0]);
    expect((drawn[0] as unknown[])[1]).toEqual(fig.data);
    expect(divs.map((d) => d.attrs['data-drawn'])).toEqual(['1', '1']);

    const lonely = [makeDiv()];
    new Function('window', 'document', scripts[1])({}, { querySelectorAll: () => lonely });
    await new Promise((r) => setTimeout(r, 0));
    expect(lonely[0].textContent).toMatch(/plotly\.js is not loaded/);
  });

  it('rejects something that is not a figure', () => {
    expect(() => figureBundle({} as never, { figureId: 'x', inlinePlotly: false })).toThrow(/expected a plotly figure/);
  });
});

describe('helpers', () => {
  it('figureTitle reads a string or { text } title', () => {
    expect(figureTitle({ data: [], layout: { title: 'A' } })).toBe('A');
    expect(figureTitle({ data: [], layout: { title: { text: 'B' } } })).toBe('B');
    expect(figureTitle({ data: [] })).toBeUndefined();
  });

  it('scriptSafeJson keeps the value and removes sequences that end a script', () => {
    const v = { s: '</script><!-- \u2028 \u2029 >' };
    const json = scriptSafeJson(v);
    expect(json).not.toMatch(/<|>|\u2028|\u2029/);
    expect(JSON.parse(json)).toEqual(v);
  });
});
