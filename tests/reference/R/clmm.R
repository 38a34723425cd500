# Cumulative link mixed model reference values: tests/reference/clmm/<case>.json (schema: tests/reference/README.md).
# Run from the project root:  Rscript tests/reference/R/clmm.R [case ...]
# ordinal::clmm, logit link, flexible thresholds. Fits use a tightened control (tight_clmm_settings in common.R); the fit with
# clmm's default control is recorded for comparison.

source(file.path("tests", "reference", "R", "common.R"))
suppressPackageStartupMessages({ library(ordinal) })

CLMM_DIR <- file.path(REF_DIR, "clmm")
PKGS <- c("ordinal", "ucminf", "numDeriv", "Matrix")
args <- commandArgs(trailingOnly = TRUE)
wanted <- function(case) length(args) == 0 || case %in% args

read_ordinal <- function(name, factors) {
  path <- file.path(DATASET_DIR, paste0(name, ".csv"))
  d <- utils::read.csv(path, stringsAsFactors = FALSE, colClasses = stats::setNames(rep("character", length(factors)), factors))
  for (f in factors) d[[f]] <- factor(d[[f]], levels = sort(unique(d[[f]]), method = "radix"))
  d$rating <- factor(d$rating, levels = as.character(1:5), ordered = TRUE)
  d
}

coef_rows <- function(tab, rows) lapply(rows, function(r) list(term = r, estimate = tab[r, "Estimate"],
  se = tab[r, "Std. Error"], z = tab[r, "z value"], p = tab[r, "Pr(>|z|)"]))

clmm_case <- function(case, description, formula, data, data_ref, fixed_factors, nAGQ = 1L) {
  if (!wanted(case)) return(invisible(NULL))
  message("== ", case)
  f <- stats::as.formula(formula)
  t0 <- proc.time()[["elapsed"]]
  m <- ordinal::clmm(f, data = data, link = "logit", threshold = "flexible", nAGQ = nAGQ,
                       control = do.call(ordinal::clmm.control, tight_clmm_settings(formula)))
  t_fit <- proc.time()[["elapsed"]] - t0
  t1 <- proc.time()[["elapsed"]]
  md <- ordinal::clmm(f, data = data, link = "logit", threshold = "flexible", nAGQ = nAGQ)
  t_def <- proc.time()[["elapsed"]] - t1
  sm <- summary(m)
  tab <- sm$coefficients
  alpha <- m$alpha; beta <- m$beta
  # predicted category probabilities with all random effects at 0, for every combination of the fixed factors
  grid <- expand.grid(lapply(data[fixed_factors], levels), stringsAsFactors = FALSE)
  for (ff in fixed_factors) grid[[ff]] <- factor(grid[[ff]], levels = levels(data[[ff]]))
  X <- stats::model.matrix(stats::as.formula(paste("~", paste(fixed_factors, collapse = " + "))), grid)
  X <- X[, colnames(X) != "(Intercept)", drop = FALSE]
  stopifnot(identical(colnames(X), names(beta)))
  eta <- drop(X %*% beta)
  probs <- lapply(seq_len(nrow(grid)), function(i) {
    cum <- c(0, stats::plogis(alpha - eta[i]), 1)
    c(list(level = lapply(grid[i, , drop = FALSE], as.character)), list(eta = eta[i], probs = arr(diff(cum))))
  })
  vc <- ordinal::VarCorr(m)
  re <- ordinal::ranef(m); cv <- ordinal::condVar(m)
  V <- vcov(m)
  out <- list(
    case = case, description = description, generated_by = "tests/reference/R/clmm.R",
    versions = versions(PKGS),
    formula = formula, data = data_ref, link = "logit", threshold = "flexible",
    nAGQ = nAGQ,
    approximation = if (nAGQ == 1) "Laplace" else paste0("adaptive Gauss-Hermite quadrature, ", nAGQ, " nodes"),
    control = tight_clmm_settings(formula),
    response_levels = arr(levels(data$rating)),
    factors = stats::setNames(lapply(fixed_factors, function(ff) list(levels = arr(levels(data[[ff]])), reference = levels(data[[ff]])[1])), fixed_factors),
    nobs = nobs(m),
    ngrps = as.list(sapply(re, nrow)),
    thresholds = coef_rows(tab, names(alpha)),
    coefficients = coef_rows(tab, names(beta)),
    random_sd = lapply(names(vc), function(g) list(group = g, term = "(Intercept)", sd = unname(attr(vc[[g]], "stddev")))),
    vcov = list(terms = arr(colnames(V)), matrix = mat_rows(V),
                note = "parameters: thresholds, coefficients, then log(sd) of each random term (ST1, ST2, ...)"),
    logLik = as.numeric(logLik(m)),
    df = attr(logLik(m), "df"),
    AIC = AIC(m),
    BIC = BIC(m),
    max_grad = max(abs(m$gradient)),
    cond_H = { ev <- eigen(m$Hessian, symmetric = TRUE, only.values = TRUE)$values; max(ev) / min(ev) },
    predicted_probabilities_at_zero = probs,
    ranef = lapply(names(re), function(g) list(group = g, levels = arr(rownames(re[[g]])),
      mode = arr(re[[g]][[1]]), condvar = arr(cv[[g]][[1]]))),
    default_control = list(logLik = as.numeric(logLik(md)), max_grad = max(abs(md$gradient)),
                           thresholds = arr(md$alpha), coefficients = arr(md$beta),
                           random_sd = arr(sapply(ordinal::VarCorr(md), function(v) attr(v, "stddev")))),
    timing_seconds = list(tight_fit = t_fit, default_fit = t_def)
  )
  write_json_file(out, file.path(CLMM_DIR, paste0(case, ".json")))
  invisible(m)
}

