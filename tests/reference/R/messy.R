# Messy-CSV reference: what an R user gets from a messy rating-study CSV + an lme4 formula.
# Cases: tests/reference/messy/cases.json (manifest: file, formula, specs, where, reference, na, encoding).
# Output: tests/reference/messy/r/<case>.json (schema: tests/reference/messy/README.md).
# Run from the project root:
#   Rscript tests/reference/R/messy.R --generate   # (re)write the synthetic CSV files (seeded, explicit bytes)
#   Rscript tests/reference/R/messy.R              # read every case's CSV the R way, fit, emmeans -> JSON (~6 s)
#   Rscript tests/reference/R/messy.R CASE ...     # only the named cases
#
# Reading rules (agreed with the model-frame implementation; the same text is in cases.json):
#   read.csv(file, na.strings = c("", "NA", "NaN", <case na>), strip.white = TRUE, fileEncoding = <case encoding>,
#            check.names = FALSE, stringsAsFactors = FALSE)
#   character column -> factor, levels sort(unique(x), method = "radix") (C locale); numeric, integer and
#   logical columns stay as type.convert decides (a logical column enters the model as a 2-level factor).
#   `where` filters (as.character(column) %in% values; several columns all must hold; NA never matches) are
#   applied after reading, then the formula's variables are selected, then rows with a missing value in any
#   of them are dropped (na.omit), then unused levels are dropped and `reference` levels moved first (relevel).
#   Fit: lmerTest::lmer(formula, REML = TRUE, control = tight_control()); emmeans(fit, specs,
#   lmer.df = "satterthwaite"); pairwise contrasts with adjust "tukey" and "none"; summaries with
#   infer = c(TRUE, TRUE).

source(file.path("tests", "reference", "R", "common.R"))
suppressPackageStartupMessages({ library(lme4); library(lmerTest); library(emmeans) })
emm_options(lmerTest.limit = 1e6, pbkrtest.limit = 1e6)

MESSY_DIR <- file.path(REF_DIR, "messy")
DATA_DIR <- file.path(MESSY_DIR, "data")
OUT_DIR <- file.path(MESSY_DIR, "r")
PKGS <- c("lme4", "lmerTest", "emmeans", "Matrix", "nloptr", "numDeriv")
# read.csv converts a latin-1 file to the session's encoding: that must be UTF-8 to keep "modèle" and "modéle"
if (!isTRUE(l10n_info()[["UTF-8"]])) stop("run in a UTF-8 locale (e.g. LANG=C.UTF-8)")

args <- commandArgs(trailingOnly = TRUE)
generate_mode <- "--generate" %in% args
args <- setdiff(args, "--generate")

# =============================================================================================================
# Generation of the synthetic files (only with --generate). Every file is written byte by byte (writeBin):
# cells are text exactly as they should appear, line ends and encodings explicit.
# =============================================================================================================

SOURCES3 <- c("human", "gpt4", "llama2")
TOPICS <- c("anxiety", "family", "grief", "work")

