# Extra CLMM reference values (written by the ordinal-models helper): the Laplace objective of
# ordinal::clmm (the internal getNLA used for models with several random terms) at FIXED parameter
# values, and its finite-difference Hessian at the reference optimum. These check the objective and the
# Hessian (hence the standard errors) directly, independently of where an optimizer stops.
#
# Why: for paper_study1_empathy_paper the vcov stored by clmm (from its own deriv12 Hessian at an optimum
# with max|gradient| 0.028) differs from a finite-difference Hessian of clmm's own objective by about 1.67 on
# most diagonal entries, which moves the threshold SEs by ~6%; the values here are recomputed from getNLA.
#
# Output: tests/reference/clmm/extra_<case>.json with
#   case, generated_by, versions, formula, data, parametrization ("thresholds, coefficients, sd of each random
#   term": clmm's own for several terms), points: [{label, par, value}] (value = -logLik by Laplace),
#   hessian: {at: "optimum", step, par, matrix} (central differences of getNLA with step 1e-3).
# Run from the project root:  Rscript tests/reference/R/clmm_extra.R [case ...]
# Cases: ordinal_crossed, paper_study1_empathy_paper, paper_study2_empathy_unique (reads clmm/<case>.json).

source(file.path("tests", "reference", "R", "common.R"))
suppressPackageStartupMessages({ library(ordinal) })

CLMM_DIR <- file.path(REF_DIR, "clmm")
args <- commandArgs(trailingOnly = TRUE)
cases <- if (length(args)) args else c("ordinal_crossed", "paper_study2_empathy_unique", "paper_study1_empathy_paper")

read_table <- function(ref) {
  if (!is.null(ref$data$csv)) {
    d <- utils::read.csv(ref$data$csv, stringsAsFactors = FALSE, colClasses = "character")
    d$rating <- factor(d$rating, levels = as.character(1:5), ordered = TRUE)
    for (f in setdiff(names(d), "rating")) d[[f]] <- factor(d[[f]], levels = sort(unique(d[[f]]), method = "radix"))
    return(d)
  }
  L <- ref$data$lee2024
  d <- lee2024_table(L$study, L$measure, L$rater_coding, reference = ref$factors$source$reference)
  d$rating <- factor(d$rating, levels = as.character(1:5), ordered = TRUE)
  d
}

for (case in cases) {
  message("== extra ", case)
  ref <- jsonlite::fromJSON(file.path(CLMM_DIR, paste0(case, ".json")), simplifyVector = TRUE)
  if (length(ref$random_sd$sd) < 2) stop(case, ": only models with several random terms (getNLA) are supported here")
  d <- read_table(ref)
  rho <- ordinal::clmm(stats::as.formula(ref$formula), data = d, link = "logit", threshold = "flexible", doFit = FALSE,
                       control = ordinal::clmm.control(gradTol = 1e-6))  # the inner-loop tolerance of the reference fits
  f <- function(p) ordinal::: getNLA(rho, p)
  opt <- c(ref$thresholds$estimate, ref$coefficients$estimate, ref$random_sd$sd)
  k <- length(opt)
  pert <- opt + 0.05 * sin(seq_len(k))
  t0 <- proc.time()[["elapsed"]]
  points <- list(list(label = "optimum", par = arr(opt), value = f(opt)),
                 list(label = "perturbed", par = arr(pert), value = f(pert)))
  H <- central_hessian(f, opt, 1e-3)
  out <- list(
    case = case, generated_by = "tests/reference/R/clmm_extra.R", versions = versions(c("ordinal", "Matrix")),
    formula = ref$formula, data = ref$data,
    parametrization = "thresholds, coefficients, then the SD of each random term in the order of random_sd (clmm's own parameters for several terms)",
    random_groups = arr(ref$random_sd$group),
    points = points,
    hessian = list(at = "optimum", step = 1e-3, par = arr(opt), matrix = mat_rows(H)),
    seconds = proc.time()[["elapsed"]] - t0
  )
  write_json_file(out, file.path(CLMM_DIR, paste0("extra_", case, ".json")))
}
