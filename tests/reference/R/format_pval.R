# Reference strings for src/model/format.ts formatPValues: R's format.pval(pv, digits) as used by
# printCoefmat (summary(lmer), anova). Run from the project root:
#   Rscript tests/reference/R/format_pval.R
# Writes tests/reference/format/format_pval.json.
library(jsonlite)
cases <- list(
  0.000344, c(0.000344, 0.5), 3.44e-5, c(1e-20, 0.03), c(0.0123, 4.56e-5, 0.2),
  c(1e-20, 1e-5, 0.04), c(5e-4, 1e-3), 0.99999, c(0.0499, 0.05), 2e-16,
  c(0.00012345, 0.1), c(9.99e-5, 0.01), c(1e-4, 0.5, 0.05), 0.13, c(3e-300, 0.2), 1
)
out <- lapply(cases, function(p) lapply(c(2, 3, 4), function(d) list(p = p, digits = d, formatted = format.pval(p, digits = d))))
out <- unlist(out, recursive = FALSE)
write_json(list(r_version = R.version.string, cases = out), "tests/reference/format/format_pval.json",
           digits = NA, auto_unbox = FALSE, pretty = TRUE)