#' A crossed rating design: every rater rates `posts_per_rater` posts (sampled), each post once per source.
#' Rows are ordered by rater, post, source. Word counts (wc) and sentence counts (len) belong to a response
#' (post x source); x1 and z are per-row covariates rounded to 2 decimals. Ratings are integers 1..5.
base_design <- function(seed, n_raters = 16, n_posts = 24, posts_per_rater = 5, sources = SOURCES3,
                        src_effect = c(0, 0.7, 0.3), post_sd = 0.45) {
  set.seed(seed)
  u_post <- rnorm(n_posts, 0, post_sd)
  v_rater <- rnorm(n_raters, 0, 0.6)
  wc_lo <- c(30, 110, 80)[seq_along(sources)]
  wc_hi <- c(130, 260, 220)[seq_along(sources)]
  wc <- matrix(0L, n_posts, length(sources))
  for (s in seq_along(sources)) wc[, s] <- as.integer(round(runif(n_posts, wc_lo[s], wc_hi[s])))
  topic <- TOPICS[(seq_len(n_posts) - 1) %% length(TOPICS) + 1]
  rows <- list()
  for (r in seq_len(n_raters)) {
    ps <- sort(sample.int(n_posts, posts_per_rater))
    for (p in ps) for (s in seq_along(sources)) rows[[length(rows) + 1]] <- c(r, p, s)
  }
  idx <- do.call(rbind, rows)
  n <- nrow(idx)
  w <- wc[cbind(idx[, 2], idx[, 3])]
  x1 <- round(rnorm(n, 0, 1), 2)
  z <- round(rnorm(n, 0, 1), 2)
  eta <- 3 + src_effect[idx[, 3]] + 0.004 * (w - 150) + 0.15 * x1 + u_post[idx[, 2]] + v_rater[idx[, 1]] +
    rnorm(n, 0, 0.8)
  data.frame(
    rating = as.integer(pmin(5, pmax(1, round(eta)))),
    source = sources[idx[, 3]],
    rater = sprintf("r%02d", idx[, 1]),
    post = sprintf("p%02d", idx[, 2]),
    topic = topic[idx[, 2]],
    wc = w,
    len = as.integer(pmax(1, round(w / 20))),
    x1 = x1,
    z = z,
    rater_num = idx[, 1],
    post_num = idx[, 2],
    stringsAsFactors = FALSE
  )
}

#' Text of a number as a person's spreadsheet would write it: integers plain, decimals up to 2 places.
num_text <- function(x) {
  x <- x + 0  # no "-0"
  out <- ifelse(x == round(x), sprintf("%.0f", x), sub("0+$", "", sprintf("%.2f", x)))
  out
}

#' A table of cell texts (character matrix with column names) -> bytes of a CSV file.
#' `quote_cols`: columns whose cells are all written in double quotes (embedded quotes doubled).
#' `eol`: "\n" or "\r\n". `bom`: prefix the UTF-8 byte-order mark. `encoding`: "UTF-8" or "latin1" (bytes).
#' `extra_lines`: named list position -> raw line text inserted BEFORE data row `position` (1-based).
write_cells <- function(path, cells, quote_cols = character(0), eol = "\n", bom = FALSE, encoding = "UTF-8",
                        extra_lines = list(), final_eol = TRUE) {
  q <- function(x) paste0('"', gsub('"', '""', x, fixed = TRUE), '"')
  for (cc in quote_cols) cells[, cc] <- q(cells[, cc])
  lines <- apply(cells, 1, paste, collapse = ",")
  body <- character(0)
  for (i in seq_along(lines)) {
    key <- as.character(i)
    if (!is.null(extra_lines[[key]])) body <- c(body, extra_lines[[key]])
    body <- c(body, lines[i])
  }
  txt <- paste0(paste(c(paste(colnames(cells), collapse = ","), body), collapse = eol), if (final_eol) eol else "")
  bytes <- if (encoding == "latin1") {
    b <- iconv(txt, from = "UTF-8", to = "latin1", toRaw = TRUE)[[1]]
    if (is.null(b)) stop("not representable in latin1: ", path)
    b
  } else charToRaw(enc2utf8(txt))
  if (bom) bytes <- c(as.raw(c(0xef, 0xbb, 0xbf)), bytes)
  writeBin(bytes, path)
  message("wrote ", path, " (", length(bytes), " bytes, ", nrow(cells), " rows)")
}

#' The usual columns of a design as cell texts.
cells_of <- function(d, cols = c("rating", "source", "rater", "post", "topic", "wc", "len", "x1")) {
  m <- sapply(cols, function(cc) {
    v <- d[[cc]]
    if (is.numeric(v)) num_text(v) else as.character(v)
  })
  if (!is.matrix(m)) m <- matrix(m, nrow = 1, dimnames = list(NULL, cols))
  colnames(m) <- cols
  m
}

