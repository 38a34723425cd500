# Shared helpers for the R reference scripts (sourced by datasets.R, lmm.R, emmeans.R, clmm.R).
# Run every script from the project root, e.g. `Rscript tests/reference/R/lmm.R`.
# Nothing here is used by CI: the scripts are run by hand and their JSON output is committed.

suppressPackageStartupMessages({
  library(jsonlite)
})

REF_DIR <- file.path("tests", "reference")
DATASET_DIR <- file.path(REF_DIR, "datasets")

if (!dir.exists(REF_DIR)) {
  stop("run this script from the project root (tests/reference not found in ", getwd(), ")")
}

#' lme4's TIGHT optimum: the control used for every reference fit.
tight_control <- function() {
  lme4::lmerControl(
    optimizer = "nloptwrap",
    optCtrl = list(ftol_abs = 1e-14, ftol_rel = 1e-14, xtol_abs = 1e-12, xtol_rel = 1e-12, maxeval = 1e5)
  )
}
TIGHT_CONTROL_JSON <- list(
  optimizer = "nloptwrap",
  optCtrl = list(ftol_abs = 1e-14, ftol_rel = 1e-14, xtol_abs = 1e-12, xtol_rel = 1e-12, maxeval = 1e5)
)

#' R and package versions, recorded in every JSON file.
versions <- function(pkgs) {
  out <- list(R = paste(R.version$major, R.version$minor, sep = "."))
  for (p in pkgs) out[[p]] <- utils::packageDescription(p)$Version
  out$BLAS <- basename(dirname(unname(extSoftVersion()["BLAS"])))  # "blas" (reference) or "openblas-pthread"
  out
}

#' Write `x` as pretty JSON with 15 significant digits (jsonlite's maximum); NA -> null.
write_json_file <- function(x, path) {
  txt <- jsonlite::toJSON(x, auto_unbox = TRUE, digits = I(15), na = "null", null = "null", pretty = TRUE)
  writeLines(txt, path, useBytes = TRUE)
  # validate: parse back
  invisible(jsonlite::fromJSON(path, simplifyVector = FALSE))
  message("wrote ", path)
}

#' An array that must stay an array in JSON even when it has length 1.
arr <- function(x) if (is.null(x)) I(character(0)) else I(unname(x))

#' A numeric matrix as an array of row arrays (row-major), dimnames dropped.
mat_rows <- function(m) {
  m <- as.matrix(m)
  lapply(seq_len(nrow(m)), function(i) arr(as.numeric(m[i, ])))
}

#' Five-number summary as printed by summary.merMod (quantile type 7).
five_num <- function(x) {
  q <- stats::quantile(x, c(0, 0.25, 0.5, 0.75, 1), names = FALSE)
  list(min = q[1], q1 = q[2], median = q[3], q3 = q[4], max = q[5])
}

# ---------------------------------------------------------------------------------------------------------
# Lee et al. (2024) ratings, rebuilt here from the released WIDE files (independent of the project's loader).
# ---------------------------------------------------------------------------------------------------------

lee2024_dir <- function() {
  cands <- c(Sys.getenv("EMPATHY_LAB_DATA_FROM"), file.path("..", "shared", "data", "lee2024"),
             file.path("data", "cache", "lee2024"))
  for (d in cands) if (nzchar(d) && file.exists(file.path(d, "study2_cleaned.csv"))) return(d)
  stop("Lee et al. (2024) ratings not found (tried ", paste(cands, collapse = ", "), ")")
}

SOURCE_MAP <- c(human = "human", gptbase = "gpt4", gpthigh = "gpt4_high", gptlow = "gpt4_low",
                llama = "llama2", mistral = "mistral", gpt4 = "gpt4")

#' Long table of one study's ratings of one measure.
#' Row order: files in order (Study 1: group 1 then group 2), raters in file order, then rating columns
#' in file order. Columns: study, group, subject (SubjectNum), post, source (canonical), rating.
#' Rater labels (character): rater_paper = SubjectNum; rater_unique = "<group>-<SubjectNum>" in Study 1
#' and "<SubjectNum>" in Study 2 (one group only, so already unique within the study).
lee2024_long <- function(study, measure = c("empathy", "appropriateness")) {
  measure <- match.arg(measure)
  suffix <- if (measure == "empathy") "emp" else "app"
  dir <- lee2024_dir()
  files <- if (study == 1) c("study1a_group1_cleaned.csv", "study1a_group2_cleaned.csv") else "study2_cleaned.csv"
  parts <- list()
  for (k in seq_along(files)) {
    d <- utils::read.csv(file.path(dir, files[k]), check.names = FALSE, stringsAsFactors = FALSE)
    d <- d[, !grepl("prolific", names(d), ignore.case = TRUE), drop = FALSE]
    cols <- grep(paste0("^s[0-9]+_[a-z0-9]+_", suffix, "$"), names(d), value = TRUE)
    group <- if (study == 1) d$GroupID else rep(1L, nrow(d))
    rows <- vector("list", nrow(d))
    for (i in seq_len(nrow(d))) {
      v <- suppressWarnings(as.numeric(unlist(d[i, cols])))
      keep <- !is.na(v)
      cc <- cols[keep]
      post <- as.integer(sub("^s([0-9]+)_.*$", "\\1", cc))
      src_raw <- sub("^s[0-9]+_([a-z0-9]+)_.*$", "\\1", cc)
      if (any(!src_raw %in% names(SOURCE_MAP))) stop("unknown source in ", files[k])
      rows[[i]] <- data.frame(study = study, group = group[i], subject = d$SubjectNum[i], post = post,
                              source = unname(SOURCE_MAP[src_raw]), rating = v[keep],
                              stringsAsFactors = FALSE)
    }
    parts[[k]] <- do.call(rbind, rows)
  }
  long <- do.call(rbind, parts)
  long$rater_paper <- as.character(long$subject)
  long$rater_unique <- if (study == 1) paste0(long$group, "-", long$subject) else as.character(long$subject)
  rownames(long) <- NULL
  long
}

