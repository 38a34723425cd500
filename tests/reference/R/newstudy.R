# Reference values for `empathy-lab new-study` / `reproduce` on two synthetic rating studies:
# tests/reference/newstudy/<case>.json (schema: tests/reference/newstudy/README.md).
# Run from the project root:
#   Rscript tests/reference/R/newstudy.R              # read the committed CSVs, write the JSON (~1 min)
#   Rscript tests/reference/R/newstudy.R --generate   # first (re)write the CSVs from the fixed seeds below
#   Rscript tests/reference/R/newstudy.R crossed      # only the named cases (crossed, nested)
# The fits read the data back FROM THE CSV FILES, as the tool does: read.csv(na.strings = c("", "NA", "NaN"),
# strip.white = TRUE), identifier columns as strings, rows with a missing rating dropped.

source(file.path("tests", "reference", "R", "common.R"))
suppressPackageStartupMessages({
  library(lme4); library(lmerTest); library(emmeans); library(pbkrtest); library(ordinal)
})
emm_options(lmerTest.limit = 1e6, pbkrtest.limit = 1e6)

OUT_DIR <- file.path(REF_DIR, "newstudy")
dir.create(OUT_DIR, showWarnings = FALSE)
PKGS <- c("lme4", "lmerTest", "emmeans", "pbkrtest", "ordinal", "ucminf", "performance", "insight", "psych",
          "Matrix", "nloptr", "numDeriv")
args <- commandArgs(trailingOnly = TRUE)
generate <- "--generate" %in% args
args <- setdiff(args, "--generate")
wanted <- function(case) length(args) == 0 || case %in% args

# ---- the two studies --------------------------------------------------------------------------------------
# Each case names its columns as the tool's flags do (--rater, --item, --source, --rating, --scale, --reference).
CASES <- list(
  crossed = list(
    file = file.path(OUT_DIR, "crossed.csv"),
    description = paste("synthetic crossed study: 3 systems (human, gpt4, llama2) answer 60 dialogs; 40 raters each rate",
                        "12 random dialogs, every system's response to each (1,440 ratings, 5-point scale), 3 ratings missing"),
    rater = "rater_id", item = "dialog", source = "system", rating = "score", scale = c(1, 5), reference = "human"
  ),
  nested = list(
    file = file.path(OUT_DIR, "nested.csv"),
    description = paste("synthetic nested study: 3 conditions (control, treat_a, treat_b), 30 annotators per condition",
                        "(90), each rates 10 of 50 items in its condition only (900 ratings, 3-point scale), 2 ratings missing"),
    rater = "annotator", item = "item", source = "condition", rating = "rating", scale = c(1, 3), reference = "control"
  )
)

# ---- data generation (only with --generate) -----------------------------------------------------------------
# Latent normal model: eta = source shift + rater effect + item effect + residual, cut at fixed thresholds.
COMMENT_WORDS <- c("warm", "generic", "too long", "kind", "robotic", "helpful", "dismissive", "validating", "vague",
                   "specific", "repetitive", "caring")
comment_text <- function(n) {
  vapply(seq_len(n), function(i) {
    r <- stats::runif(1)
    if (r < 0.35) return("")                                       # empty (not a missing rating: unused column)
    w <- sample(COMMENT_WORDS, sample(1:3, 1))
    s <- paste(w, collapse = ", ")                                 # commas inside a quoted field
    if (r > 0.93) s <- paste0("said \"", w[1], "\", then ", s)     # embedded (doubled) quotes
    s
  }, "")
}
cut_latent <- function(eta, cuts) findInterval(eta, cuts) + 1L

