# The R side of bench/lmm.ts: times lme4's lmer() (default control) on the benchmark cases.
#
#   Rscript bench/lmm_lme4.R export-insteval OUT.csv    # writes lme4::InstEval (y, service, s, d, dept)
#   Rscript bench/lmm_lme4.R run SPEC.json              # fits each case, prints one JSON object per line
#
# SPEC.json: [{"name", "csv", "formula", "reml", "reference": {"col": "level"}, "factors": ["col", ...],
#              "repeats", "timeout"}]. Columns listed in "factors" are read as factors (identifiers), the rest as
# read.csv reads them. Timing covers lmer() only (model frame, optimization, derivatives), not reading the CSV;
# the median of `repeats` runs is reported (elapsed and CPU seconds), after one untimed warm-up fit. With
# "timeout" (seconds), lmer() is stopped when it runs longer (R checks the limit between deviance
# evaluations) and the case is reported with timed_out = true. peak_mb is the peak resident memory of this
# R process so far (VmHWM; meaningful when the process runs one case).
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

peak_mb <- function() {
  line <- grep("^VmHWM:", readLines("/proc/self/status"), value = TRUE)
  if (length(line) == 0) return(NA_real_)
  as.numeric(gsub("[^0-9]", "", line)) / 1024
}

spec <- fromJSON(args[2], simplifyVector = FALSE)
# Warm-up (loads compiled code and caches).
invisible(lmer(Reaction ~ Days + (Days | Subject), sleepstudy))

for (case in spec) {
  d <- read.csv(case$csv, stringsAsFactors = FALSE)
  for (f in unlist(case$factors)) d[[f]] <- factor(as.character(d[[f]]))
  if (length(case$reference)) {
    for (nm in names(case$reference)) d[[nm]] <- relevel(factor(d[[nm]]), ref = case$reference[[nm]])
  }
  form <- as.formula(case$formula)
  reps <- if (is.null(case$repeats)) 1L else as.integer(case$repeats)
  limit <- if (is.null(case$timeout)) Inf else as.numeric(case$timeout)
  times <- numeric(reps)
  cpu <- numeric(reps)
  m <- NULL
  timed_out <- FALSE
  for (r in seq_len(reps)) {
    gc(verbose = FALSE)
    t0 <- proc.time()
    m <- tryCatch({
      setTimeLimit(elapsed = limit, transient = TRUE)
      on.exit(setTimeLimit(elapsed = Inf), add = TRUE)
      fit <- lmer(form, data = d, REML = isTRUE(case$reml))
      setTimeLimit(elapsed = Inf)
      fit
    }, error = function(e) {
      setTimeLimit(elapsed = Inf)
      if (grepl("time limit", conditionMessage(e))) NULL else stop(e)
    })
    dt <- proc.time() - t0
    times[r] <- dt[["elapsed"]]
    cpu[r] <- dt[["user.self"]] + dt[["sys.self"]]
    if (is.null(m)) {
      timed_out <- TRUE
      break
    }
  }
  if (timed_out) {
    cat(toJSON(list(name = case$name, rows = nrow(d), seconds = max(times), cpu_seconds = max(cpu), timed_out = TRUE,
                    criterion = NA, feval = NA, peak_mb = peak_mb()), auto_unbox = TRUE, digits = NA, na = "null"), "\n", sep = "")
    next
  }
  crit <- if (isTRUE(case$reml)) REMLcrit(m) else deviance(m)
  cat(toJSON(list(
    name = case$name, rows = nrow(d), seconds = median(times), cpu_seconds = median(cpu), all_seconds = times,
    criterion = crit, theta = unname(getME(m, "theta")), feval = m@optinfo$feval, timed_out = FALSE, peak_mb = peak_mb(),
    messages = unlist(m@optinfo$conv$lme4$messages)
  ), auto_unbox = TRUE, digits = NA), "\n", sep = "")
}