wn <- read_ordinal("wine", c("temp", "contact", "bottle", "judge"))
wref <- list(csv = "tests/reference/datasets/wine.csv")
clmm_case("wine_laplace", "ordinal's wine data, random judge intercept, Laplace",
          "rating ~ temp + contact + (1 | judge)", wn, wref, c("temp", "contact"), nAGQ = 1L)
clmm_case("wine_agq10", "ordinal's wine data, random judge intercept, adaptive Gauss-Hermite with 10 nodes",
          "rating ~ temp + contact + (1 | judge)", wn, wref, c("temp", "contact"), nAGQ = 10L)

oc <- read_ordinal("ordinal_crossed", c("cond", "subj", "item"))
clmm_case("ordinal_crossed", "synthetic ordinal ratings, 3-level condition, crossed random intercepts (subj, item), Laplace",
          "rating ~ cond + (1 | subj) + (1 | item)", oc, list(csv = "tests/reference/datasets/ordinal_crossed.csv"), "cond")

lee_ordinal <- function(study, coding, reference) {
  d <- lee2024_table(study, "empathy", coding, reference = reference)
  d$rating <- factor(d$rating, levels = as.character(1:5), ordered = TRUE)
  d
}
for (pc in list(list(study = 2, coding = "unique", ref = "gpt4"), list(study = 1, coding = "unique", ref = "human"),
                list(study = 1, coding = "paper", ref = "human"))) {
  dref <- list(lee2024 = list(study = pc$study, measure = "empathy", rater_coding = pc$coding))
  c1 <- paste0("paper_study", pc$study, "_empathy_", pc$coding)
  c2 <- paste0("paper_study", pc$study, "_empathy_", pc$coding, "_postrater")
  if (!wanted(c1) && !wanted(c2)) next
  d <- lee_ordinal(pc$study, pc$coding, pc$ref)
  clmm_case(c1, paste0("Lee et al. (2024) Study ", pc$study, " empathy as an ordinal CLMM, reference ", pc$ref, ", rater coding ", pc$coding),
            "rating ~ source + (1 | post) + (1 | rater)", d, dref, "source")
  clmm_case(c2, paste0("Lee et al. (2024) Study ", pc$study, " empathy as an ordinal CLMM with (1 | post:rater), reference ", pc$ref,
                       ", rater coding ", pc$coding),
            "rating ~ source + (1 | post:rater) + (1 | post) + (1 | rater)", d, dref, "source")
}
