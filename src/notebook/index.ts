/** What runs inside the notebook kernel: display helpers (tables, figures, HTML, text) and the run log. */
export { showTable, showFigure, showHtml, showText, displayBundle, setDisplaySink, resetDisplaySession, type DisplaySink, type ShowFigureOptions } from './display';
export { runLog, RUN_LOG_ENV, RUN_LOG_PREFIX } from './run-log';
export { formatTable, tableHtml, tableText, type TableInput, type TableOptions } from './table';