generate_files <- function() {
  dir.create(DATA_DIR, showWarnings = FALSE, recursive = TRUE)
  f <- function(name) file.path(DATA_DIR, name)

  # clean: the baseline (also used by the where_* and response_on_rhs cases)
  d <- base_design(101)
  write_cells(f("clean.csv"), cells_of(d))

  # missing_kinds: every kind of missing cell in the response and in wc, missing grouping values,
  # a fully empty row (",,,,,,,") and a blank line (skipped by read.csv).
  d <- base_design(102)
  cl <- cells_of(d)
  cl[3, "rating"] <- ""
  cl[10, "rating"] <- "  "
  cl[20, "rating"] <- "NA"
  cl[30, "rating"] <- "NaN"
  cl[40, "rating"] <- '"  "'      # quoted whitespace in a numeric column: numeric fields are always stripped
  cl[50, "wc"] <- ""
  cl[60, "wc"] <- "   "
  cl[70, "wc"] <- "NA"
  cl[80, "wc"] <- "NaN"
  cl[90, "wc"] <- "nan"           # not an na.string, but type.convert reads it as NaN (missing for na.omit)
  cl[100, "rater"] <- ""
  cl[110, "post"] <- "NA"
  cl[120, "topic"] <- ""          # not a model variable: the row stays
  cl[130, "rating"] <- "NA"; cl[130, "wc"] <- "NA"   # counted once, under rating
  cl[140, "source"] <- " NA "     # stripped -> NA
  write_cells(f("missing_kinds.csv"), cl,
              extra_lines = list("150" = ",,,,,,,", "160" = ""))

  # covariate_one_na: wc has one NA cell (R keeps wc numeric)
  d <- base_design(103)
  cl <- cells_of(d)
  cl[7, "wc"] <- "NA"
  write_cells(f("covariate_one_na.csv"), cl)

  # whitespace_response: one response cell of three spaces
  d <- base_design(104)
  cl <- cells_of(d)
  cl[12, "rating"] <- "   "
  write_cells(f("whitespace_response.csv"), cl)

  # unbalanced: all human rows, gpt4 only for raters r01..r06, llama2 for ~15% of the rows (seeded)
  d <- base_design(105, n_raters = 20, n_posts = 30, posts_per_rater = 6)
  set.seed(1105)
  keep <- d$source == "human" | (d$source == "gpt4" & d$rater_num <= 6) |
    (d$source == "llama2" & runif(nrow(d)) < 0.15)
  write_cells(f("unbalanced.csv"), cells_of(d[keep, ]))

  # interaction_empty_cell: llama2 never rated on topic "grief" (source x topic cell empty)
  d <- base_design(106, n_raters = 18, n_posts = 24, posts_per_rater = 6)
  d <- d[!(d$source == "llama2" & d$topic == "grief"), ]
  write_cells(f("interaction_empty_cell.csv"), cells_of(d))

  # collinear: x2 = 2 * x1 exactly (also exact after parsing: doubling is exact in binary), x3 = x1 + z (decimal)
  d <- base_design(107)
  x1 <- round(d$x1, 2); zz <- round(d$z, 2)
  d$x2 <- round(2 * x1, 2); d$x3 <- round(x1 + zz, 2)
  cl <- cells_of(d, c("rating", "source", "rater", "post", "wc", "x1", "z", "x2", "x3"))
  write_cells(f("collinear.csv"), cl)

  # latin1_accents: three sources "human", "modèle", "modéle", file bytes ISO-8859-1
  d <- base_design(108, sources = c("human", "mod\u00e8le", "mod\u00e9le"))
  write_cells(f("latin1_accents.csv"), cells_of(d), encoding = "latin1")

  # inf_covariate: wc cell "Inf"; inf_variants: "-Inf" and "Infinity"
  d <- base_design(109)
  cl <- cells_of(d); cl[15, "wc"] <- "Inf"
  write_cells(f("inf_covariate.csv"), cl)
  d <- base_design(110)
  cl <- cells_of(d); cl[15, "wc"] <- "-Inf"; cl[40, "wc"] <- "Infinity"
  write_cells(f("inf_variants.csv"), cl)

  # overflow_covariate: x1 of the order 1e300 (squares overflow double)
  d <- base_design(111)
  cl <- cells_of(d)
  set.seed(1111)
  cl[, "x1"] <- sprintf("%.3fe+300", runif(nrow(d), 1, 9))
  write_cells(f("overflow_covariate.csv"), cl)

  # constant_response: every rating is 4
  d <- base_design(112)
  d$rating <- 4L
  write_cells(f("constant_response.csv"), cells_of(d))

  # na_strings: "-99" (response and wc) and "missing" (rater) are missing with na = ["-99", "missing"];
  # "-99.0" is not the string "-99": R keeps wc = -99 there.
  d <- base_design(113)
  cl <- cells_of(d)
  cl[8, "rating"] <- "-99"; cl[19, "rating"] <- "-99"
  cl[33, "wc"] <- "-99"; cl[44, "wc"] <- "-99.0"
  cl[55, "rater"] <- "missing"
  write_cells(f("na_strings.csv"), cl)

  # text_in_numeric: len (sentences, 1..13) has one "n/a" cell -> character -> factor, levels in text order
  d <- base_design(114)
  cl <- cells_of(d); cl[21, "len"] <- "n/a"
  write_cells(f("text_in_numeric.csv"), cl)

  # decimal_comma: x1 on a 0.5 grid in [0, 5] with one quoted "3,5" -> character -> factor
  d <- base_design(115)
  set.seed(1115)
  d$x1 <- round(runif(nrow(d), 0, 10)) / 2
  cl <- cells_of(d)
  cl[9, "x1"] <- '"3,5"'
  write_cells(f("decimal_comma.csv"), cl)

  # bom_crlf_quoted: UTF-8 BOM, CRLF line ends, a free-text column with commas, doubled quotes, an embedded
  # line break and non-ASCII text; every text field quoted (as Excel / write.csv do)
  d <- base_design(116)
  texts <- c("I hear you, and that sounds hard.", "She said \"it's fine\", but it wasn't.",
             "Line one\r\nline two", "Caf\u00e9 talk, na\u00efve \u2013 ok", "plain text")
  d$text <- texts[(seq_len(nrow(d)) - 1) %% length(texts) + 1]
  cl <- cells_of(d, c("rating", "source", "rater", "post", "text", "wc"))
  write_cells(f("bom_crlf_quoted.csv"), cl, quote_cols = c("source", "rater", "post", "text"), eol = "\r\n",
              bom = TRUE)

  # numeric_ids: raters and posts are numbers; rater 7 is "07" in its first rows and "7" afterwards (one
  # person, two data-entry batches): R reads both as the number 7. Posts 1..24 (numeric level order).
  d <- base_design(117)
  cl <- cells_of(d, c("rating", "source", "rater_num", "post_num", "wc"))
  colnames(cl) <- c("rating", "source", "rater", "post", "wc")
  r7 <- which(d$rater_num == 7)
  cl[r7[seq_len(floor(length(r7) / 2))], "rater"] <- "07"
  write_cells(f("numeric_ids.csv"), cl)

  # numeric_condition: the condition coded 1, 2, 3 (human, gpt4, llama2): R treats it as a number (one slope)
  d <- base_design(118)
  d$cond <- match(d$source, SOURCES3)
  write_cells(f("numeric_condition.csv"), cells_of(d, c("rating", "cond", "rater", "post", "wc")))

  # logical_column: "edited" is TRUE/FALSE -> logical -> a 2-level factor in the model (editedTRUE)
  d <- base_design(119)
  set.seed(1119)
  d$edited <- ifelse(runif(nrow(d)) < 0.3, "TRUE", "FALSE")
  write_cells(f("logical_column.csv"), cells_of(d, c("rating", "source", "edited", "rater", "post", "wc")))

  # level_spelling: "Human" vs "human", unquoted " gpt4" (stripped -> gpt4), quoted "gpt4 " (kept, another
  # level), a quoted "  " source (not stripped inside quotes: a level of two spaces, not missing)
  d <- base_design(120)
  cl <- cells_of(d)
  hum <- which(cl[, "source"] == "human"); g4 <- which(cl[, "source"] == "gpt4")
  cl[hum[c(2, 9, 17, 30, 44)], "source"] <- "Human"
  cl[g4[c(3, 11)], "source"] <- " gpt4"
  cl[g4[c(5, 20, 33)], "source"] <- '"gpt4 "'
  cl[hum[25], "source"] <- '"  "'
  write_cells(f("level_spelling.csv"), cl)

  # text_response: one rating written "4 (agree)": the response column becomes text
  d <- base_design(121)
  cl <- cells_of(d); cl[25, "rating"] <- "4 (agree)"
  write_cells(f("text_response.csv"), cl)

  # singular_post: no post effect in the generating model; REML puts the post sd on the boundary (0)
  d <- base_design(122, post_sd = 0)
  write_cells(f("singular_post.csv"), cells_of(d))
}

