/**
 * The replication report: one row per claim of the paper that our analyses cover, with the paper's
 * number, ours, and a computed verdict (see verdict.ts). Rendered as Markdown (people) and JSON
 * (machines). Claims no analysis measured are listed, never dropped silently.
 */
import type { Bound, Claim, ClaimSet } from './claims';
import { printedDecimals, roundTo, VERDICTS, verdictForBound, verdictForInterval, verdictForValue, worst, type Verdict } from './verdict';

/** Our value for one claim, produced by an analysis. */
export interface Measurement {
  /** The claim id (data/reported/*.json). */
  id: string;
  /** Our number, or [lower, upper] for an interval. For t claims pass the signed t: compared in absolute value. */
  value: number | [number, number];
  /** Our p value, when the claim also states one. */
  p?: number;
  /** Why ours may differ, or how it was computed (shown in the report). */
  note?: string;
}

/** One row of the report. */
export interface ReportRow {
  id: string;
  what: string;
  paper: string;
  ours: string;
  verdict: Verdict;
  note: string;
  /** Our unrounded value(s), for machines. */
  value: number | [number, number];
  p: number | null;
}

/** One of the paper's comparisons decided by the linear and by the ordinal (CLMM) mixed model. */
export interface RobustnessReportRow {
  study: number;
  comparison: string;
  lmm: { estimate: number; t: number; p: number };
  clmm: { estimate: number; z: number; p: number };
  /** True when both models reach the same decision at alpha = .05 (computed, see src/ordinal/robustness.ts). */
  holds: boolean;
  sentence: string;
}

/** A section of text (and optionally a table) after the claims, e.g. how a one-split number compares with many splits. */
export interface ReportSection {
  title: string;
  /** Paragraphs of Markdown text. */
  paragraphs: string[];
  table?: { columns: string[]; rows: string[][] };
}

/** The whole report. */
export interface ReplicationReport {
  paper: string;
  rows: ReportRow[];
  /** The paper's comparisons refitted as ordinal mixed models (empty when not run). */
  robustness: RobustnessReportRow[];
  /** Further sections, in order (empty when none). */
  sections: ReportSection[];
  /** Claim ids no analysis measured. */
  notCovered: string[];
  counts: Record<Verdict, number>;
}

function describeClaim(c: Claim, sourceLabel: (source: string) => string): string {
  const study = c.study !== undefined ? `Study ${c.study} ` : '';
  const measure = c.measure ?? '';
  const pair = c.contrast ? `${sourceLabel(c.contrast[0])} vs ${sourceLabel(c.contrast[1])}` : '';
  switch (c.kind) {
    case 'mean':
      return `${study}mean ${measure}, ${sourceLabel(c.source ?? '')}`;
    case 'paper_ci':
      return `${study}"95% CI across posts" of mean ${measure}, ${sourceLabel(c.source ?? '')}`;
    case 't':
      return `${study}${measure} contrast ${pair}: t`;
    case 'p':
      return `${study}${measure} contrast ${pair}: p`;
    case 'cross_study_p':
      return `Study 1 vs Study 2 ${measure}, ${sourceLabel(c.source ?? '')}: p`;
    case 'word_count':
      return `${study}mean word count, ${sourceLabel(c.source ?? '')}`;
    case 'word_count_sd':
      return `${study}SD of word count, ${sourceLabel(c.source ?? '')}`;
    case 'feature_b':
      return `${study}${String(c.feature)}: ${pair.replace(' vs ', ' - ')}, b (proportion)`;
    case 'feature_t':
      return `${study}${String(c.feature)}: ${pair.replace(' vs ', ' - ')}, t`;
    case 'feature_p':
      return `${study}${String(c.feature)}: ${pair}, p`;
    case 'feature_p_min':
      return `${study}${String(c.feature)}: every pairwise p`;
    case 'classifier_f1':
      return `${study}style classifier F1, ${sourceLabel(c.source ?? '')}`;
    case 'top_ngrams':
      return `${study}top-weighted n-grams of ${sourceLabel(c.source ?? '')} found: ${(c.terms as string[]).map((t) => `"${t}"`).join(', ')}`;
    case 'regression_mae':
      return `${study}regression of ${measure} ratings on n-grams: MAE`;
    default:
      return typeof c.what === 'string' ? c.what : c.id;
  }
}

function fmt(x: number, decimals: number): string {
  return roundTo(x, decimals).toFixed(decimals);
}

function fmtP(p: number): string {
  if (p < 0.001) return p.toExponential(2);
  return p.toFixed(3);
}