#' Model frame for the paper's within-study model. `rater` = the chosen coding; `post` is a character label.
lee2024_table <- function(study, measure, rater_coding = c("paper", "unique"), reference) {
  rater_coding <- match.arg(rater_coding)
  long <- lee2024_long(study, measure)
  lv <- if (study == 1) c("human", "gpt4", "gpt4_high", "gpt4_low", "llama2", "mistral") else c("gpt4", "llama2", "mistral")
  lv <- c(reference, setdiff(lv, reference))
  data.frame(rating = long$rating,
             source = factor(long$source, levels = lv),
             post = factor(as.character(long$post)),
             rater = factor(if (rater_coding == "paper") long$rater_paper else long$rater_unique),
             group = long$group, subject = long$subject,
             stringsAsFactors = FALSE)
}

#' Cross-study table for one model source: Study 1 and Study 2 empathy ratings of that source.
#' Paper coding: Study 1 rater = SubjectNum, Study 1 post = post; Study 2 rater = SubjectNum + 1000,
#' Study 2 post = post + 1000. Unique coding: Study 1 rater = "<group>-<SubjectNum>", Study 2 rater =
#' SubjectNum + 1000; posts as in the paper coding.
lee2024_cross_table <- function(source, rater_coding = c("paper", "unique")) {
  rater_coding <- match.arg(rater_coding)
  a <- lee2024_long(1, "empathy"); a <- a[a$source == source, ]
  b <- lee2024_long(2, "empathy"); b <- b[b$source == source, ]
  r1 <- if (rater_coding == "paper") as.character(a$subject) else paste0(a$group, "-", a$subject)
  data.frame(rating = c(a$rating, b$rating),
             study = factor(c(rep("1", nrow(a)), rep("2", nrow(b))), levels = c("1", "2")),
             post = factor(c(as.character(a$post), as.character(b$post + 1000))),
             rater = factor(c(r1, as.character(b$subject + 1000))),
             stringsAsFactors = FALSE)
}

# Missing-value strings of the agreed CSV reading rules (tests/reference/messy/README.md).
BASE_NA <- c("", "NA", "NaN")

#' read.csv with the agreed rules (messy/README.md); character columns -> factor with C-locale (radix) levels.
read_messy <- function(path, na_extra, encoding) {
  d <- utils::read.csv(path, na.strings = c(BASE_NA, na_extra), strip.white = TRUE, fileEncoding = encoding,
                       check.names = FALSE, stringsAsFactors = FALSE)
  for (j in seq_along(d)) {
    if (is.character(d[[j]])) {
      x <- enc2utf8(d[[j]])
      d[[j]] <- factor(x, levels = sort(unique(x[!is.na(x)]), method = "radix"))
    }
  }
  d
}

# Outer optimizer ucminf with a tight gradient tolerance. The inner Newton loop (conditional modes) keeps a
# gradient tolerance of 1e-6: tighter values make it fail ("iteration limit reached when updating the random
# effects") and give WORSE fits (measured on wine: logLik -81.5654128 vs -81.5654093).
# clmm can use ucminf only with a single random term; with several terms nlminb with rel.tol 1e-14 (measured on
# ordinal_crossed: logLik -890.3534226758, max |gradient| 1.2e-5, vs clmm's default -890.3534231689, 1.8e-3).
tight_clmm_settings <- function(formula) {
  n_terms <- length(gregexpr("|", formula, fixed = TRUE)[[1]])
  if (n_terms == 1) list(method = "ucminf", grtol = 1e-10, xtol = 1e-14, maxeval = 5000, gradTol = 1e-6)
  else list(method = "nlminb", rel.tol = 1e-14, eval.max = 5000, iter.max = 5000, gradTol = 1e-6)
}

#' Hessian of f at x by central differences with step h (all pairs).
central_hessian <- function(f, x, h) {
  n <- length(x)
  f0 <- f(x)
  H <- matrix(NA_real_, n, n)
  for (i in seq_len(n)) {
    e <- rep(0, n); e[i] <- h
    H[i, i] <- (f(x + e) - 2 * f0 + f(x - e)) / h^2
    if (i > 1) for (j in seq_len(i - 1)) {
      ej <- rep(0, n); ej[j] <- h
      H[i, j] <- H[j, i] <- (f(x + e + ej) - f(x + e - ej) - f(x - e + ej) + f(x - e - ej)) / (4 * h^2)
    }
  }
  H
}