if (generate_mode) {
  generate_files()
  quit(save = "no")
}

# =============================================================================================================
# Reference: read each case's CSV the R way, build the model frame, fit, emmeans.
# =============================================================================================================

manifest <- jsonlite::fromJSON(file.path(MESSY_DIR, "cases.json"), simplifyVector = FALSE)
dir.create(OUT_DIR, showWarnings = FALSE, recursive = TRUE)

#' Run `expr`, collecting warnings and messages (muffled). Returns list(value, warnings, messages, error).
capture <- function(expr) {
  ws <- character(0); ms <- character(0)
  val <- tryCatch(
    withCallingHandlers(expr,
      warning = function(w) { ws <<- c(ws, conditionMessage(w)); invokeRestart("muffleWarning") },
      message = function(m) { ms <<- c(ms, sub("\n$", "", conditionMessage(m))); invokeRestart("muffleMessage") }),
    error = function(e) structure(list(message = conditionMessage(e)), class = "captured_error"))
  err <- if (inherits(val, "captured_error")) val$message else NULL
  list(value = if (is.null(err)) val else NULL, warnings = ws, messages = ms, error = err)
}

column_info <- function(d) {
  lapply(stats::setNames(names(d), names(d)), function(nm) {
    v <- d[[nm]]
    if (is.factor(v)) list(type = "factor", levels = arr(levels(v)), missing = sum(is.na(v)))
    else list(type = class(v)[1], missing = sum(is.na(v)),
              nonfinite = sum(is.infinite(v)))
  })
}

