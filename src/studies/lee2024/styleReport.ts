/**
 * The replication report's sections on the paper's Study 2 style results: the features from LIWC-22's
 * output next to the open dictionary, Table III's one split among many, and Table IV's regression as the
 * paper most likely ran it. Each reads the same analyses as notebook 03 (StyleResults) and, for the
 * independent check, the committed output of the scikit-learn script
 * tests/reference/python/lee2024_style_protocol.py.
 */
import { existsSync, readFileSync } from 'node:fs';
import { formatPValue } from '../../format/index';
import type { Claim } from '../../report/claims';
import type { ReportSection } from '../../report/replication';
import { compareFeatureConclusions, type FeatureConclusionRow } from '../../style/featureModels';
import { fromRoot } from '../../util/paths';
import { sourceLabel } from './labels';
import { CLASSIFIER_SCALINGS, HEART_EMOJIS, STUDY2_FEATURES, LEE2024_STYLE_SETTINGS, PAPER_REGRESSION_PROTOCOL, STUDY2_MODELS, emojiUses, holdoutSupportRange, paperClassifierF1, paperSplitStanding, type StyleResults } from './style';
import type { ResponseRecord } from '../../data/types';

/** Which models' one-split F1 lie in the upper tail (>= 80th percentile), the lower tail (<= 20th) or between. */
function tailWords(ps: readonly { label: string; percentile: number }[]): string {
  const parts: string[] = [];
  const join = (xs: { label: string }[]) => xs.map((x) => x.label).join(' and ');
  const upper = ps.filter((p) => p.percentile >= 80);
  const lower = ps.filter((p) => p.percentile <= 20);
  const middle = ps.filter((p) => p.percentile > 20 && p.percentile < 80);
  if (upper.length) parts.push(`for ${join(upper)} the paper's split lies in the upper tail of what its protocol gives (80th percentile or above)`);
  if (middle.length) parts.push(`for ${join(middle)} within its usual range`);
  if (lower.length) parts.push(`for ${join(lower)} in its lower tail (20th percentile or below)`);
  return parts.join('; ');
}

/** The scalings of the scikit-learn run. */
export type SklearnScaling = 'counts' | 'l2' | 'standard' | 'l2+standard';

/** One evaluation of the scikit-learn run (50 splits of one kind, one scaling). */
export interface SklearnClassifierRun {
  mean_f1: Record<string, number>;
  q05_f1: Record<string, number>;
  q95_f1: Record<string, number>;
  percentile_of_paper_f1: Record<string, number>;
  share_within_02_all_models: number;
  share_at_most_paper_errors: number;
  mean_errors: number;
}

/** The JSON written by tests/reference/python/lee2024_style_protocol.py. */
export interface SklearnReference {
  versions: { python: string; sklearn: string; numpy: string };
  settings: { splits: number; random_state: number; test_size: number; paper_errors: number };
  emoji_uses: Record<string, number>;
  classifier: Record<'stratified' | 'random', Record<SklearnScaling, SklearnClassifierRun>>;
  top_weight_ranks: Record<SklearnScaling, Record<string, Record<string, number | null>>>;
  regression_mae: { ols: number; ridge_alpha_1: number; ridge_alpha_10: number; ridge_alpha_100: number; training_mean: number; ols_worse_than_mean_share: number };
}

/** Where the scikit-learn run's output is committed. */
export const SKLEARN_REFERENCE_FILE = fromRoot('tests', 'reference', 'python', 'lee2024_style_protocol.json');

/** The committed scikit-learn run, or null when the file is absent. */
export function readSklearnReference(path: string = SKLEARN_REFERENCE_FILE): SklearnReference | null {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as SklearnReference) : null;
}

const SCALINGS: readonly SklearnScaling[] = ['counts', 'l2', 'standard', 'l2+standard'];
const f2 = (x: number) => x.toFixed(2).replace(/^0\./, '.');
const f3 = (x: number) => x.toFixed(3);
const d3 = (x: number) => x.toFixed(3).replace(/^0\./, '.');
const pct = (x: number) => `${Math.round(100 * x)}%`;
const range = (xs: readonly number[], fmt: (x: number) => string) => {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return fmt(lo) === fmt(hi) ? fmt(lo) : `${fmt(lo)}-${fmt(hi)}`;
};


