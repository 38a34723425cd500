/** Test helper: the texts of a measured SVG carrying one class (e.g. 'legendtext', 'ytitle'). */
import type { TextLayout } from '../../src/figures/export';

export function textsOf(layout: TextLayout, cls: string): string[] {
  return layout.texts.filter((t) => t.classes.split(/\s+/).includes(cls)).map((t) => t.text);
}
