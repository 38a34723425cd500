# Reference values for the per-feature models on LIWC-22's own Study 1 output (issue 7, item 4):
# for each Figure 3 feature and WC, lmerTest::lmer(value ~ source + (1 | post)) (REML, lme4's tight optimum),
# every pairwise source contrast with emmeans (Satterthwaite df, no adjustment), then p.adjust Holm and BH
# across all features x contrasts. R reads the released CSV itself (independently of the TypeScript loader):
# rows with a blank ColumnID get their source from their position within the post
# (human, gpt_base, llama_base, mistral_base, gpt_low, gpt_high), as the data README says.
#
# Run from the project root after `npx empathy-lab data fetch`:
#   Rscript tests/reference/R/liwc_features.R
# Writes tests/reference/features/study1_liwc22_contrasts.json (model outputs only, no text or raw values).

source(file.path("tests", "reference", "R", "common.R"))
suppressPackageStartupMessages({ library(lme4); library(lmerTest); library(emmeans) })

path <- file.path("data", "cache", "lee2024", "study1_liwc22_results.csv")
if (!file.exists(path)) stop(path, " not found: run `npx empathy-lab data fetch` first")
d <- utils::read.csv(path, stringsAsFactors = FALSE, check.names = FALSE)
order6 <- c("human", "gpt_base", "llama_base", "mistral_base", "gpt_low", "gpt_high")
canonical <- c(human = "human", gpt_base = "gpt4", llama_base = "llama2", mistral_base = "mistral", gpt_low = "gpt4_low", gpt_high = "gpt4_high")
d$slot <- stats::ave(seq_len(nrow(d)), d$post_num, FUN = seq_along)
raw <- ifelse(trimws(d$ColumnID) == "", order6[d$slot], d$ColumnID)
d$source <- factor(unname(canonical[raw]))
d$post <- factor(d$post_num)
stopifnot(nrow(d) == 90, all(table(d$source) == 15))

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
  description = "Study 1, LIWC-22 output: value ~ source + (1|post) per feature, pairwise contrasts (emmeans, Satterthwaite, adjust none), Holm and BH over all rows",
  source_file = "study1_liwc22_results.csv (sha256 4820bedc2159448a3fe672ca05f072f74a9897bfa0b46a7a80a66924dbb805ca)",
  versions = versions(c("lme4", "lmerTest", "emmeans")),
  features = arr(features),
  fits = fits,
  rows = rows
), file.path(REF_DIR, "features", "study1_liwc22_contrasts.json"))
