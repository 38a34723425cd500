# Reference values for the per-feature models on LIWC-22's own output (issue 7, item 4: Study 1; issue 14:
# Study 2): for each Figure 3 feature and WC, lmerTest::lmer(value ~ source + (1 | post)) (REML, lme4's tight
# optimum), every pairwise source contrast with emmeans (Satterthwaite df, no adjustment), then p.adjust Holm
# and BH across all features x contrasts. R reads the released CSV itself (independently of the TypeScript
# loader).
# - Study 1 (study1_liwc22_results.csv, 90 rows): rows with a blank ColumnID get their source from their
#   position within the post (human, gpt_base, llama_base, mistral_base, gpt_low, gpt_high), as the data
#   README says.
# - Study 2 (study2_liwc22_results.csv, 360 rows): ColumnID is gpt4, llama or mistral (canonical gpt4, llama2,
#   mistral). Values are in LIWC's percent; the paper's proportions (b) are these / 100.
#
# Run from the project root after `npx empathy-lab data fetch`:
#   Rscript tests/reference/R/liwc_features.R            # both studies
#   Rscript tests/reference/R/liwc_features.R study2     # one study (study1 or study2)
# Writes tests/reference/features/study{1,2}_liwc22_contrasts.json (model outputs only, no text or raw values).

source(file.path("tests", "reference", "R", "common.R"))
suppressPackageStartupMessages({ library(lme4); library(lmerTest); library(emmeans) })

read_liwc <- function(name) {
  path <- file.path("data", "cache", "lee2024", name)
  if (!file.exists(path)) stop(path, " not found: run `npx empathy-lab data fetch` first")
  utils::read.csv(path, stringsAsFactors = FALSE, check.names = FALSE)
}

study1_data <- function() {
  d <- read_liwc("study1_liwc22_results.csv")
  order6 <- c("human", "gpt_base", "llama_base", "mistral_base", "gpt_low", "gpt_high")
  canonical <- c(human = "human", gpt_base = "gpt4", llama_base = "llama2", mistral_base = "mistral", gpt_low = "gpt4_low", gpt_high = "gpt4_high")
  d$slot <- stats::ave(seq_len(nrow(d)), d$post_num, FUN = seq_along)
  raw <- ifelse(trimws(d$ColumnID) == "", order6[d$slot], d$ColumnID)
  d$source <- factor(unname(canonical[raw]))
  d$post <- factor(d$post_num)
  stopifnot(nrow(d) == 90, all(table(d$source) == 15))
  d
}

study2_data <- function() {
  d <- read_liwc("study2_liwc22_results.csv")
  canonical <- c(gpt4 = "gpt4", llama = "llama2", mistral = "mistral")
  stopifnot(all(d$ColumnID %in% names(canonical)))
  d$source <- factor(unname(canonical[d$ColumnID]))
  d$post <- factor(d$post_num)
  stopifnot(nrow(d) == 360, all(table(d$source) == 120), nlevels(d$post) == 120, all(table(d$post) == 3))
  d
}

contrasts_json <- function(d, description, source_file, out) {
  features <- c("i", "we", "you", "shehe", "they", "QMark", "Exclam", "Emoji", "emo_pos", "emo_neg", "WC")
  rows <- list()
  fits <- list()
  for (f in features) {
    d$value <- d[[f]]
    m <- lmerTest::lmer(value ~ source + (1 | post), data = d, REML = TRUE, control = tight_control())
    fits[[length(fits) + 1]] <- list(feature = f, theta = unname(lme4::getME(m, "theta")), sigma = sigma(m),
                                     singular = lme4::isSingular(m), reml = unname(lme4::REMLcrit(m)))
    pr <- as.data.frame(pairs(emmeans(m, "source", lmer.df = "satterthwaite"), adjust = "none"))
    for (i in seq_len(nrow(pr))) {
      lv <- strsplit(as.character(pr$contrast[i]), " - ", fixed = TRUE)[[1]]
      rows[[length(rows) + 1]] <- list(feature = f, a = lv[1], b = lv[2], estimate = pr$estimate[i], se = pr$SE[i],
                                       df = pr$df[i], t = pr$t.ratio[i], p = pr$p.value[i])
    }
  }
  p <- vapply(rows, function(r) r$p, numeric(1))
  holm <- stats::p.adjust(p, "holm")
  bh <- stats::p.adjust(p, "BH")
  for (i in seq_along(rows)) { rows[[i]]$p_holm <- holm[i]; rows[[i]]$p_bh <- bh[i] }
  write_json_file(list(
    description = description,
    source_file = source_file,
    versions = versions(c("lme4", "lmerTest", "emmeans")),
    features = arr(features),
    fits = fits,
    rows = rows
  ), file.path(REF_DIR, "features", out))
}

args <- commandArgs(trailingOnly = TRUE)
which <- if (length(args) == 0) c("study1", "study2") else args
if (any(!which %in% c("study1", "study2"))) stop("unknown study: ", paste(setdiff(which, c("study1", "study2")), collapse = ", "))

if ("study1" %in% which) {
  contrasts_json(study1_data(),
    "Study 1, LIWC-22 output: value ~ source + (1|post) per feature, pairwise contrasts (emmeans, Satterthwaite, adjust none), Holm and BH over all rows",
    "study1_liwc22_results.csv (sha256 4820bedc2159448a3fe672ca05f072f74a9897bfa0b46a7a80a66924dbb805ca)",
    "study1_liwc22_contrasts.json")
}
if ("study2" %in% which) {
  contrasts_json(study2_data(),
    "Study 2, LIWC-22 output: value ~ source + (1|post) per feature (percent of words; the paper's b = estimate / 100), pairwise contrasts (emmeans, Satterthwaite, adjust none), Holm and BH over all rows",
    "study2_liwc22_results.csv (sha256 f19c5206271c85287e559527a3afa99bed6a20f29b3f432e41d97bd3f43aba8e)",
    "study2_liwc22_contrasts.json")
}
