/**
 * Publication figures: typed builders returning plain plotly figures ({ data, layout, config }),
 * one theme (Okabe-Ito colours, print font sizes, journal widths in mm), and export to
 * SVG/PDF/PNG through headless Chromium.
 */
export * from './types';
export * from './theme';
export * from './figure2';
export * from './figure3';
export * from './forest';
export * from './scale';
export * from './adapters';
export * from './text-fit';
export { textWidthPx, charWidthEm } from './text-metrics';
export * from './diagnostics';
export * from './export';
export * from './text-check';
export { pngPixelSize, setPngDpi } from './png';
export * from './powerCurve';