function paperText(c: Claim): string {
  const d = c.decimals ?? 2;
  let s: string;
  const v = c.value;
  if (Array.isArray(v)) s = `[${v[0].toFixed(d)}, ${v[1].toFixed(d)}]`;
  else if (typeof v === 'object') s = `${v.op} ${v.value}`;
  else s = v.toFixed(d);
  if (c.p) s += 'op' in c.p ? `, p ${c.p.op} ${c.p.value}` : `, p = ${c.p.value.toFixed(c.p.decimals)}`;
  return s;
}

/** Compares measurements with the claims. Measurements for unknown claim ids are an error. */
/**
 * The report of a claim set against the measurements: one row per claim with its computed verdict.
 * `sourceLabel` prints a source's name as the paper does (default: as it is).
 */
export function buildReplicationReport(set: ClaimSet, measurements: readonly Measurement[], sourceLabel: (source: string) => string = (s) => s): ReplicationReport {
  const byId = new Map(set.claims.map((c) => [c.id, c]));
  const rows: ReportRow[] = [];
  for (const m of measurements) {
    const c = byId.get(m.id);
    if (!c) throw new Error(`replication report: no claim '${m.id}' in the paper's numbers`);
    const d = c.decimals ?? 2;
    const verdicts: Verdict[] = [];
    let ours: string;
    if (Array.isArray(m.value)) {
      if (!Array.isArray(c.value)) throw new Error(`replication report: claim '${c.id}' is not an interval`);
      verdicts.push(verdictForInterval(c.value, m.value, d));
      ours = `[${fmt(m.value[0], d)}, ${fmt(m.value[1], d)}]`;
    } else if (typeof c.value === 'object' && !Array.isArray(c.value)) {
      verdicts.push(verdictForBound(c.value, m.value));
      // two digits past the bound's own, so a value just short of the bound (0.6451 against > .65) shows it
      ours = Number.isInteger(m.value) ? String(m.value) : m.value < 0.001 ? fmtP(m.value) : m.value.toFixed(Math.max(3, printedDecimals(c.value.value) + 2));
    } else if (c.exact === true) {
      verdicts.push(m.value === c.value ? 'reproduced' : 'differs');
      ours = String(m.value);
    } else {
      const v = c.kind === 't' ? Math.abs(m.value) : m.value;
      verdicts.push(verdictForValue(c.value as number, v, d));
      ours = fmt(v, d);
    }
    if (c.p) {
      if (m.p === undefined) throw new Error(`replication report: claim '${c.id}' states a p value; measurement has none`);
      verdicts.push('op' in c.p ? verdictForBound(c.p, m.p) : verdictForValue(c.p.value, m.p, c.p.decimals));
      ours += `, p = ${fmtP(m.p)}`;
    }
    const verdict = worst(verdicts);
    let note = m.note ?? '';
    if (verdict === 'rounding' && typeof m.value === 'number' && typeof c.value === 'number') {
      const v = c.kind === 't' ? Math.abs(m.value) : m.value;
      if (verdictForValue(c.value, roundTo(v, d + 1), d) === 'reproduced') {
        note = `${note ? `${note}; ` : ''}ours is ${v.toFixed(d + 2)}: rounded first to ${d + 1} decimals (${roundTo(v, d + 1).toFixed(d + 1)}, as R prints it) and then to ${d} it gives the paper's number (double rounding)`;
      }
    }
    const bounds: [Bound, number][] = [];
    if (typeof c.value === 'object' && !Array.isArray(c.value) && typeof m.value === 'number') bounds.push([c.value, m.value]);
    if (c.p && 'op' in c.p && m.p !== undefined) bounds.push([c.p, m.p]);
    for (const [b, v] of bounds) {
      if (verdictForBound(b, v) !== 'rounded-bound') continue;
      const bd = printedDecimals(b.value);
      note = `${note ? `${note}; ` : ''}ours is ${v.toFixed(bd + 2)}, which does not satisfy ${b.op} ${b.value}; rounded to ${bd} decimals it is ${b.value}: the bound is our value rounded`;
    }
    rows.push({ id: c.id, what: describeClaim(c, sourceLabel), paper: paperText(c), ours, verdict, note, value: m.value, p: m.p ?? null });
  }
  const measured = new Set(rows.map((r) => r.id));
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const r of rows) counts[r.verdict]++;
  return { paper: set.paper, rows, robustness: [], sections: [], notCovered: set.claims.filter((c) => !measured.has(c.id)).map((c) => c.id), counts };
}

