# The R side of bench/clmm.ts: times ordinal::clmm (Laplace, logit link, flexible thresholds, default
# clmm.control) on the benchmark cases.
#
#   Rscript bench/clmm_ordinal.R SPEC.json
#
# SPEC.json: [{"name", "csv", "formula", "reference": {"col": "level"}, "factors": ["col", ...]}]. Columns in
# "factors" are read as factors (identifiers); "rating" becomes an ordered factor of its sorted values. Timing
# covers clmm() only (model frame, optimisation, Hessian), not reading the CSV; one fit per case after an
# untimed warm-up fit of ordinal's wine data. Prints one JSON object per case.
suppressMessages({
  library(ordinal)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1) stop("usage: clmm_ordinal.R SPEC.json")
spec <- fromJSON(args[1], simplifyVector = FALSE)
invisible(clmm(rating ~ temp + contact + (1 | judge), data = wine))

for (case in spec) {
  d <- read.csv(case$csv, stringsAsFactors = FALSE, colClasses = c(rating = "numeric"))
  for (f in unlist(case$factors)) d[[f]] <- factor(as.character(d[[f]]))
  for (nm in names(case$reference)) d[[nm]] <- relevel(d[[nm]], ref = case$reference[[nm]])
  d$rating <- factor(d$rating, levels = sort(unique(d$rating)), ordered = TRUE)
  form <- as.formula(case$formula)
  gc(verbose = FALSE)
  t0 <- proc.time()
  m <- clmm(form, data = d, link = "logit", threshold = "flexible")
  dt <- proc.time() - t0
  cat(toJSON(list(
    name = case$name, rows = nrow(d), seconds = dt[["elapsed"]], cpu_seconds = dt[["user.self"]] + dt[["sys.self"]],
    logLik = as.numeric(logLik(m)), neval = m$optRes$evaluations[["function"]], niter = m$Niter,
    max_grad = max(abs(m$gradient)), coefficients = as.list(c(m$alpha, m$beta)),
    sd = as.list(sapply(VarCorr(m), function(v) attr(v, "stddev")))
  ), auto_unbox = TRUE, digits = NA), "\n", sep = "")
}