/** Study 2: every pairwise contrast of the compared features decided on LIWC-22's output and on the open dictionary. */
export function study2FeatureConclusions(results: StyleResults, features: readonly string[] = STUDY2_FEATURES): FeatureConclusionRow[] {
  return compareFeatureConclusions(results.contrastTable(features, 'liwc22'), results.contrastTable(features, 'open'));
}

function featureSection(results: StyleResults): ReportSection {
  const c = study2FeatureConclusions(results);
  const differ = c.filter((r) => !r.agree);
  return {
    title: "Study 2 features: LIWC-22's output and the open dictionary",
    paragraphs: [
      "The feature rows above (contrasts, word counts, emoji use) are measured on LIWC-22's output for the 360 Study 2 responses, released by the authors " +
        '(`study2_liwc22_results.csv`, the file behind the paper\'s Figure 3), with the model `feature ~ model + (1|post)`; each row\'s note gives the ' +
        "value from the project's open dictionary beside it (grammar and an openly licensed lexicon; never fitted to LIWC-22's output).",
      `Of the ${c.length} pairwise contrasts of ${STUDY2_FEATURES.length} features (${STUDY2_FEATURES.join(', ')}), the two feature sets reach the same conclusion at .05 ` +
        `(uncorrected, as the paper) on ${c.length - differ.length}` +
        (differ.length ? ` and differ on ${differ.length} (below)` : '') +
        `; after Holm correction over the family they agree on ${c.filter((r) => r.agreeHolm).length}.`,
    ],
    ...(differ.length
      ? {
          table: {
            columns: ['feature', 'contrast', 'LIWC-22 estimate (% of words)', 'LIWC-22 p', 'open dictionary estimate', 'open dictionary p'],
            rows: differ.map((r) => [r.feature, `${sourceLabel(r.a)} - ${sourceLabel(r.b)}`, r.theirs.estimate.toFixed(3), formatPValue(r.theirs.p), r.ours.estimate.toFixed(3), formatPValue(r.ours.p)]),
          },
        }
      : {}),
  };
}

