/** Descriptive summaries of rating tables: cell means and SDs, per-post means, intervals across posts, cluster-bootstrap means. */
export { summarizeBySourceAndMeasure, perPostMeans, ciAcrossPosts, type RatingLike, type CellSummary, type MeanCi, type CiAcrossPostsOptions } from './descriptives';
export { clusterBootstrapMeans, type ClusteredValue, type ClusterBootstrapOptions, type ClusterBootstrapMean } from './clusterBootstrap';
