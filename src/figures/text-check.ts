/**
 * Checks on the text of an exported figure as the browser measured it (see
 * FigureExporter.measureText): text cut off at the figure's edge, and labels drawn over each
 * other. Boxes are the texts' own boxes after their transforms, so slanted tick labels are
 * compared as slanted rectangles.
 */

/** A text element of an exported SVG, measured by the browser, in SVG user units (CSS px). */
export interface TextBox {
  text: string;
  /** class attributes of the element and its ancestors (e.g. "legendtext ..." or "xtitle ..."). */
  classes: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Corners of the text's own box after its transforms (a rotated label gives a rotated rectangle). */
  corners: [number, number][];
  /** Font size in CSS px. */
  fontSize: number;
}

/** The measured text of an SVG and its viewport (user units). */
export interface TextLayout {
  width: number;
  height: number;
  texts: TextBox[];
}


/** Texts with a corner more than `tol` px outside the SVG viewport (clipped when drawn). */
export function clippedTexts(layout: TextLayout, tol = 0.5): TextBox[] {
  return layout.texts.filter((t) => t.corners.some(([x, y]) => x < -tol || y < -tol || x > layout.width + tol || y > layout.height + tol));
}

/**
 * How deep two convex polygons overlap, in px, by the separating axis theorem: the smallest
 * overlap of their projections over all edge normals; <= 0 when they are apart.
 * Example: two axis-aligned 10 x 10 squares offset by (7, 0) overlap by 3.
 */
export function overlapDepth(p: readonly [number, number][], q: readonly [number, number][]): number {
  let depth = Infinity;
  for (const poly of [p, q]) {
    for (let i = 0; i < poly.length; i++) {
      const [x1, y1] = poly[i];
      const [x2, y2] = poly[(i + 1) % poly.length];
      const len = Math.hypot(x2 - x1, y2 - y1);
      if (len === 0) continue;
      const nx = (y1 - y2) / len;
      const ny = (x2 - x1) / len;
      const a = p.map(([x, y]) => x * nx + y * ny);
      const b = q.map(([x, y]) => x * nx + y * ny);
      depth = Math.min(depth, Math.min(Math.max(...a), Math.max(...b)) - Math.max(Math.min(...a), Math.min(...b)));
    }
  }
  return depth;
}

/** Pairs of texts overlapping by more than `tol` px, as readable sentences. */
export function overlappingTexts(layout: TextLayout, tol = 0.5): string[] {
  const out: string[] = [];
  const t = layout.texts;
  for (let i = 0; i < t.length; i++) {
    for (let j = i + 1; j < t.length; j++) {
      const d = overlapDepth(t[i].corners, t[j].corners);
      if (d > tol) out.push(`'${t[i].text}' and '${t[j].text}' overlap by ${d.toFixed(1)} px`);
    }
  }
  return out;
}

/** Every text problem of a measured figure: clipped texts, then overlapping pairs. */
export function textProblems(layout: TextLayout): string[] {
  return [...clippedTexts(layout).map((t) => `'${t.text}' is cut off at the figure's edge`), ...overlappingTexts(layout)];
}
