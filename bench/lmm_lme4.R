# The R side of bench/lmm.ts: times lme4's lmer() (default control) on the benchmark cases.
#
#   Rscript bench/lmm_lme4.R export-insteval OUT.csv    # writes lme4::InstEval (y, service, s, d, dept)
#   Rscript bench/lmm_lme4.R run SPEC.json              # fits each case, prints one JSON object per line
#
# SPEC.json: [{"name", "csv", "formula", "reml", "reference": {"col": "level"}, "factors": ["col", ...],
#              "repeats"}]. Columns listed in "factors" are read as factors (identifiers), the rest as read.csv
# reads them. Timing covers lmer() only (model frame, optimization, derivatives), not reading the CSV; the
# median of `repeats` runs is reported (elapsed and CPU seconds), after one untimed warm-up fit.
suppressMessages({
  library(lme4)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2) stop("usage: lmm_lme4.R export-insteval OUT.csv | run SPEC.json")

if (args[1] == "export-insteval") {
  data(InstEval, package = "lme4")
  write.csv(InstEval[, c("y", "service", "s", "d", "dept")], args[2], row.names = FALSE)
  quit(status = 0)
}

spec <- fromJSON(args[2], simplifyVector = FALSE)
# Warm-up (loads compiled code and caches).
invisible(lmer(Reaction ~ Days + (Days | Subject), sleepstudy))

for (case in spec) {
  cc <- rep(NA_character_, 0)
  d <- read.csv(case$csv, stringsAsFactors = FALSE)
  for (f in unlist(case$factors)) d[[f]] <- factor(as.character(d[[f]]))
  if (length(case$reference)) {
    for (nm in names(case$reference)) d[[nm]] <- relevel(factor(d[[nm]]), ref = case$reference[[nm]])
  }
  form <- as.formula(case$formula)
  reps <- if (is.null(case$repeats)) 1L else as.integer(case$repeats)
  times <- numeric(reps)
  cpu <- numeric(reps)
  m <- NULL
  for (r in seq_len(reps)) {
    gc(verbose = FALSE)
    t0 <- proc.time()
    m <- lmer(form, data = d, REML = isTRUE(case$reml))
    dt <- proc.time() - t0
    times[r] <- dt[["elapsed"]]
    cpu[r] <- dt[["user.self"]] + dt[["sys.self"]]
  }
  crit <- if (isTRUE(case$reml)) REMLcrit(m) else deviance(m)
  cat(toJSON(list(
    name = case$name, rows = nrow(d), seconds = median(times), cpu_seconds = median(cpu), all_seconds = times,
    criterion = crit, theta = unname(getME(m, "theta")), feval = m@optinfo$feval,
    messages = unlist(m@optinfo$conv$lme4$messages)
  ), auto_unbox = TRUE, digits = NA), "\n", sep = "")
}