generate_crossed <- function(path) {
  set.seed(20240601)
  systems <- c("human", "gpt4", "llama2")
  shift <- c(human = 0, gpt4 = 0.65, llama2 = 0.30)
  n_raters <- 40; n_dialogs <- 60; per_rater <- 12
  raters <- sprintf("r%02d", seq_len(n_raters))
  dialogs <- sprintf("dlg_%03d", seq_len(n_dialogs))
  u_rater <- stats::rnorm(n_raters, 0, 0.6)
  u_dialog <- stats::rnorm(n_dialogs, 0, 0.5)
  rows <- do.call(rbind, lapply(seq_len(n_raters), function(r) {
    dl <- sample(n_dialogs, per_rater)
    g <- expand.grid(system = systems, dialog = dl, stringsAsFactors = FALSE)
    g <- g[sample(nrow(g)), ]                                          # presentation order within a rater
    data.frame(rater_id = raters[r], dialog = dialogs[g$dialog], system = g$system,
               eta = shift[g$system] + u_rater[r] + u_dialog[g$dialog] + stats::rnorm(nrow(g), 0, 1),
               stringsAsFactors = FALSE)
  }))
  rows$score <- cut_latent(rows$eta, c(-1.3, -0.4, 0.6, 1.6))
  rows$score[sample(nrow(rows), 3)] <- NA
  rows$comment <- comment_text(nrow(rows))
  out <- rows[, c("rater_id", "dialog", "system", "score", "comment")]
  utils::write.csv(out, path, row.names = FALSE, na = "")
  message("wrote ", path, " (", nrow(out), " rows)")
}

generate_nested <- function(path) {
  set.seed(20240602)
  conditions <- c("control", "treat_a", "treat_b")
  shift <- c(control = 0, treat_a = 0.45, treat_b = -0.25)
  per_cond <- 30; n_items <- 50; per_rater <- 10
  u_item <- stats::rnorm(n_items, 0, 0.5)
  rows <- do.call(rbind, lapply(seq_along(conditions), function(ci) {
    do.call(rbind, lapply(seq_len(per_cond), function(j) {
      id <- 100L + (ci - 1L) * per_cond + j                           # numeric ids 101..190: still labels
      it <- sample(n_items, per_rater)
      u <- stats::rnorm(1, 0, 0.5)
      data.frame(annotator = id, item = it, condition = conditions[ci],
                 eta = shift[ci] + u + u_item[it] + stats::rnorm(per_rater, 0, 1), stringsAsFactors = FALSE)
    }))
  }))
  rows <- rows[order(rows$annotator), ]
  rows$rating <- cut_latent(rows$eta, c(-0.5, 0.6))
  rows$rating[sample(nrow(rows), 2)] <- NA
  out <- rows[, c("annotator", "item", "condition", "rating")]
  utils::write.csv(out, path, row.names = FALSE, na = "")
  message("wrote ", path, " (", nrow(out), " rows)")
}

if (generate) {
  generate_crossed(CASES$crossed$file)
  generate_nested(CASES$nested$file)
}

# ---- helpers --------------------------------------------------------------------------------------------------
rows_of <- function(df, cols, rename = NULL) {
  lapply(seq_len(nrow(df)), function(i) {
    r <- list()
    for (c in cols) {
      v <- df[[c]][i]
      key <- if (!is.null(rename) && c %in% names(rename)) rename[[c]] else c
      r[[key]] <- if (is.factor(v)) as.character(v) else v
    }
    r
  })
}

read_study <- function(cs) {
  d <- utils::read.csv(cs$file, na.strings = c("", "NA", "NaN"), strip.white = TRUE, stringsAsFactors = FALSE,
                       colClasses = stats::setNames(rep("character", 3), c(cs$rater, cs$item, cs$source)))
  y <- d[[cs$rating]]
  stopifnot(is.numeric(y))
  kept <- d[!is.na(y), ]
  stopifnot(all(kept[[cs$rating]] %in% seq(cs$scale[1], cs$scale[2])))
  others <- setdiff(sort(unique(kept[[cs$source]]), method = "radix"), cs$reference)
  levels_src <- c(cs$reference, others)
  m <- data.frame(rating = kept[[cs$rating]],
                  source = factor(kept[[cs$source]], levels = levels_src),
                  rater = factor(kept[[cs$rater]]),
                  item = factor(kept[[cs$item]]), stringsAsFactors = FALSE)
  names(m) <- c(cs$rating, cs$source, cs$rater, cs$item)
  list(raw = d, data = m, missing = sum(is.na(y)), missing_rows = which(is.na(y)), levels = levels_src)
}