/** How each verdict is printed. */
export const VERDICT_TEXT: Record<Verdict, string> = {
  reproduced: 'reproduced',
  rounding: 'off by one in the last digit',
  'rounded-bound': 'bound is our value rounded',
  differs: 'differs',
};

/** The summary line: how many rows got each verdict, e.g. "50 reproduced, 6 off by one in the last digit, 3 bound is our value rounded, 5 differ". */
export function summaryLine(counts: Readonly<Record<Verdict, number>>): string {
  return VERDICTS.map((v) => `${counts[v] ?? 0} ${v === 'differs' ? 'differ' : VERDICT_TEXT[v]}`).join(', ');
}

/** Rows whose verdict differs between two reports (e.g. the previous build and this one), by claim id. */
export function changedVerdicts(before: Pick<ReplicationReport, 'rows'>, after: Pick<ReplicationReport, 'rows'>): { id: string; before: Verdict | null; after: Verdict | null }[] {
  const old = new Map(before.rows.map((r) => [r.id, r.verdict]));
  const now = new Map(after.rows.map((r) => [r.id, r.verdict]));
  const ids = [...now.keys(), ...[...old.keys()].filter((id) => !now.has(id))];
  return ids.filter((id) => old.get(id) !== now.get(id)).map((id) => ({ id, before: old.get(id) ?? null, after: now.get(id) ?? null }));
}

/** Markdown rendering (a table per report, then the uncovered claims). */
export function replicationMarkdown(report: ReplicationReport): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    '# Replication report',
    '',
    `Paper: ${report.paper}`,
    '',
    'Each row is one number printed in the paper, next to ours. Verdicts are computed: *reproduced* = ours,',
    "rounded to the paper's printed precision, equals the paper's number (or satisfies its bound);",
    '*off by one in the last digit* = differs by one unit of the last printed digit;',
    "*bound is our value rounded* = the paper states a bound (e.g. p's > .65) that ours does not satisfy, but ours",
    "rounded to the bound's printed decimals equals it (.6451 -> .65): the paper most likely printed its own value,",
    'rounded, as a strict bound (one rule for every bound of the table; not counted as reproduced);',
    '*differs* = anything else.',
    '',
    `Summary: ${summaryLine(report.counts)}.`,
    '',
    '| claim | paper | ours | verdict | note |',
    '|---|---|---|---|---|',
    ...report.rows.map((r) => `| ${esc(r.what)} | ${esc(r.paper)} | ${esc(r.ours)} | ${VERDICT_TEXT[r.verdict]} | ${esc(r.note)} |`),
    '',
  ];
  if (report.robustness.length) {
    const held = report.robustness.filter((r) => r.holds).length;
    lines.push(
      '## Robustness: the comparisons as ordinal mixed models',
      '',
      "The paper treats the 5-point ratings as continuous. Each reported comparison refitted as a cumulative link mixed model",
      "(logit, same random effects, unique raters); *holds* = both models reach the same decision at alpha = .05 (unadjusted, as the paper).",
      '',
      `${held} of ${report.robustness.length} conclusions hold under the ordinal model.`,
      '',
      '| study | comparison | LMM estimate (points) | LMM t | LMM p | CLMM estimate (logits) | CLMM z | CLMM p | conclusion holds |',
      '|---|---|---|---|---|---|---|---|---|',
      ...report.robustness.map(
        (r) => `| ${r.study} | ${esc(r.comparison)} | ${r.lmm.estimate.toFixed(3)} | ${r.lmm.t.toFixed(2)} | ${fmtP(r.lmm.p)} | ${r.clmm.estimate.toFixed(3)} | ${r.clmm.z.toFixed(2)} | ${fmtP(r.clmm.p)} | ${r.holds ? 'yes' : 'NO'} |`,
      ),
      '',
    );
  }
  for (const section of report.sections) {
    lines.push(`## ${section.title}`, '');
    for (const p of section.paragraphs) lines.push(p, '');
    if (section.table) {
      lines.push(`| ${section.table.columns.map(esc).join(' | ')} |`, `|${section.table.columns.map(() => '---').join('|')}|`);
      for (const row of section.table.rows) lines.push(`| ${row.map(esc).join(' | ')} |`);
      lines.push('');
    }
  }
  if (report.notCovered.length) {
    lines.push(`Claims not (yet) covered by an analysis: ${report.notCovered.join(', ')}.`, '');
  }
  return lines.join('\n');
}

/** JSON rendering (stable key order, 2-space indent). */
export function replicationJson(report: ReplicationReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
