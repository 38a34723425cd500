# Reference values for src/agreement (intraclass correlations): tests/reference/agreement/<case>.json.
# Run from the project root:  Rscript tests/reference/R/agreement.R
# Needs psych, performance, lme4 (Debian r-cran-psych, r-cran-performance, r-cran-lme4) and jsonlite.
#
# Every case is a long table (item, rater, rating; rating NA = a missing rating, dropped by lmer's na.omit)
# simulated here with a fixed seed, except Shrout & Fleiss (1979)'s 6 x 4 example (psych's ?ICC example).
# For each table (and, for the case with sources, for each source and for all sources pooled):
#   reml_crossed   lmer(rating ~ 1 + (1 | item) + (1 | rater)) at lme4's TIGHT optimum: variances
#   reml_oneway    lmer(rating ~ 1 + (1 | item)), tight: variances
#   performance    performance::icc(crossed, by_group = TRUE) row "item" (= ICC(2,1)),
#                  performance::icc(one-way)$ICC_adjusted (= ICC(1,1))
#   psych          psych::ICC(wide) with its default lmer = TRUE (wide = items x raters, NA = not rated):
#                  its ICC column, the variance components it used (lme4's DEFAULT optimizer), nj, n.obs
#   paper_model    (by_source only) lmer(rating ~ source + (1 | post:rater) + (1 | post) + (1 | rater)), tight, on all
#                  sources (post = item): its variances and performance::icc(by_group = TRUE) per grouping factor
#   (one_way: only counts, reml_oneway and performance$icc1_adjusted: no rater rated two items)
#   psych_anova    (complete tables only) psych::ICC(wide, lmer = FALSE): ICC, F, df1, df2, p, lower, upper
#                  and the mean squares (ANOVA; the F-based intervals of Shrout & Fleiss / McGraw & Wong)
# Krippendorff's alpha has no R reference here (irr is not packaged in Debian 12): its tests use the
# published worked examples (see tests/agreement/alpha.test.ts).

source(file.path("tests", "reference", "R", "common.R"))
suppressPackageStartupMessages({ library(lme4); library(psych); library(performance) })

OUT_DIR <- file.path(REF_DIR, "agreement")
dir.create(OUT_DIR, showWarnings = FALSE)
PKGS <- c("lme4", "psych", "performance", "insight")

vc_of <- function(m) {
  v <- as.data.frame(VarCorr(m))
  out <- list()
  for (i in seq_len(nrow(v))) out[[if (v$grp[i] == "Residual") "residual" else v$grp[i]]] <- v$vcov[i]
  out
}

wide_of <- function(d) {
  d <- d[!is.na(d$rating), ]
  items <- sort(unique(d$item), method = "radix")
  raters <- sort(unique(d$rater), method = "radix")
  w <- matrix(NA_real_, length(items), length(raters), dimnames = list(items, raters))
  w[cbind(match(d$item, items), match(d$rater, raters))] <- d$rating
  w
}

