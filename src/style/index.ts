/**
 * Linguistic style analysis (issue 7): n-gram + emoji features, the style classifier (which model
 * wrote a response) with honest grouped evaluation, and the regression of perceived empathy on the
 * same features.
 */
export * from './stopwords';
export * from './ngrams';
export * from './features';
export * from './lbfgs';
export * from './logistic';
export * from './metrics';
export * from './splits';
export * from './classifier';
export * from './cv';
export * from './regression';
