# Cumulative link mixed models on messy CSV files: tests/reference/clmm/messy_<case>.json.
# The files and the reading rules are messy/'s (tests/reference/messy/README.md, read_messy in common.R); the
# response becomes an ordered factor (numbers in numeric order, text in C-locale order, as our model frame
# does). Run from the project root:  Rscript tests/reference/R/clmm_messy.R [case ...]

source(file.path("tests", "reference", "R", "common.R"))
suppressPackageStartupMessages({ library(ordinal) })

args <- commandArgs(trailingOnly = TRUE)
wanted <- function(case) length(args) == 0 || case %in% args
FORMULA <- "rating ~ source + wc + (1 | rater) + (1 | post)"

coef_rows <- function(tab, rows) lapply(rows, function(r) list(term = r, estimate = tab[r, "Estimate"], se = tab[r, "Std. Error"]))

messy_clmm <- function(case, file, description, na = character(0), encoding = "UTF-8", where = list()) {
  if (!wanted(case)) return(invisible(NULL))
  message("== ", case)
  d <- read_messy(file.path(REF_DIR, "messy", "data", file), na, encoding)
  rows_read <- nrow(d)
  for (col in names(where)) d <- d[!is.na(d[[col]]) & as.character(d[[col]]) %in% where[[col]], , drop = FALSE]
  d <- droplevels(d)
  d$rating <- if (is.factor(d$rating)) factor(as.character(d$rating), levels = levels(d$rating), ordered = TRUE)
              else factor(d$rating, levels = sort(unique(d$rating[!is.na(d$rating)])), ordered = TRUE)
  m <- ordinal::clmm(stats::as.formula(FORMULA), data = d, link = "logit", threshold = "flexible",
                     control = do.call(ordinal::clmm.control, tight_clmm_settings(FORMULA)))
  tab <- summary(m)$coefficients
  vc <- ordinal::VarCorr(m)
  out <- list(
    case = case, description = description, generated_by = "tests/reference/R/clmm_messy.R",
    versions = versions(c("ordinal", "ucminf", "numDeriv", "Matrix")),
    formula = FORMULA, data = list(csv = file.path("tests", "reference", "messy", "data", file), na = arr(na), encoding = encoding,
                                   where = if (length(where)) lapply(where, arr) else structure(list(), names = character(0))),
    rows_read = rows_read, nobs = nobs(m),
    response_levels = arr(levels(d$rating)),
    source_levels = arr(levels(droplevels(d$source[!is.na(d$rating)])) ),
    thresholds = coef_rows(tab, names(m$alpha)),
    coefficients = coef_rows(tab, names(m$beta)),
    random_sd = lapply(names(vc), function(g) list(group = g, sd = unname(attr(vc[[g]], "stddev")))),
    logLik = as.numeric(logLik(m)),
    max_grad = max(abs(m$gradient))
  )
  write_json_file(out, file.path(REF_DIR, "clmm", paste0("messy_", case, ".json")))
}

messy_clmm("missing_kinds", "missing_kinds.csv", "missing cells of every kind in rating, wc, rater, post, source (messy/cases.json)")
messy_clmm("na_strings", "na_strings.csv", "extra na strings '-99' and 'missing'", na = c("-99", "missing"))
messy_clmm("latin1_accents", "latin1_accents.csv", "ISO-8859-1 file with two accented source levels", encoding = "latin1")
messy_clmm("where_two_columns", "clean.csv", "where source in {human, llama2} and topic in {anxiety, grief, work}",
           where = list(source = c("human", "llama2"), topic = c("anxiety", "grief", "work")))
messy_clmm("numeric_ids", "numeric_ids.csv", "numeric rater and post ids ('07' and '7' are one rater)")
messy_clmm("text_response", "text_response.csv", paste("one rating cell is '4 (agree)': the response is text, so its categories are the C-locale sorted texts (6 of them).",
                  "The category '4 (agree)' has one rating, so thresholds 4|4 (agree) and 4 (agree)|5 are 0.04 apart and clmm's",
                  "finite-difference Hessian (step 1e-4) is unstable: with steps 2e-6 to 1e-4 the SE of 1|2 ranges from 1.016 to 1.092",
                  "(clmm reports 1.038); estimates and logLik are well determined"))