reference_for <- function(d) {
  d$item <- as.character(d$item); d$rater <- as.character(d$rater)
  fit_data <- data.frame(rating = d$rating, item = factor(d$item), rater = factor(d$rater))
  crossed <- lmer(rating ~ 1 + (1 | item) + (1 | rater), fit_data, control = tight_control())
  oneway <- lmer(rating ~ 1 + (1 | item), fit_data, control = tight_control())
  by_group <- performance::icc(crossed, by_group = TRUE)
  w <- wide_of(d)
  ps <- suppressMessages(psych::ICC(w))
  kept <- d[!is.na(d$rating), ]
  out <- list(
    counts = list(rows = nrow(d), ratings = nrow(kept), missing = sum(is.na(d$rating)),
                  items = length(unique(kept$item)), raters = length(unique(kept$rater)),
                  mean_ratings_per_item = nrow(kept) / length(unique(kept$item))),
    reml_crossed = vc_of(crossed),
    reml_oneway = vc_of(oneway),
    performance = list(icc2_by_group_item = by_group$ICC[by_group$Group == "item"],
                       icc1_adjusted = performance::icc(oneway)$ICC_adjusted),
    psych = list(n_obs = nrow(w), nj = ncol(w),
                 lme = list(id = ps$lme["ID", "variance"], items = ps$lme["Items", "variance"],
                            residual = ps$lme["Residual", "variance"]),
                 icc = lapply(seq_len(6), function(i) list(type = ps$results$type[i], ICC = ps$results$ICC[i])))
  )
  if (!anyNA(w)) {
    pa <- psych::ICC(w, lmer = FALSE)
    r <- pa$results
    out$psych_anova <- list(
      results = lapply(seq_len(6), function(i) list(type = r$type[i], ICC = r$ICC[i], F = r$F[i], df1 = r$df1[i],
                                                   df2 = r$df2[i], p = r$p[i], lower = r[i, "lower bound"],
                                                   upper = r[i, "upper bound"])),
      MSB = pa$stats["MS", "subjects"], MSJ = pa$stats["MS", "Judges"], MSE = pa$stats["MS", "Residual"])
  }
  out
}

# Likert ratings 1..7 from item + rater + residual effects.
likert <- function(x) pmin(7, pmax(1, round(x)))
simulate <- function(pairs, n_items, n_raters, sd_item, sd_rater, sd_e, mu = 4) {
  a <- rnorm(n_items, 0, sd_item); b <- rnorm(n_raters, 0, sd_rater)
  data.frame(item = sprintf("i%02d", pairs$item), rater = sprintf("r%02d", pairs$rater),
             rating = likert(mu + a[pairs$item] + b[pairs$rater] + rnorm(nrow(pairs), 0, sd_e)))
}

write_case <- function(case, description, d, extra = list()) {
  j <- c(list(case = case, description = description, generated_by = "tests/reference/R/agreement.R",
              versions = versions(PKGS), control = TIGHT_CONTROL_JSON,
              data = list(item = arr(as.character(d$item)), rater = arr(as.character(d$rater)),
                          rating = arr(d$rating))),
         if (!is.null(d$source)) list(source = arr(d$source)) else list(),
         extra)
  write_json_file(j, file.path(OUT_DIR, paste0(case, ".json")))
}

# 1. Shrout & Fleiss (1979), Table 2: 6 targets x 4 judges (psych's example).
sf <- matrix(c(9, 6, 8, 7, 10, 6, 2, 1, 4, 1, 5, 2, 5, 3, 6, 2, 6, 4, 8, 2, 8, 6, 9, 7), ncol = 4)
d <- data.frame(item = sprintf("t%d", rep(1:6, 4)), rater = sprintf("j%d", rep(1:4, each = 6)), rating = as.vector(sf))
write_case("shrout_fleiss", "Shrout & Fleiss (1979) 6 targets x 4 judges, complete", d, reference_for(d))

# 2. Complete crossed: 25 items x 5 raters.
set.seed(16001)
pairs <- expand.grid(item = 1:25, rater = 1:5)
d <- simulate(pairs, 25, 5, 1.0, 0.5, 0.9)
write_case("complete_crossed", "25 items x 5 raters, every rater rates every item (Likert 1-7)", d, reference_for(d))

# 3. Incomplete crossed: 60 items, 24 raters, each rater rates 15 items at random; 12 ratings missing (NA).
set.seed(16002)
pairs <- do.call(rbind, lapply(1:24, function(r) data.frame(item = sort(sample(60, 15)), rater = r)))
d <- simulate(pairs, 60, 24, 0.9, 0.6, 1.0)
d$rating[sample(nrow(d), 12)] <- NA
write_case("incomplete_crossed", "60 items, 24 raters rating 15 random items each, 12 ratings missing (NA)", d, reference_for(d))