design_of <- function(cs, s) {
  d <- s$data
  key_ri <- paste(d[[cs$rater]], d[[cs$item]], sep = "\r")
  key_ris <- paste(key_ri, d[[cs$source]], sep = "\r")
  src_per_rater <- tapply(d[[cs$source]], d[[cs$rater]], function(x) length(unique(x)))
  items_per_rater <- tapply(d[[cs$item]], d[[cs$rater]], function(x) length(unique(x)))
  list(
    rows = nrow(s$raw), missing_ratings = s$missing, missing_rows_1based = arr(s$missing_rows), ratings = nrow(d),
    raters = length(unique(d[[cs$rater]])), items = length(unique(d[[cs$item]])),
    sources = arr(s$levels), reference = cs$reference,
    ratings_per_source = as.list(table(d[[cs$source]])[s$levels]),
    rater_rates_item_more_than_once = any(duplicated(key_ri)),
    rater_rates_item_more_than_once_in_a_source = any(duplicated(key_ris)),
    rater_rates_more_than_one_source = any(src_per_rater > 1),
    raters_nested_in_source = all(src_per_rater == 1),
    max_sources_per_rater = max(src_per_rater),
    items_per_rater = list(min = min(items_per_rater), max = max(items_per_rater), mean = mean(items_per_rater)),
    rating_counts = lapply(stats::setNames(s$levels, s$levels), function(g) {
      x <- d[[cs$rating]][d[[cs$source]] == g]
      as.list(stats::setNames(as.integer(table(factor(x, levels = seq(cs$scale[1], cs$scale[2])))), seq(cs$scale[1], cs$scale[2])))
    }),
    rating_means = lapply(stats::setNames(s$levels, s$levels), function(g) mean(d[[cs$rating]][d[[cs$source]] == g]))
  )
}

fit_json <- function(m, formula) {
  sm <- summary(m)
  cf <- sm$coefficients
  vc <- as.data.frame(VarCorr(m))
  ll <- logLik(m)
  list(
    formula = formula, reml = TRUE, nobs = nobs(m),
    ngrps = as.list(ngrps(m)),
    fixef = lapply(rownames(cf), function(t) list(term = t, estimate = cf[t, "Estimate"], se = cf[t, "Std. Error"],
                                                  df = cf[t, "df"], t = cf[t, "t value"], p = cf[t, "Pr(>|t|)"])),
    varcorr = lapply(seq_len(nrow(vc)), function(i) list(group = vc$grp[i], term = if (is.na(vc$var1[i])) NULL else vc$var1[i],
                                                         sd = vc$sdcor[i], variance = vc$vcov[i])),
    sigma = sigma(m),
    reml_criterion = unname(lme4::getME(m, "devcomp")$cmp[["REML"]]),
    deviance = deviance(m, REML = FALSE),   # ML deviance at the REML estimates (lme4), as LmmFitJson's deviance
    loglik = as.numeric(ll), df = attr(ll, "df"), aic = AIC(m), bic = BIC(m),
    singular = isSingular(m),
    theta = arr(unname(getME(m, "theta"))),
    vcov = list(terms = arr(colnames(vcov(m))), matrix = mat_rows(as.matrix(vcov(m)))),
    messages = arr(unlist(m@optinfo$conv$lme4$messages))
  )
}

emm_json <- function(m, spec, df_method) {
  t0 <- proc.time()[["elapsed"]]
  emm <- emmeans(m, spec, lmer.df = df_method)
  s <- as.data.frame(summary(emm, infer = c(TRUE, FALSE)))
  cs <- as.data.frame(summary(contrast(emm, method = "pairwise", adjust = "tukey"), infer = c(TRUE, TRUE)))
  secs <- proc.time()[["elapsed"]] - t0
  list(lmer_df = df_method,
       emmeans = rows_of(s, c(spec, "emmean", "SE", "df", "lower.CL", "upper.CL"), rename = stats::setNames(list("level"), spec)),
       contrasts = list(method = "pairwise", adjust = "tukey",
                        messages = arr(attr(summary(contrast(emm, method = "pairwise", adjust = "tukey"), infer = c(TRUE, TRUE)), "mesg")),
                        rows = rows_of(cs, c("contrast", "estimate", "SE", "df", "t.ratio", "p.value", "lower.CL", "upper.CL"))),
       seconds = secs)
}

