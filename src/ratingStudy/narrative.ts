/**
 * What each result of a rating study means, in words computed from its numbers, so the narration of a
 * generated notebook cannot go stale when the data change: which sources were rated higher, which
 * differences are significant after Tukey's adjustment, how large they are, how much raters agree, and
 * whether the ordinal model agrees.
 */
import type { AgreementResult } from '../agreement/index';
import type { ContrastTable, EffectSizeTable, EmmGrid } from '../inference/index';
import type { RobustnessResult } from '../ordinal/index';

const num = (x: number, d = 2) => x.toFixed(d);
const pText = (p: number) => (p < 0.001 ? 'p < .001' : `p = ${(p < 0.01 ? p.toFixed(3) : p.toFixed(2)).replace(/^0/, '')}`);

/** "gpt4 was rated highest (3.57), then llama2 (3.26) and human (3.05)", with the scale. */
export function describeMeans(means: EmmGrid, scale: { min: number; max: number }, measure: string): string {
  const rows = means.rows.filter((r) => r.estimable).slice().sort((a, b) => b.emmean - a.emmean);
  if (rows.length === 0) return 'No marginal mean is estimable.';
  const [top, ...rest] = rows;
  const restText = rest.map((r) => `${r.level} (${num(r.emmean)})`);
  return (
    `On the ${scale.min}-${scale.max} ${measure} scale, ${top!.level} was rated highest (${num(top!.emmean)}, 95% CI ${num(top!.lower)} to ${num(top!.upper)})` +
    (restText.length ? `, then ${restText.length > 1 ? `${restText.slice(0, -1).join(', ')} and ${restText.at(-1)}` : restText[0]}` : '') +
    '.'
  );
}

/** One sentence per pairwise contrast: which is higher, by how much, and whether it survives Tukey's adjustment. */
export function describeContrasts(contrasts: ContrastTable, alpha = 0.05): string[] {
  return contrasts.rows.map((r) => {
    if (!r.estimable) return `${r.contrast}: not estimable in this design.`;
    const [a, b] = r.contrast.split(' - ');
    const higher = r.estimate >= 0 ? a : b;
    const lower = r.estimate >= 0 ? b : a;
    const size = Math.abs(r.estimate);
    return r.p < alpha
      ? `${higher} was rated higher than ${lower} by ${num(size)} points (95% CI ${num(Math.min(Math.abs(r.lower), Math.abs(r.upper)))} to ${num(Math.max(Math.abs(r.lower), Math.abs(r.upper)))}, Tukey-adjusted ${pText(r.p)}).`
      : `${a} and ${b} differ by ${num(size)} points, which is not significant after Tukey's adjustment (${pText(r.p)}; 95% CI ${num(r.lower)} to ${num(r.upper)}).`;
  });
}

/** Cohen's labels for |d|: negligible < 0.2 <= small < 0.5 <= medium < 0.8 <= large. */
export function effectSizeLabel(d: number): string {
  const a = Math.abs(d);
  return a < 0.2 ? 'negligible' : a < 0.5 ? 'small' : a < 0.8 ? 'medium' : 'large';
}

/** The largest standardized difference and the labels of all. */
export function describeEffectSizes(table: EffectSizeTable): string {
  const rows = table.rows.filter((r) => Number.isFinite(r.d));
  if (rows.length === 0) return 'No effect size is estimable.';
  const biggest = rows.slice().sort((a, b) => Math.abs(b.d) - Math.abs(a.d))[0]!;
  const ci = Number.isFinite(biggest.lower) ? ` (95% bootstrap CI ${num(biggest.lower)} to ${num(biggest.upper)})` : '';
  return (
    `Relative to the total spread of single ratings (SD ${num(table.denominator.sd)}), the largest difference is ${biggest.contrast}, d = ${num(biggest.d)}${ci}, ` +
    `a ${effectSizeLabel(biggest.d)} effect by Cohen's conventions; ` +
    rows.map((r) => `${r.contrast}: ${effectSizeLabel(r.d)}`).join('; ') +
    '.'
  );
}

/** Koo & Li (2016) labels for an ICC: poor < .5 <= moderate < .75 <= good < .9 <= excellent. */
export function iccLabel(icc: number): string {
  return icc < 0.5 ? 'poor' : icc < 0.75 ? 'moderate' : icc < 0.9 ? 'good' : 'excellent';
}

/** How much raters agree overall and per source, in words. */
export function describeAgreement(overall: AgreementResult, groups: readonly AgreementResult[], label: (group: string) => string = (g) => g): string {
  const s = overall.icc_single;
  const k = overall.icc_average;
  const per = groups.map((g) => `${label(g.group ?? '')} ${num(g.icc_single.estimate)}`).join(', ');
  return (
    `A single rating agrees with other raters' ratings of the same response with ICC(2,1) = ${num(s.estimate)} (95% CI ${num(s.lower)} to ${num(s.upper)}), ` +
    `${iccLabel(s.estimate)} by Koo & Li's guidelines; the mean of a response's ratings (k = ${num(overall.k, 1)}) is ${iccLabel(k.estimate)} (ICC(2,k) = ${num(k.estimate)}). ` +
    `Krippendorff's alpha is ${num(overall.alpha_interval.estimate)} (interval) and ${num(overall.alpha_ordinal.estimate)} (ordinal). ` +
    (groups.length ? `Per source, ICC(2,1): ${per}.` : '')
  );
}

/** Whether the conclusions hold when the ratings are treated as ordinal. */
export function describeRobustness(r: RobustnessResult): string {
  const changed = r.rows.filter((x) => !x.holds);
  return (
    `${r.overall} ` +
    (changed.length === 0
      ? 'Treating the ratings as numbers does not drive any conclusion.'
      : `Different decisions: ${changed.map((x) => x.comparison).join('; ')}; read these with care.`)
  );
}
