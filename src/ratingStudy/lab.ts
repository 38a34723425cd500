/** Everything a generated study notebook uses, in one import: the standard analysis and the notebook display. */
export * from './index';
export { showHtml, showTable, showText, showFigure } from '../notebook/index';
export { formatPValue } from '../format/index';