# Agreement of one set of ratings: rating ~ 1 + (1 | item) + (1 | rater), REML, tight (src/agreement).
agreement_of <- function(rating, item, rater, label) {
  fd <- data.frame(rating = rating, item = factor(item), rater = factor(rater))
  m <- lmer(rating ~ 1 + (1 | item) + (1 | rater), fd, REML = TRUE, control = tight_control())
  vc <- as.data.frame(VarCorr(m))
  v <- stats::setNames(vc$vcov, vc$grp)
  s_item <- v[["item"]]; s_rater <- v[["rater"]]; s_e <- v[["Residual"]]
  n_items <- nlevels(fd$item)
  k <- nrow(fd) / n_items
  perf <- performance::icc(m, by_group = TRUE)
  # psych::ICC on the items x raters matrix (NA where not rated): with missing cells it fits the same crossed
  # model with lme4 (default control); its ICC2 is icc_single, its ICC2k uses k = number of raters (columns).
  items <- levels(fd$item); raters <- levels(fd$rater)
  w <- matrix(NA_real_, length(items), length(raters))
  w[cbind(match(fd$item, items), match(fd$rater, raters))] <- fd$rating
  ps <- suppressMessages(suppressWarnings(psych::ICC(w)))
  pr <- ps$results
  list(
    group = label,
    counts = list(ratings = nrow(fd), items = n_items, raters = nlevels(fd$rater),
                  mean_ratings_per_item = k,
                  raters_with_several_items = sum(tapply(fd$item, fd$rater, function(x) length(unique(x))) >= 2)),
    components = list(item = s_item, rater = s_rater, residual = s_e),
    singular = isSingular(m),
    k = k,
    icc_single = s_item / (s_item + s_rater + s_e),
    icc_average = s_item / (s_item + (s_rater + s_e) / k),
    check = list(
      performance_icc_by_group_item = perf$ICC[perf$Group == "item"],
      psych = list(ICC2 = pr$ICC[pr$type == "ICC2"], ICC2k = pr$ICC[pr$type == "ICC2k"], ICC2k_k = ncol(w),
                   lme = list(item = ps$lme["ID", "variance"], rater = ps$lme["Items", "variance"],
                              residual = ps$lme["Residual", "variance"]))
    )
  )
}

tight_clmm_settings <- list(method = "nlminb", rel.tol = 1e-14, eval.max = 5000, iter.max = 5000, gradTol = 1e-6)

clmm_json <- function(cs, d, formula) {
  dd <- d
  dd[[cs$rating]] <- factor(dd[[cs$rating]], levels = as.character(seq(cs$scale[1], cs$scale[2])), ordered = TRUE)
  f <- stats::as.formula(formula)
  t0 <- proc.time()[["elapsed"]]
  m <- ordinal::clmm(f, data = dd, link = "logit", threshold = "flexible",
                     control = do.call(ordinal::clmm.control, tight_clmm_settings))
  t_fit <- proc.time()[["elapsed"]] - t0
  md <- ordinal::clmm(f, data = dd, link = "logit", threshold = "flexible")
  tab <- summary(m)$coefficients
  row <- function(r) list(term = r, estimate = tab[r, "Estimate"], se = tab[r, "Std. Error"], z = tab[r, "z value"],
                          p = tab[r, "Pr(>|z|)"])
  vc <- ordinal::VarCorr(m)
  ll <- logLik(m)
  list(
    formula = formula, link = "logit", threshold = "flexible", nAGQ = 1L, approximation = "Laplace",
    control = tight_clmm_settings,
    response_levels = arr(levels(dd[[cs$rating]])),
    nobs = nobs(m),
    ngrps = as.list(sapply(ordinal::ranef(m), nrow)),
    thresholds = lapply(names(m$alpha), row),
    coefficients = lapply(names(m$beta), row),
    random_sd = lapply(names(vc), function(g) list(group = g, term = "(Intercept)", sd = unname(attr(vc[[g]], "stddev")))),
    logLik = as.numeric(ll), df = attr(ll, "df"), AIC = AIC(m), BIC = BIC(m),
    max_grad = max(abs(m$gradient)),
    default_control = list(logLik = as.numeric(logLik(md)), max_grad = max(abs(md$gradient)),
                           thresholds = arr(unname(md$alpha)), coefficients = arr(unname(md$beta)),
                           random_sd = arr(unname(sapply(ordinal::VarCorr(md), function(v) attr(v, "stddev"))))),
    timing_seconds = t_fit
  )
}

