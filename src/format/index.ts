/**
 * One formatting module for every printer (model summaries, emmeans tables, reports, notebook tables):
 * numbers as R prints them, p values, HTML escaping and R-style tables.
 */
export { roundTo, zapsmall, optDigits, rExponential, naString, formatColumn, formatR, formatNumber, formatTRatio } from './numbers';
export { formatPValues, formatPValue, significanceStars } from './pValues';
export { escapeHtml, abbreviate, renderTextTable, renderHtmlTable, type TableColumn } from './text';
