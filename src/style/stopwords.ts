/**
 * The English stopword list used by the style features (n-gram extraction).
 *
 * Written for this project (no third-party list is copied): it holds closed-class words only, i.e.
 * personal, possessive and reflexive pronouns, determiners and quantifiers, auxiliary and modal
 * verbs, prepositions, conjunctions, a few grammatical adverbs, and the usual contractions of
 * these (written with a straight apostrophe; the tokenizer maps curly apostrophes to it).
 *
 * Why this kind of list: the paper (Lee et al. 2024) does not say which list it used; the usual
 * choices in such analyses are NLTK's English list (179 closed-class words) and scikit-learn's
 * ENGLISH_STOP_WORDS (318 words, which also drops content words such as "please", "well", "cry",
 * "fire", "interest", "serious", "sincere", "find", "show", "give"). This list follows NLTK's kind
 * (function words only) so that words carrying style or stance stay in the vocabulary. The paper's
 * reported top n-grams ("completely", "feelings", "hey", "oh", "totally", "sorry hear",
 * "important remember") survive either list, and they survive this one (a test checks it).
 * Negations ("not", "no", "don't") are stopwords here, as in both NLTK's and scikit-learn's lists.
 */

/** Stopwords, lowercase, grouped by word class (the grouping is documentation only). */
export const ENGLISH_STOPWORDS: readonly string[] = [
  // personal, possessive and reflexive pronouns
  'i', 'me', 'my', 'myself', 'mine', 'we', 'us', 'our', 'ours', 'ourselves',
  'you', 'your', 'yours', 'yourself', 'yourselves', 'he', 'him', 'his', 'himself',
  'she', 'her', 'hers', 'herself', 'it', 'its', 'itself', 'they', 'them', 'their', 'theirs', 'themselves',
  // interrogative and relative pronouns
  'what', 'which', 'who', 'whom', 'whose',
  // determiners and quantifiers
  'a', 'an', 'the', 'this', 'that', 'these', 'those', 'some', 'any', 'each', 'every', 'both', 'either',
  'neither', 'all', 'few', 'more', 'most', 'other', 'such', 'own', 'same', 'no', 'nor', 'not',
  // auxiliary and modal verbs
  'am', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'have', 'has', 'had', 'having',
  'do', 'does', 'did', 'doing', 'will', 'would', 'shall', 'should', 'can', 'could', 'may', 'might', 'must',
  // conjunctions
  'and', 'but', 'if', 'or', 'because', 'as', 'until', 'while', 'than', 'so', 'whether',
  // prepositions and particles
  'of', 'at', 'by', 'for', 'with', 'about', 'against', 'between', 'into', 'through', 'during', 'before',
  'after', 'above', 'below', 'to', 'from', 'up', 'down', 'in', 'out', 'on', 'off', 'over', 'under', 'onto',
  // grammatical adverbs
  'again', 'further', 'then', 'once', 'here', 'there', 'when', 'where', 'why', 'how', 'only', 'very',
  'too', 'just', 'now',
  // contractions of the words above
  "i'm", "i've", "i'll", "i'd", "you're", "you've", "you'll", "you'd", "he's", "he'd", "he'll",
  "she's", "she'd", "she'll", "it's", "it'd", "it'll", "we're", "we've", "we'll", "we'd",
  "they're", "they've", "they'll", "they'd", "that's", "that'll", "there's", "here's", "what's",
  "who's", "let's", "isn't", "aren't", "wasn't", "weren't", "hasn't", "haven't", "hadn't",
  "doesn't", "don't", "didn't", "won't", "wouldn't", "shan't", "shouldn't", "can't", 'cannot',
  "couldn't", "mustn't", "mightn't", "needn't", "ain't", "could've", "would've", "should've",
  "might've", "must've",
];

/** The same list as a Set, for lookups. */
export const ENGLISH_STOPWORD_SET: ReadonlySet<string> = new Set(ENGLISH_STOPWORDS);