#' Variables of a formula in the order used to attribute dropped rows: response, fixed part, random part.
formula_vars <- function(fml) {
  resp <- all.vars(fml[[2]])
  fixed <- all.vars(lme4::nobars(fml)[[3]])
  rnd <- unlist(lapply(lme4::findbars(fml), function(b) c(all.vars(b[[2]]), all.vars(b[[3]]))))
  unique(c(resp, fixed, rnd))
}

rows_of <- function(df, cols) {
  lapply(seq_len(nrow(df)), function(i) {
    r <- list()
    for (c in cols) { v <- df[[c]][i]; r[[c]] <- if (is.factor(v)) as.character(v) else v }
    r
  })
}

fit_json <- function(m) {
  is_lt <- inherits(m, "lmerModLmerTest")
  cf <- if (is_lt) summary(m, ddf = "Satterthwaite")$coefficients else summary(m)$coefficients
  fixef_tab <- lapply(seq_len(nrow(cf)), function(i) list(term = rownames(cf)[i], estimate = cf[i, "Estimate"],
    se = cf[i, "Std. Error"], df = if (is_lt) cf[i, "df"] else NA, t = cf[i, "t value"],
    p = if (is_lt) cf[i, "Pr(>|t|)"] else NA))
  dropped <- attr(getME(m, "X"), "col.dropped")
  vc <- as.data.frame(VarCorr(m))
  vc <- vc[is.na(vc$var2), ]
  V <- as.matrix(vcov(m))
  flist <- getME(m, "flist")
  list(
    class = class(m)[1],
    nobs = nobs(m),
    ngrps = as.list(ngrps(m)),
    groups = lapply(flist, function(f) list(n = nlevels(f), levels = arr(levels(f)))),
    fixef = fixef_tab,
    fixef_dropped = arr(if (is.null(dropped)) character(0) else names(dropped)),
    vcov = list(terms = arr(colnames(V)), matrix = mat_rows(V)),
    theta = list(names = arr(names(getME(m, "theta"))), values = arr(getME(m, "theta"))),
    varcorr = lapply(seq_len(nrow(vc)), function(i) list(group = vc$grp[i],
      term = if (is.na(vc$var1[i])) NULL else vc$var1[i], sd = vc$sdcor[i])),
    sigma = sigma(m),
    reml_criterion = unname(m@devcomp$cmp[["REML"]]),
    singular = isSingular(m),
    lme4_messages = arr(unlist(m@optinfo$conv$lme4$messages)),
    optimizer_warnings = arr(unlist(m@optinfo$warnings))
  )
}