# 4. Raters nested in groups: 3 groups of 5 raters, each group rates its own 10 items (all of them).
set.seed(16003)
pairs <- do.call(rbind, lapply(0:2, function(g) expand.grid(item = g * 10 + 1:10, rater = g * 5 + 1:5)))
d <- simulate(pairs, 30, 15, 0.8, 0.7, 0.8)
write_case("nested_groups", "3 rater groups x 5 raters, each group rates its own 10 items (block design)", d, reference_for(d))

# 5. Sources: 3 sources respond to 20 posts; 30 raters, each rates 8 posts x 3 sources (with a rater x post effect). Per source item = post;
#    pooled item = source:post (a response).
set.seed(16004)
sources <- c("gpt4", "human", "llama2")
pairs <- do.call(rbind, lapply(1:30, function(r) data.frame(post = sort(sample(20, 8)), rater = r)))
a <- matrix(rnorm(60, 0, 0.9), 20, 3); shift <- c(0.8, 0, 0.3); b <- rnorm(30, 0, 0.6)
pr <- rnorm(nrow(pairs), 0, 0.5)  # a rater's impression of a post, shared by the post's three responses
d <- do.call(rbind, lapply(1:3, function(s) data.frame(
  source = sources[s], item = sprintf("p%02d", pairs$post), rater = sprintf("r%02d", pairs$rater),
  rating = likert(4 + shift[s] + a[cbind(pairs$post, s)] + b[pairs$rater] + pr + rnorm(nrow(pairs), 0, 0.9)))))
d$rating[sample(nrow(d), 6)] <- NA
per_source <- lapply(sources, function(s) c(list(group = s), reference_for(d[d$source == s, c("item", "rater", "rating")])))
pooled <- d; pooled$item <- paste0(pooled$source, ":", pooled$item)
# The paper-style model with a fixed effect and a third random term: performance::icc(by_group = TRUE).
fd <- data.frame(rating = d$rating, source = factor(d$source, levels = sources), post = factor(d$item), rater = factor(d$rater))
paper <- lmer(rating ~ source + (1 | post:rater) + (1 | post) + (1 | rater), fd, control = tight_control())
pg <- performance::icc(paper, by_group = TRUE)
paper_model <- list(formula = "rating ~ source + (1 | post:rater) + (1 | post) + (1 | rater)", reference = "gpt4",
                    varcorr = vc_of(paper), by_group = lapply(seq_len(nrow(pg)), function(i) list(group = pg$Group[i], ICC = pg$ICC[i])))
write_case("by_source", "3 sources x 20 posts, 30 raters rating 8 posts x 3 sources, 6 ratings missing; per source (item = post) and pooled (item = source:post)",
           d, list(groups = per_source, overall = reference_for(pooled[, c("item", "rater", "rating")]), paper_model = paper_model))

# 6. Shrout & Fleiss case 1: each item rated by its own 4 raters (120 raters, one rating each): only the one-way
#    model (ICC1) is estimable; the crossed model cannot separate rater from residual variance.
set.seed(16005)
pairs <- data.frame(item = rep(1:30, each = 4), rater = 1:120)
d <- simulate(pairs, 30, 120, 0.9, 0.5, 0.9)
d$rating[c(7, 50)] <- NA
fit_data <- data.frame(rating = d$rating, item = factor(d$item))
oneway <- lmer(rating ~ 1 + (1 | item), fit_data, control = tight_control())
kept <- d[!is.na(d$rating), ]
write_case("one_way", "30 items, each rated by its own 4 raters (Shrout & Fleiss case 1), 2 ratings missing", d, list(
  counts = list(rows = nrow(d), ratings = nrow(kept), missing = sum(is.na(d$rating)), items = length(unique(kept$item)),
                raters = length(unique(kept$rater)), mean_ratings_per_item = nrow(kept) / length(unique(kept$item))),
  reml_oneway = vc_of(oneway),
  performance = list(icc1_adjusted = performance::icc(oneway)$ICC_adjusted)))