# ---- one case ---------------------------------------------------------------------------------------------------
run_case <- function(case) {
  cs <- CASES[[case]]
  message("== ", case)
  s <- read_study(cs)
  d <- s$data
  # The project's rule (issue 16): an item:rater term only where raters rate an item more than once
  # (here: once per source); raters then also have item-specific leniency.
  repeats <- any(duplicated(paste(d[[cs$rater]], d[[cs$item]], sep = "\r")))
  formula <- if (repeats) {
    sprintf("%s ~ %s + (1 | %s:%s) + (1 | %s) + (1 | %s)", cs$rating, cs$source, cs$item, cs$rater, cs$rater, cs$item)
  } else {
    sprintf("%s ~ %s + (1 | %s) + (1 | %s)", cs$rating, cs$source, cs$rater, cs$item)
  }
  t0 <- proc.time()[["elapsed"]]
  m <- lmerTest::lmer(stats::as.formula(formula), data = d, REML = TRUE, control = tight_control())
  t_fit <- proc.time()[["elapsed"]] - t0
  fit <- fit_json(m, formula)

  emm <- list(satterthwaite = emm_json(m, cs$source, "satterthwaite"),
              kenward_roger = emm_json(m, cs$source, "kenward-roger"))

  # Effect sizes: contrast / sqrt(sum of all variance components incl. the residual).
  vc <- as.data.frame(VarCorr(m))
  total_var <- sum(vc$vcov)
  cs_rows <- emm$satterthwaite$contrasts$rows
  effect_sizes <- list(
    denominator = "sqrt(sum of all variance components incl. residual)",
    total_variance = total_var, total_sd = sqrt(total_var),
    rows = lapply(cs_rows, function(r) list(contrast = r$contrast, estimate = r$estimate, d = r$estimate / sqrt(total_var)))
  )

  # Agreement: overall (item = (source, item) pair, raters keep their ids) and per source (item = item).
  src <- as.character(d[[cs$source]])
  overall <- agreement_of(d[[cs$rating]], paste(src, d[[cs$item]], sep = ":"), as.character(d[[cs$rater]]), NULL)
  groups <- lapply(s$levels, function(g) {
    sel <- src == g
    agreement_of(d[[cs$rating]][sel], as.character(d[[cs$item]][sel]), as.character(d[[cs$rater]][sel]), g)
  })

  cform <- formula
  clmm <- clmm_json(cs, d, cform)

  out <- list(
    case = case, description = cs$description, generated_by = "tests/reference/R/newstudy.R",
    versions = versions(PKGS),
    data = list(csv = cs$file, read = "read.csv(na.strings = c(\"\", \"NA\", \"NaN\"), strip.white = TRUE); rater, item, source as strings; rows with a missing rating dropped"),
    columns = list(rater = cs$rater, item = cs$item, source = cs$source, rating = cs$rating,
                   scale = list(min = cs$scale[1], max = cs$scale[2]), reference = cs$reference),
    design = c(list(formula = formula,
                    formula_note = "(1 | item:rater) only when a rater rates an item more than once (across sources)"),
               design_of(cs, s)),
    control = TIGHT_CONTROL_JSON,
    contrasts = "contr.treatment",
    factors = stats::setNames(list(list(levels = arr(s$levels), reference = cs$reference)), cs$source),
    fit = fit,
    emmeans_options = list(specs = cs$source, lmerTest.limit = 1e6, pbkrtest.limit = 1e6, level = 0.95),
    emmeans = emm,
    effect_sizes = effect_sizes,
    agreement = list(
      model = "rating ~ 1 + (1 | item) + (1 | rater), REML, tight control",
      icc_single = "ICC(2,1) = item / (item + rater + residual)",
      icc_average = "ICC(2,k) = item / (item + (rater + residual) / k), k = mean ratings per item",
      overall_items = "(source, item) pairs; raters keep their ids across sources",
      overall = overall, groups = groups),
    clmm = clmm,
    timing_seconds = list(lmer_fit = t_fit, emmeans_satterthwaite = emm$satterthwaite$seconds,
                          emmeans_kenward_roger = emm$kenward_roger$seconds, clmm_fit = clmm$timing_seconds)
  )
  write_json_file(out, file.path(OUT_DIR, paste0(case, ".json")))
}

for (case in names(CASES)) if (wanted(case)) run_case(case)