emmeans_json <- function(m, specs, data) {
  emm <- emmeans(m, specs, lmer.df = "satterthwaite", data = data)  # data: the model frame (factor() in formulas)
  s <- summary(emm, infer = c(TRUE, TRUE))
  sd <- as.data.frame(s)
  est <- estimability::is.estble(emm@linfct, emm@nbasis)
  lev <- as.character(sd[[specs]])
  rows <- lapply(seq_len(nrow(sd)), function(i) list(level = lev[i], estimable = unname(est[i]),
    emmean = sd$emmean[i], SE = sd$SE[i], df = sd$df[i], lower.CL = sd$lower.CL[i], upper.CL = sd$upper.CL[i],
    t.ratio = sd$t.ratio[i], p.value = sd$p.value[i]))
  ctr <- list()
  if (nrow(sd) >= 2) {
    ctr <- lapply(c("tukey", "none"), function(adj) {
      cs <- summary(contrast(emm, method = "pairwise", adjust = adj), infer = c(TRUE, TRUE))
      cd <- as.data.frame(cs)
      list(method = "pairwise", adjust = adj, messages = arr(attr(cs, "mesg")),
           rows = lapply(seq_len(nrow(cd)), function(i) list(contrast = as.character(cd$contrast[i]),
             estimate = cd$estimate[i], SE = cd$SE[i], df = cd$df[i], t.ratio = cd$t.ratio[i],
             p.value = cd$p.value[i], lower.CL = cd$lower.CL[i], upper.CL = cd$upper.CL[i])))
    })
  }
  list(specs = specs, levels = arr(lev), linfct = list(terms = arr(colnames(emm@linfct)), matrix = mat_rows(emm@linfct)),
       grid = lapply(emm@grid[setdiff(names(emm@grid), c(".wgt.", ".offset."))], function(v) arr(if (is.factor(v)) as.character(v) else v)),
       rows = rows, messages = arr(attr(s, "mesg")), contrasts = ctr)
}