function classifierSection(results: StyleResults, claims: readonly Claim[], responses: readonly ResponseRecord[], ref: SklearnReference | null): ReportSection {
  const S = LEE2024_STYLE_SETTINGS;
  const paper = paperClassifierF1(claims);
  const holdout = results.holdout();
  const st = paperSplitStanding(holdout, paper);
  const testSize = holdout.runs[0]!.split.test.length;
  const all = [...st.implied.kept, ...st.implied.others].sort((a, b) => a.errors - b.errors);
  const byErrors = [...new Set(all.map((w) => w.errors))].map((e) => {
    const ws = all.filter((w) => w.errors === e);
    return `${e} errors (${e === st.paperErrors ? `every model with ${range(ws.flatMap((w) => w.supports), String)}` : `one model with ${range(ws.map((w) => Math.max(...w.supports)), String)}`} of the ${testSize} test responses)`;
  });
  const [slo, shi] = holdoutSupportRange(holdout);
  const strat = ref?.classifier.stratified;
  const paragraphs = [
    `The paper reports F1 from one random 90:10 split (${testSize} test responses). Its F1 (${STUDY2_MODELS.map((m) => `${sourceLabel(m)} ${f2(paper[m]!)}`).join(', ')}) ` +
      `are possible only with ${byErrors.join(' or ')}; our ${st.splits} random splits had ${slo}-${shi} test responses per model, so the paper's split had ${st.paperErrors} errors.`,
    `Our ${st.splits} seeded random 90:10 splits (our classifier: ${CLASSIFIER_SCALINGS.standardized.label}): mean F1 ${STUDY2_MODELS.map((m, k) => `${sourceLabel(m)} ${f2(st.perClass[k]!.mean)}`).join(', ')}; ` +
      `${pct(st.withinTolerance)} of the splits come within ${st.tolerance} of the paper's F1 on all three models, and ${pct(st.atMostPaperErrors)} have at most ${st.paperErrors} errors. ` +
      `The paper's F1 lie at the ${STUDY2_MODELS.map((m, k) => `${Math.round(st.perClass[k]!.percentile)}th (${sourceLabel(m)})`).join(', ')} percentile of our single splits. ` +
      `That is the verdict on a one-split number: ${tailWords(STUDY2_MODELS.map((m, k) => ({ label: sourceLabel(m), percentile: st.perClass[k]!.percentile })))}.`,
  ];
  if (strat) {
    const runs = SCALINGS.map((s) => strat[s]);
    paragraphs.push(
      `An independent scikit-learn run of the same protocol (scikit-learn ${ref!.versions.sklearn}, \`tests/reference/python/lee2024_style_protocol.py\`: CountVectorizer 1-2-grams, English stopwords, ` +
        `200 features + 20 emoji counts, multinomial logistic regression, ${ref!.settings.splits} stratified random 90:10 splits, four scalings: counts, rows L2-normalised, columns standardised, both) ` +
        `gives mean F1 ${STUDY2_MODELS.map((m) => `${range(runs.map((r) => r.mean_f1[m]!), f2)} (${sourceLabel(m)})`).join(', ')} across scalings; ` +
        `${range(runs.map((r) => r.share_within_02_all_models), pct)} of its splits come within .02 of the paper's F1 on all three models, ` +
        `${range(runs.map((r) => r.share_at_most_paper_errors), pct)} have at most ${ref!.settings.paper_errors} errors; ` +
        `the paper's F1 lie at the ${STUDY2_MODELS.map((m) => `${range(runs.map((r) => r.percentile_of_paper_f1[m]!), (x) => String(Math.round(x)))}th (${sourceLabel(m)})`).join(', ')} percentile of its single splits. ` +
        `Both runs put the paper's ${STUDY2_MODELS.filter((m, k) => Math.min(st.perClass[k]!.percentile, ...runs.map((r) => r.percentile_of_paper_f1[m]!)) >= 80).map(sourceLabel).join(' and ') || 'no'} F1 at or above the 80th percentile of what one split gives.`,
    );
  }
  const ranking = results.ranking('rowL2');
  const standardized = results.ranking('standardized');
  const terms = claims.filter((c) => c.kind === 'top_ngrams').map((c) => ({ label: c.source as string, terms: c.terms as string[] }));
  const rank = (r: typeof ranking, label: string, t: string) => {
    const i = r.find((x) => x.label === label)!.features.findIndex((f) => f.feature === t);
    return i < 0 ? null : i + 1;
  };
  const words = terms.flatMap((t) => t.terms.filter((w) => !HEART_EMOJIS.includes(w)).map((w) => ({ label: t.label, w })));
  const inTop = (r: typeof ranking) => words.filter((x) => (rank(r, x.label, x.w) ?? Infinity) <= S.topK).length;
  const outStd = words.filter((x) => (rank(standardized, x.label, x.w) ?? Infinity) > S.topK);
  const uses = emojiUses(responses.filter((r) => r.study === 2));
  const count = (e: string) => [...(uses.get(e)?.values() ?? [])].reduce((a, b) => a + b, 0);
  const llamaTop = ranking.find((x) => x.label === 'llama2')!.features.slice(0, S.topK).map((f) => f.feature);
  const hearts = llamaTop.filter((f) => HEART_EMOJIS.includes(f));
  paragraphs.push(
    `Top weights (fitted on all 360 responses): with ${CLASSIFIER_SCALINGS.rowL2.label}, ${inTop(ranking)} of the paper's ${words.length} n-grams are in our top ${S.topK} of their model; ` +
      `with columns also standardised, ${inTop(standardized)}` +
      (outStd.length ? ` (${outStd.map((x) => `"${x.w}" falls to #${rank(standardized, x.label, x.w) ?? '-'}`).join(', ')})` : '') +
      (ref ? `; the scikit-learn run agrees (standardised: ${outStd.map((x) => `"${x.w}" #${ref.top_weight_ranks.standard[x.label]?.[x.w] ?? '-'}`).join(', ')}; L2 rows: every one in the top 10: ${words.every((x) => (ref.top_weight_ranks.l2[x.label]?.[x.w] ?? Infinity) <= 10) ? 'yes' : 'no'})` : '') +
      '. So the paper most likely normalised rows and did not standardise columns. ' +
      `The paper's "red heart": \u2764 occurs ${count('\u2764')} time(s) in the 360 responses, ` +
      (hearts.length ? `while ${hearts.map((h) => `${h} occurs ${count(h)} times and is #${rank(ranking, 'llama2', h)} of Llama2's weights`).join(', ')}: most likely the heart the paper shows.` : 'and no heart emoji is in Llama2\'s top 10.'),
  );
  return {
    title: "Table III: the paper's one split among many",
    paragraphs,
    table: {
      columns: [
        'model',
        'paper F1 (one split)',
        `ours: mean of ${st.splits} splits`,
        'ours: one split, 5%-95%',
        "ours: percentile of the paper's F1",
        ...(strat ? ['scikit-learn: mean F1 across scalings', "scikit-learn: percentile of the paper's F1"] : []),
      ],
      rows: STUDY2_MODELS.map((m, k) => {
        const p = st.perClass[k]!;
        const runs = strat ? SCALINGS.map((s) => strat[s]) : [];
        return [
          sourceLabel(m),
          f2(p.paper),
          d3(p.mean),
          `${f2(p.q05)}-${f2(p.q95)}`,
          String(Math.round(p.percentile)),
          ...(strat ? [range(runs.map((r) => r.mean_f1[m]!), f2), range(runs.map((r) => r.percentile_of_paper_f1[m]!), (x) => String(Math.round(x)))] : []),
        ];
      }),
    },
  };
}

function regressionSection(results: StyleResults, claims: readonly Claim[], ref: SklearnReference | null): ReportSection {
  const S = LEE2024_STYLE_SETTINGS;
  const paperMae = claims.find((c) => c.kind === 'regression_mae')?.value;
  const protocol = results.paperRegression();
  const ours = results.regression().summary;
  const p = protocol.summary;
  const r = ref?.regression_mae;
  const random = `${S.holdoutSplits} random 90:10 splits`;
  const grouped = `grouped 5-fold CV by post x ${S.repeats}`;
  const rows: string[][] = [
    [`least squares, no penalty, counts of the ${PAPER_REGRESSION_PROTOCOL.features.topNgrams} most frequent n-grams`, random, f3(p.mae.mean), r ? f3(r.ols) : '-'],
    ['the training mean (no features)', random, f3(p.baselineMae.mean), r ? f3(r.training_mean) : '-'],
  ];
  if (r) rows.push(['ridge on the same counts, alpha 1 / 10 / 100', random, '-', `${f3(r.ridge_alpha_1)} / ${f3(r.ridge_alpha_10)} / ${f3(r.ridge_alpha_100)}`]);
  rows.push(['ours: ridge on normalised n-grams + emojis, penalty by inner grouped CV', grouped, f3(ours.mae.mean), '-'], ['the training mean (no features)', grouped, f3(ours.baselineMae.mean), '-']);
  return {
    title: "Table IV: the paper's regression protocol",
    paragraphs: [
      `The paper reports MAE ${typeof paperMae === 'number' ? paperMae.toFixed(2) : '?'} for a linear regression predicting empathy ratings from n-gram features, without saying what it predicted or how it validated. ` +
        `Least squares without a penalty on the counts of the ${PAPER_REGRESSION_PROTOCOL.features.topNgrams} most frequent n-grams, predicting each response's mean empathy rating, evaluated on ${random} ` +
        `gives MAE ${f3(p.mae.mean)}${r ? ` (${f3(r.ols)} in the independent scikit-learn run)` : ''}, ` +
        `against ${f3(p.baselineMae.mean)} for predicting the training mean${r ? ` (${f3(r.training_mean)})` : ''}; it is worse than the mean in ${pct(protocol.worseThanMean)} of the splits. ` +
        `So the paper's ${typeof paperMae === 'number' ? paperMae.toFixed(2) : ''} is most likely an over-fitted regression (${PAPER_REGRESSION_PROTOCOL.features.topNgrams} coefficients from about ${protocol.splits[0]!.train.length} responses) that predicts worse than the mean. ` +
        `A penalised regression does better than the mean: ours ${f3(ours.mae.mean)} against ${f3(ours.baselineMae.mean)} (${grouped})${r ? `; ridge in the scikit-learn run ${range([r.ridge_alpha_1, r.ridge_alpha_10, r.ridge_alpha_100], f3)}` : ''}.`,
    ],
    table: { columns: ['model', 'evaluation', 'MAE (ours)', 'MAE (scikit-learn run)'], rows },
  };
}

/** The report's sections on the Study 2 style results (see the module doc). `ref`: the scikit-learn run, when available. */
export function styleReportSections(results: StyleResults, claims: readonly Claim[], responses: readonly ResponseRecord[], ref: SklearnReference | null = readSklearnReference()): ReportSection[] {
  return [featureSection(results), classifierSection(results, claims, responses, ref), regressionSection(results, claims, ref)];
}
