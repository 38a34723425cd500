/**
 * JavaScript run inside the export page (headless Chromium), kept as source text so no compiler
 * rewrites it: helpers under window.__figureExport that render a figure to SVG with plotly.js,
 * rasterise an SVG to PNG at an exact pixel size, show an SVG at a physical size for page.pdf, and
 * measure the text of the SVG on show.
 */
export const PAGE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>figure export</title>
<style id="page-size"></style>
<style>html, body { margin: 0; padding: 0; background: #fff; overflow: hidden; } #stage svg { display: block; }</style>
</head><body><div id="stage"></div></body></html>`;

export const PAGE_SCRIPT = String.raw`
window.__figureExport = {
  async svg(fig, width, height) {
    const layout = Object.assign({}, fig.layout, { width: width, height: height });
    const config = Object.assign({}, fig.config || {}, { staticPlot: true });
    // plotly names its clip paths and defs with Math.random ids: draw them from a fixed seed, so the
    // same figure gives the same SVG in every run
    const random = Math.random;
    let seed = 20240326;
    Math.random = function () {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    let url;
    try {
      url = await Plotly.toImage({ data: fig.data, layout: layout, config: config },
        { format: 'svg', width: width, height: height });
    } finally {
      Math.random = random;
    }
    const comma = url.indexOf(',');
    const head = url.slice(0, comma);
    const body = url.slice(comma + 1);
    return this.canonical(head.endsWith(';base64') ? atob(body) : decodeURIComponent(body));
  },
  // Plotly writes attributes in an order that varies between renders: sort them, so the same
  // figure always serialises to the same bytes.
  canonical(svg) {
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    if (doc.getElementsByTagName('parsererror').length > 0) return svg;
    for (const el of doc.getElementsByTagName('*')) {
      const attrs = [];
      for (const a of Array.from(el.attributes)) {
        if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
        attrs.push({ ns: a.namespaceURI, name: a.name, value: a.value });
        el.removeAttributeNS(a.namespaceURI, a.localName);
      }
      attrs.sort(function (x, y) { return x.name < y.name ? -1 : x.name > y.name ? 1 : 0; });
      for (const a of attrs) el.setAttributeNS(a.ns, a.name, a.value);
    }
    return new XMLSerializer().serializeToString(doc.documentElement);
  },
  async png(svg, pixelWidth, pixelHeight) {
    const blobUrl = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
    try {
      const img = new Image();
      await new Promise(function (resolve, reject) {
        img.onload = resolve;
        img.onerror = function () { reject(new Error('the SVG did not load as an image')); };
        img.src = blobUrl;
      });
      const canvas = document.createElement('canvas');
      canvas.width = pixelWidth;
      canvas.height = pixelHeight;
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, pixelWidth, pixelHeight);
      ctx.drawImage(img, 0, 0, pixelWidth, pixelHeight);
      const dataUrl = canvas.toDataURL('image/png');
      return dataUrl.slice(dataUrl.indexOf(',') + 1);
    } finally {
      URL.revokeObjectURL(blobUrl);
    }
  },
  show(svg, widthMm, heightMm, title) {
    document.title = title;
    document.getElementById('page-size').textContent =
      '@page { size: ' + widthMm + 'mm ' + heightMm + 'mm; margin: 0; } ' +
      'html, body { width: ' + widthMm + 'mm; height: ' + heightMm + 'mm; }';
    const stage = document.getElementById('stage');
    stage.innerHTML = svg;
    const el = stage.querySelector('svg');
    el.style.width = widthMm + 'mm';
    el.style.height = heightMm + 'mm';
    return true;
  },
  clear() {
    document.getElementById('stage').innerHTML = '';
    return true;
  },
  measure() {
    const svg = document.querySelector('#stage svg');
    const box = svg.getBoundingClientRect();
    const vb = svg.viewBox.baseVal;
    const viewWidth = vb && vb.width ? vb.width : box.width;
    const viewHeight = vb && vb.height ? vb.height : box.height;
    const k = viewWidth / box.width;
    const texts = [];
    for (const t of svg.querySelectorAll('text')) {
      const content = (t.textContent || '').trim();
      if (content === '') continue;
      const r = t.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      // The text's own box, mapped through its transforms (rotated labels give a rotated box).
      const b = t.getBBox();
      const m = t.getScreenCTM();
      const corners = [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]].map(function (c) {
        const px = m.a * c[0] + m.c * c[1] + m.e;
        const py = m.b * c[0] + m.d * c[1] + m.f;
        return [(px - box.left) * k, (py - box.top) * k];
      });
      const cls = [];
      for (let n = t; n && n !== svg; n = n.parentElement) {
        const c = n.getAttribute('class');
        if (c) cls.push(c);
      }
      texts.push({
        text: content,
        classes: cls.join(' '),
        x: (r.left - box.left) * k,
        y: (r.top - box.top) * k,
        width: r.width * k,
        height: r.height * k,
        corners: corners,
        fontSize: parseFloat(getComputedStyle(t).fontSize),
      });
    }
    return { width: viewWidth, height: viewHeight, texts: texts };
  },
};
true;
`;