run_case <- function(cs) {
  name <- cs$name
  message("== ", name)
  na_extra <- unlist(cs$na)
  if (is.null(na_extra)) na_extra <- character(0)
  encoding <- if (is.null(cs$encoding)) "UTF-8" else cs$encoding
  where <- cs$where
  reference <- cs$reference
  specs <- cs$specs
  fml <- stats::as.formula(cs$formula, env = new.env(parent = baseenv()))
  out <- list(case = name, description = cs$description, generated_by = "tests/reference/R/messy.R",
              versions = versions(PKGS),
              input = list(file = cs$file, formula = cs$formula, specs = specs, where = where, reference = reference,
                           na = arr(na_extra), encoding = encoding),
              control = TIGHT_CONTROL_JSON, status = "ok", error = NULL)
  fail <- function(step, msg, extra = list()) {
    out$status <- "error"
    out$error <- list(step = step, message = msg)
    c(out, extra)
  }

  # ---- read
  rd <- capture(read_messy(file.path(DATA_DIR, cs$file), na_extra, encoding))
  out$read <- list(warnings = arr(rd$warnings), messages = arr(rd$messages))
  if (!is.null(rd$error)) return(fail("read", rd$error))
  d <- rd$value
  out$read$rows <- nrow(d)
  out$read$columns <- column_info(d)

  # ---- where, variables, missing values, levels
  n0 <- nrow(d)
  if (length(where)) {
    keep <- rep(TRUE, nrow(d))
    for (col in names(where)) {
      if (!col %in% names(d)) return(fail("where", paste0("where: no column '", col, "'")))
      keep <- keep & (as.character(d[[col]]) %in% unlist(where[[col]]))
    }
    d <- d[keep, , drop = FALSE]
  }
  rows <- list(read = n0, dropped_where = n0 - nrow(d))
  vars <- formula_vars(fml)
  present <- intersect(vars, names(d))
  miss <- if (length(present)) as.data.frame(lapply(d[present], is.na)) else data.frame()
  dropped_missing <- list()
  if (length(present)) {
    first <- apply(as.matrix(miss), 1, function(r) if (any(r)) present[which(r)[1]] else NA_character_)
    for (v in present) { k <- sum(first == v, na.rm = TRUE); if (k > 0) dropped_missing[[v]] <- k }
    d <- d[is.na(first), present, drop = FALSE]
  }
  rows$dropped_missing <- if (length(dropped_missing)) dropped_missing else structure(list(), names = character(0))
  rows$used <- nrow(d)
  out$rows <- rows
  for (v in names(d)) if (is.factor(d[[v]])) d[[v]] <- droplevels(d[[v]])
  for (v in names(reference)) {
    r <- capture(stats::relevel(d[[v]], ref = reference[[v]]))
    if (!is.null(r$error)) return(fail("frame", r$error))
    d[[v]] <- r$value
  }
  out$frame <- list(variables = arr(vars), missing_variables = arr(setdiff(vars, names(d))),
                    types = lapply(as.list(d), function(v) class(v)[1]),
                    factors = lapply(Filter(is.factor, as.list(d)), function(v) arr(levels(v))))

  # ---- fit
  ft <- capture(lmerTest::lmer(fml, data = d, REML = TRUE, control = tight_control()))
  out$fit_warnings <- arr(ft$warnings)
  out$fit_messages <- arr(ft$messages)
  if (!is.null(ft$error)) return(fail("fit", ft$error))
  m <- ft$value
  fj <- capture(fit_json(m))
  if (!is.null(fj$error)) return(fail("fit", paste("summary:", fj$error)))
  out$fit <- fj$value
  out$fit$summary_warnings <- arr(fj$warnings)
  out$fit$summary_messages <- arr(fj$messages)

  # ---- emmeans
  if (!is.null(specs)) {
    em <- capture(emmeans_json(m, specs, d))
    out$emmeans_warnings <- arr(em$warnings)
    out$emmeans_console_messages <- arr(em$messages)
    if (!is.null(em$error)) return(fail("emmeans", em$error))
    # a case whose R emmeans output is known to be wrong (cases.json: emmeans_invalid = reason) keeps it under
    # another name, so that no test compares with it by mistake
    if (is.null(cs$emmeans_invalid)) out$emmeans <- em$value
    else out$emmeans_invalid <- c(list(reason = cs$emmeans_invalid), em$value)
  }
  out
}

results <- list()
for (cs in manifest$cases) {
  if (length(args) && !cs$name %in% args) next
  res <- run_case(cs)
  write_json_file(res, file.path(OUT_DIR, paste0(cs$name, ".json")))
  # the manifest states what R does: check it still holds
  exp <- cs$r_outcome
  got <- if (res$status == "ok") "ok" else res$error$step
  if (!is.null(exp)) {
    want <- if (exp$status == "ok") "ok" else exp$step
    if (!identical(want, got)) stop(cs$name, ": manifest says ", want, ", R gave ", got,
                                    if (!is.null(res$error)) paste0(" (", res$error$message, ")"))
  }
  results[[cs$name]] <- got
}
message("done: ", paste(names(results), unlist(results), sep = "=", collapse = ", "))
