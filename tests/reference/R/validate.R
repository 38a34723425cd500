# Consistency checks of the committed reference files (run after regenerating):
#   Rscript tests/reference/R/validate.R
# Re-reads every JSON, checks the fields the README promises and the counts that must agree
# (fixef vs vcov vs contrast vectors, ranef levels vs ngrps, CSV rows vs nobs, emmeans rows vs levels, ...).

source(file.path("tests", "reference", "R", "common.R"))
problems <- character(0)
check <- function(ok, file, what) if (!isTRUE(ok)) problems <<- c(problems, paste0(file, ": ", what))
rd <- function(f) jsonlite::fromJSON(f, simplifyVector = FALSE)
has <- function(x, fields) all(fields %in% names(x))
csv_rows <- function(path) nrow(utils::read.csv(path))

n_lmm <- 0
for (f in list.files(file.path(REF_DIR, "lmm"), "\\.json$", full.names = TRUE)) {
  j <- rd(f); n_lmm <- n_lmm + 1
  if (grepl("^anova_", basename(f))) {
    check(has(j, c("case", "versions", "data", "models", "rows", "refit")), f, "anova fields")
    check(length(j$rows) == 2 && is.null(j$rows[[1]]$Chisq) && !is.null(j$rows[[2]]$p), f, "anova rows")
    check(j$rows[[2]]$Df == j$rows[[2]]$npar - j$rows[[1]]$npar, f, "anova Df = npar difference")
    next
  }
  check(has(j, c("case", "versions", "formula", "data", "reml", "factors", "nobs", "ngrps", "fixef", "fixef_dropped",
                 "vcov", "theta", "varcorr", "sigma", "criterion", "logLik", "AIC", "BIC", "singular", "ranef",
                 "fitted_head", "scaled_residuals", "objective_at_theta", "satterthwaite_contrasts", "default_optimizer")),
        f, "missing fields")
  p <- length(j$fixef)
  check(length(j$vcov$terms) == p && length(j$vcov$matrix) == p && all(sapply(j$vcov$matrix, length) == p), f, "vcov size")
  check(identical(unlist(j$vcov$terms), sapply(j$fixef, `[[`, "term")), f, "vcov terms = fixef terms")
  check(all(abs(sqrt(sapply(seq_len(p), function(i) j$vcov$matrix[[i]][[i]])) - sapply(j$fixef, `[[`, "se")) <=
              1e-10 * sapply(j$fixef, `[[`, "se")), f, "se = sqrt(diag(vcov))")
  for (ct in j$satterthwaite_contrasts) check(length(ct$L) == p, f, paste("contrast length", ct$label))
  nth <- length(j$theta$values)
  check(nth == sum(sapply(j$theta$layout, function(l) { k <- length(l$terms); k * (k + 1) / 2 })), f, "theta layout")
  for (o in j$objective_at_theta) check(length(o$theta) == nth, f, "objective theta length")
  check(abs(j$objective_at_theta[[2]]$value - j$criterion$value) < 1e-8 * abs(j$criterion$value), f, "objective at optimum = criterion")
  check(abs(j$AIC - (-2 * j$logLik + 2 * j$df)) < 1e-8 * abs(j$AIC), f, "AIC = -2 logLik + 2 df")
  check(j$df == p + nth + 1, f, "df = p + length(theta) + 1")
  check(j$default_optimizer$criterion_minus_tight > -1e-7, f, "tight criterion not above the default")
  for (r in j$ranef) {
    check(length(r$values) == j$ngrps[[r$group]] && length(r$levels) == length(r$values) &&
            length(r$condsd) == length(r$values), f, paste("ranef size", r$group))
    check(all(sapply(r$values, length) == length(r$terms)), f, paste("ranef terms", r$group))
  }
  sds <- j$varcorr$sd
  check(sds[[length(sds)]]$group == "Residual" && abs(sds[[length(sds)]]$sd - j$sigma) < 1e-12 * j$sigma, f, "Residual sd = sigma")
  check(length(j$fitted_head$fitted) == 10 && length(j$fitted_head$residuals) == 10, f, "fitted head")
  if (!is.null(j$data$csv)) {
    check(file.exists(j$data$csv) && csv_rows(j$data$csv) == j$nobs, f, "csv rows = nobs")
  } else {
    check(j$lee2024_table$rows == j$nobs && length(j$fitted_head$keys) == 10, f, "lee2024 rows / keys")
  }
}

n_emm <- 0
for (f in list.files(file.path(REF_DIR, "emmeans"), "\\.json$", full.names = TRUE)) {
  j <- rd(f); n_emm <- n_emm + 1
  check(has(j, c("case", "versions", "model", "specs", "lmer_df", "grid", "emmeans", "contrasts")), f, "missing fields")
  k <- length(j$grid$levels)
  check(length(j$emmeans) == k && length(j$grid$linfct) == k, f, "emmeans rows = levels")
  beta <- sapply(j$model$fixef, `[[`, "estimate")
  for (i in seq_len(k)) check(abs(sum(unlist(j$grid$linfct[[i]]) * beta) - j$emmeans[[i]]$emmean) < 1e-9, f, "emmean = linfct beta")
  for (cs in j$contrasts) {
    n <- if (cs$method == "trt.vs.ctrl") k - 1 else k * (k - 1) / 2
    check(length(cs$rows) == n, f, paste("contrast rows", cs$method, cs$adjust))
  }
  check(length(j$contrasts) == 10, f, "10 contrast sets")
  check((j$lmer_df == "kenward-roger") == !is.null(j$kenward_roger), f, "kenward_roger block iff KR")
}

n_clmm <- 0
skipped <- character(0)
for (f in list.files(file.path(REF_DIR, "clmm"), "\\.json$", full.names = TRUE)) {
  j <- rd(f)
  if (!identical(j$generated_by, "tests/reference/R/clmm.R")) { skipped <- c(skipped, basename(f)); next }
  n_clmm <- n_clmm + 1
  check(has(j, c("case", "versions", "formula", "data", "nAGQ", "thresholds", "coefficients", "random_sd", "logLik",
                 "AIC", "predicted_probabilities_at_zero", "ranef")), f, "missing fields")
  check(length(j$thresholds) == length(j$response_levels) - 1, f, "thresholds = categories - 1")
  for (pp in j$predicted_probabilities_at_zero) check(abs(sum(unlist(pp$probs)) - 1) < 1e-12, f, "probabilities sum to 1")
  for (r in j$ranef) check(length(r$mode) == j$ngrps[[r$group]], f, paste("ranef size", r$group))
  if (!is.null(j$data$csv)) check(csv_rows(j$data$csv) == j$nobs, f, "csv rows = nobs")
  check(j$logLik >= j$default_control$logLik - 1e-10 * abs(j$logLik), f, "tight logLik not below the default")
}

message(sprintf("checked %d lmm, %d emmeans, %d clmm files", n_lmm, n_emm, n_clmm))
if (length(skipped)) message("not checked (written by other scripts): ", paste(skipped, collapse = ", "))
if (length(problems)) { message(paste(problems, collapse = "\n")); quit(status = 1) }
message("all consistent")
