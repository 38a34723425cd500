/**
 * The design of a rating study, read from the data: are raters crossed with sources (a rater rates
 * responses of several sources) or nested in them (each rater rates one source only)? Does a rater rate an
 * item more than once (e.g. one response per source of the same item)? From that, the mixed model:
 * `rating ~ source + (1|rater) + (1|item)`, plus `(1|item:rater)` only where raters rate an item more
 * than once (the rater's view of that item is then shared by its ratings).
 */
import type { RatingStudy } from './load';

/** The design facts and the model they lead to. */
export interface StudyDesign {
  /** 'crossed': some rater rates several sources; 'nested': every rater rates one source only. */
  structure: 'crossed' | 'nested';
  /** Some rater rates the same item more than once (across sources). */
  repeatedItems: boolean;
  /** The model formula in the file's column names. */
  formula: string;
  raters: number;
  items: number;
  sources: number;
  /** Ratings per rater (min, mean, max), sources per rater (max), ratings per item (mean). */
  perRater: { min: number; mean: number; max: number };
  sourcesPerRaterMax: number;
  ratingsPerItem: number;
  /** One paragraph saying what the design is and which model follows. */
  description: string;
  /** What the design allows one to conclude, and what not. */
  limits: string[];
}

/** Reads the design from the data (see the module doc). */
export function studyDesign(study: RatingStudy): StudyDesign {
  const c = study.spec.columns;
  const byRater = new Map<string, { n: number; sources: Set<string>; items: Map<string, number> }>();
  const items = new Set<string>();
  for (const r of study.ratings) {
    let e = byRater.get(r.rater);
    if (!e) byRater.set(r.rater, (e = { n: 0, sources: new Set(), items: new Map() }));
    e.n++;
    e.sources.add(r.source);
    e.items.set(r.item, (e.items.get(r.item) ?? 0) + 1);
    items.add(r.item);
  }
  const counts = [...byRater.values()];
  const sourcesPerRaterMax = Math.max(...counts.map((e) => e.sources.size));
  const structure = sourcesPerRaterMax > 1 ? 'crossed' : 'nested';
  const repeatedItems = counts.some((e) => [...e.items.values()].some((k) => k > 1));
  const terms = [`(1 | ${c.rater})`, `(1 | ${c.item})`];
  if (repeatedItems) terms.unshift(`(1 | ${c.item}:${c.rater})`);
  const formula = `${c.rating} ~ ${c.source} + ${terms.join(' + ')}`;
  const n = study.ratings.length;
  const perRater = { min: Math.min(...counts.map((e) => e.n)), mean: n / counts.length, max: Math.max(...counts.map((e) => e.n)) };
  const nSources = study.sources.length;
  const ratingsPerItem = n / items.size;
  const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
  const description =
    `${n} ratings by ${counts.length} raters of ${items.size} items from ${nSources} sources (${study.sources.join(', ')}); ` +
    `a rater gave ${perRater.min === perRater.max ? perRater.min : `${perRater.min} to ${perRater.max} (mean ${fmt(perRater.mean)})`} ratings. ` +
    (structure === 'crossed'
      ? `Raters are crossed with sources: ${sourcesPerRaterMax === nSources ? 'a rater rates responses of every source' : `a rater rates responses of up to ${sourcesPerRaterMax} sources`}, so each rater's leniency cancels out of the comparisons between sources. `
      : 'Raters are nested in sources: each rater rates responses of one source only, so sources are compared between different raters. ') +
    (repeatedItems
      ? `Raters rate an item more than once (its responses from several sources), so the model has a random intercept for each item:rater pair as well as for raters and items: ${formula}.`
      : `No rater rates an item twice, so the model has random intercepts for raters and items: ${formula}.`);
  const limits: string[] = [];
  if (structure === 'nested') {
    limits.push('Each source was rated by its own raters: differences between sources are estimated against the variation between raters, so they are less precise than in a crossed design, and a rater group that happens to be harsher shifts its source.');
  }
  if (ratingsPerItem < 2) limits.push('Most items have a single rating: item effects and rater agreement are weakly identified.');
  if (counts.length < 20) limits.push(`Only ${counts.length} raters: variance components (and so standard errors, df and agreement) rest on few raters.`);
  if (items.size < 20) limits.push(`Only ${items.size} items: conclusions generalise to other items only as far as these represent them.`);
  limits.push('Ratings are treated as numbers (a linear model); the ordinal model below checks whether the conclusions depend on that.');
  return { structure, repeatedItems, formula, raters: counts.length, items: items.size, sources: nSources, perRater, sourcesPerRaterMax, ratingsPerItem, description, limits };
}
