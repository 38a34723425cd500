/**
 * The Study 2 style measurements for the replication report. The independent references are the
 * paper's own printed numbers (LIWC-22 + lme4): on pronouns, punctuation and word counts our open
 * dictionary must give the paper's values to its printed precision.
 */
import { LEE2024_CLAIMS_FILE } from '../../src/studies/lee2024/report';
import { describe, expect, it } from 'vitest';
import { loadLee2024Ratings, loadLee2024Responses } from '../../src/studies/lee2024/data';
import { ratedDocs, ratingLevelStyleModel, styleDocs, styleMeasurements, featureMeanSd } from '../../src/studies/lee2024/style';
import { responseFeatures } from '../../src/style/featureModels';
import { readClaims, type Claim } from '../../src/report/claims';
import { buildReplicationReport } from '../../src/report/replication';
import { fitEmpathyRegression } from '../../src/style/regression';

const responses = loadLee2024Responses({ study: 2 }).records;
const ratings = loadLee2024Ratings({ study: 2 }).records;
const claims = readClaims(LEE2024_CLAIMS_FILE).claims;

describe('Study 2 style claims', () => {
  it('reproduces the paper\'s i, QMark and Exclam contrasts and word counts (b, t) from our features', () => {
    const ids = [
      's2.feat.i.b.llama2_gpt4', 's2.feat.i.t.llama2_gpt4', 's2.feat.i.b.mistral_gpt4', 's2.feat.i.t.mistral_gpt4',
      's2.feat.QMark.b.llama2_mistral', 's2.feat.QMark.t.llama2_mistral', 's2.feat.Exclam.b.llama2_gpt4', 's2.feat.Exclam.t.llama2_gpt4',
      's2.feat.Exclam.b.llama2_mistral', 's2.feat.Exclam.t.llama2_mistral', 's2.wc.llama2', 's2.wc.mistral', 's2.wcsd.gpt4', 's2.wcsd.llama2',
      's2.feat.Emoji.others', 's2.feat.Emoji.llama2',
    ];
    const chosen = claims.filter((c) => ids.includes(c.id));
    expect(chosen).toHaveLength(ids.length);
    const report = buildReplicationReport({ paper: 'p', transcribed_from: 't', claims: chosen }, styleMeasurements(responses, ratings, chosen));
    expect(report.rows.filter((r) => r.verdict !== 'reproduced').map((r) => `${r.id}: ${r.ours}`)).toEqual([]);
    expect(report.notCovered).toEqual([]);
  });
  it('signs follow the claim\'s contrast: the reversed contrast gives the negated b', () => {
    const c = claims.find((x) => x.id === 's2.feat.i.b.llama2_gpt4')!;
    const reversed: Claim = { ...c, id: 'rev', contrast: ['gpt4', 'llama2'] };
    const [m1, m2] = styleMeasurements(responses, ratings, [c, reversed]);
    expect(m1!.value).toBeCloseTo(0.0076, 4);
    expect(m2!.value).toBeCloseTo(-(m1!.value as number), 15);
  });
  it('measures nothing for claims of other kinds', () => {
    expect(styleMeasurements(responses, ratings, claims.filter((c) => c.kind === 'mean'))).toEqual([]);
  });
  it('word-count SDs are sample SDs (n - 1)', () => {
    const wc = featureMeanSd(responseFeatures(responses), 'WC').find((r) => r.source === 'gpt4')!;
    const xs = responseFeatures(responses).filter((r) => r.source === 'gpt4').map((r) => r.features.WC!);
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(wc.n).toBe(120);
    expect(wc.sd).toBeCloseTo(Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / 119), 12);
  });
});

describe('inputs of the classifier and the regression', () => {
  it('one document per response, grouped by post; one rated document per response with its mean empathy', () => {
    expect(styleDocs(responses)).toHaveLength(360);
    const docs = ratedDocs(responses, ratings);
    expect(docs).toHaveLength(360);
    const one = ratings.filter((r) => r.measure === 'empathy' && r.post === responses[0]!.post && r.source === responses[0]!.source);
    const d = docs.find((x) => x.id === `2-${responses[0]!.post}-${responses[0]!.source}`)!;
    expect(d.y).toBeCloseTo(one.reduce((s, r) => s + r.rating, 0) / one.length, 12);
    expect(d.group).toBe(responses[0]!.post);
  });
  it('names a response without ratings and ratings without a response', () => {
    expect(() => ratedDocs(responses, ratings.filter((r) => !(r.post === responses[0]!.post && r.source === responses[0]!.source)))).toThrow(
      new RegExp(`1 response\\(s\\) have no empathy rating, e.g. Study 2 post ${responses[0]!.post} ${responses[0]!.source}`),
    );
    expect(() => ratedDocs(responses.slice(1), ratings)).toThrow(/have no response text/);
  });
  it('the rating-level mixed model uses every empathy rating and the 2k chosen features, with (1|rater) + (1|post)', () => {
    const reg = fitEmpathyRegression(ratedDocs(responses, ratings), { lambda: 100 });
    const { fit, features } = ratingLevelStyleModel(ratings, responses, reg, 3);
    expect(fit.nobs).toBe(6060);
    expect(features).toHaveLength(6);
    const top = reg.topCoefficients(3);
    expect(features.map((f) => f.feature).sort()).toEqual([...top.positive, ...top.negative].map((w) => w.feature).sort());
    expect(fit.fixefNames).toHaveLength(7);
    expect(Object.keys(fit.ngrps).sort()).toEqual(['post', 'rater']);
  });
});
