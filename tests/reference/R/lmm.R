# LMM reference values: tests/reference/lmm/<case>.json (schema: tests/reference/README.md).
# Run from the project root:  Rscript tests/reference/R/lmm.R [case ...]
# (no arguments = all cases; the Lee et al. 2024 cases need ../shared/data/lee2024 or EMPATHY_LAB_DATA_FROM).
# Every fit uses lme4's TIGHT optimum (see common.R: tight_control) and lmerTest's Satterthwaite df.

source(file.path("tests", "reference", "R", "common.R"))
suppressPackageStartupMessages({ library(lme4); library(lmerTest) })

LMM_DIR <- file.path(REF_DIR, "lmm")
PKGS <- c("lme4", "lmerTest", "Matrix", "nloptr", "numDeriv")
args <- commandArgs(trailingOnly = TRUE)
wanted <- function(case) length(args) == 0 || case %in% args

#' Read a reference CSV; `factors` = columns to make factors (levels sorted, C locale, unless `levels`
#' gives them), `reference` = named list of reference levels moved to the front.
read_dataset <- function(name, factors, reference = list(), levels = list()) {
  path <- file.path(DATASET_DIR, paste0(name, ".csv"))
  d <- utils::read.csv(path, stringsAsFactors = FALSE, colClasses = stats::setNames(rep("character", length(factors)), factors))
  for (f in factors) {
    lv <- if (!is.null(levels[[f]])) levels[[f]] else sort(unique(d[[f]]), method = "radix")
    if (!is.null(reference[[f]])) lv <- c(reference[[f]], setdiff(lv, reference[[f]]))
    d[[f]] <- factor(d[[f]], levels = lv)
  }
  attr(d, "csv") <- path
  d
}

#' Levels of the factors that enter the fixed-effects part (treatment contrasts: reference = first level).
fixed_factor_levels <- function(formula, data) {
  vars <- all.vars(lme4::nobars(formula)[[3]])
  out <- structure(list(), names = character(0))
  for (v in vars) if (is.factor(data[[v]])) out[[v]] <- list(levels = arr(levels(data[[v]])), reference = levels(data[[v]])[1])
  out
}

theta_layout <- function(m) {
  cn <- getME(m, "cnms")
  lapply(seq_along(cn), function(i) list(group = names(cn)[i], terms = arr(cn[[i]])))
}

varcorr_json <- function(m) {
  vc <- as.data.frame(VarCorr(m))
  sds <- vc[is.na(vc$var2), ]
  cors <- vc[!is.na(vc$var2), ]
  list(
    sd = lapply(seq_len(nrow(sds)), function(i) list(group = sds$grp[i], term = if (is.na(sds$var1[i])) NULL else sds$var1[i],
                                                    sd = sds$sdcor[i], variance = sds$vcov[i])),
    cor = lapply(seq_len(nrow(cors)), function(i) list(group = cors$grp[i], term1 = cors$var1[i], term2 = cors$var2[i],
                                                      cor = cors$sdcor[i]))
  )
}

ranef_json <- function(m) {
  re <- ranef(m, condVar = TRUE)
  df <- as.data.frame(re)
  lapply(names(re), function(g) {
    r <- re[[g]]
    terms <- colnames(r)
    lev <- rownames(r)
    sub <- df[df$grpvar == g, ]
    csd <- matrix(NA_real_, length(lev), length(terms))
    for (j in seq_along(terms)) {
      s <- sub[sub$term == terms[j], ]
      csd[, j] <- s$condsd[match(lev, as.character(s$grp))]
    }
    list(group = g, terms = arr(terms), levels = arr(lev), values = mat_rows(as.matrix(r)), condsd = mat_rows(csd))
  })
}

#' Three theta vectors for the fixed-theta objective: lme4's start (diag 1, off-diag 0), the optimum, and a
#' perturbed point (diagonal entries 1.5 * hat + 0.05, off-diagonal 0.5 * hat).
three_thetas <- function(m) {
  lower <- getME(m, "lower")
  th <- getME(m, "theta")
  list(start = ifelse(lower == 0, 1, 0), optimum = unname(th),
       perturbed = unname(ifelse(lower == 0, 1.5 * th + 0.05, 0.5 * th)))
}

fit_case <- function(case, description, formula, data, data_ref, reml = TRUE, L = list(), key_cols = NULL,
                     extra = list()) {
  if (!wanted(case)) return(invisible(NULL))
  message("== ", case)
  formula <- stats::as.formula(formula)
  t0 <- proc.time()[["elapsed"]]
  m <- lmerTest::lmer(formula, data = data, REML = reml, control = tight_control())
  t_fit <- proc.time()[["elapsed"]] - t0
  sm <- summary(m, ddf = "Satterthwaite")
  cf <- sm$coefficients
  fixef_tab <- lapply(seq_len(nrow(cf)), function(i) list(term = rownames(cf)[i], estimate = cf[i, "Estimate"],
    se = cf[i, "Std. Error"], df = cf[i, "df"], t = cf[i, "t value"], p = cf[i, "Pr(>|t|)"]))
  V <- as.matrix(vcov(m))
  dropped <- attr(getME(m, "X"), "col.dropped")
  ll <- logLik(m)
  crit_name <- if (reml) "REML" else "deviance"
  crit <- if (reml) unname(m@devcomp$cmp[["REML"]]) else unname(m@devcomp$cmp[["dev"]])

  # objective at fixed theta
  devfun <- lme4::lmer(formula, data = data, REML = reml, devFunOnly = TRUE)
  ths <- three_thetas(m)
  obj <- lapply(names(ths), function(k) list(label = k, theta = arr(ths[[k]]), value = devfun(ths[[k]])))
  if (abs(obj[[2]]$value - crit) > 1e-8 * abs(crit)) stop(case, ": devfun(theta_hat) != criterion")

  # Satterthwaite contrasts
  contr <- list()
  if (length(L)) {
    Lm <- do.call(rbind, lapply(L, function(x) x$L))
    ct <- lmerTest::contest(m, Lm, joint = FALSE)
    contr <- lapply(seq_along(L), function(i) list(label = L[[i]]$label, L = arr(L[[i]]$L),
      estimate = ct[i, "Estimate"], se = ct[i, "Std. Error"], df = ct[i, "df"], t = ct[i, "t value"],
      p = ct[i, "Pr(>|t|)"], lower = ct[i, "lower"], upper = ct[i, "upper"]))
  }

  # lme4's default optimizer, for comparison
  t1 <- proc.time()[["elapsed"]]
  md <- suppressMessages(suppressWarnings(lme4::lmer(formula, data = data, REML = reml)))
  t_def <- proc.time()[["elapsed"]] - t1
  crit_def <- if (reml) unname(md@devcomp$cmp[["REML"]]) else unname(md@devcomp$cmp[["dev"]])

  res <- residuals(m)
  fitted_head <- list(rows = arr(1:10), fitted = arr(unname(fitted(m)[1:10])), residuals = arr(unname(res[1:10])))
  # Lee et al. cases: no residuals, since fitted + residual would reveal individual ratings of the unlicensed data.
  if (!is.null(key_cols)) fitted_head$residuals <- NULL
  if (!is.null(key_cols)) fitted_head$keys <- lapply(1:10, function(i) lapply(data[i, key_cols, drop = FALSE], function(v) as.character(v)))

  out <- list(
    case = case,
    description = description,
    generated_by = "tests/reference/R/lmm.R",
    versions = versions(PKGS),
    formula = paste(deparse(formula, width.cutoff = 500), collapse = ""),
    data = data_ref,
    reml = reml,
    control = TIGHT_CONTROL_JSON,
    contrasts = "contr.treatment",
    factors = fixed_factor_levels(formula, data),
    nobs = nobs(m),
    ngrps = as.list(ngrps(m)),
    fixef = fixef_tab,
    fixef_dropped = arr(if (is.null(dropped)) character(0) else names(dropped)),
    vcov = list(terms = arr(colnames(V)), matrix = mat_rows(V)),
    theta = list(names = arr(names(getME(m, "theta"))), values = arr(getME(m, "theta")), layout = theta_layout(m),
                 lower = arr(getME(m, "lower"))),
    varcorr = varcorr_json(m),
    sigma = sigma(m),
    criterion = list(name = crit_name, value = crit),
    logLik = as.numeric(ll),
    df = attr(ll, "df"),
    AIC = AIC(m),
    BIC = BIC(m),
    deviance_ml = if (reml) NULL else deviance(m),
    singular = isSingular(m),
    ranef = ranef_json(m),
    fitted_head = fitted_head,
    residual_sum_of_squares = sum(res^2),
    scaled_residuals = five_num(residuals(m, type = "pearson", scaled = TRUE)),
    objective_at_theta = obj,
    satterthwaite_contrasts = contr,
    default_optimizer = list(optimizer = md@optinfo$optimizer, criterion = crit_def, theta = arr(getME(md, "theta")),
                             feval = md@optinfo$feval,
                             messages = arr(unlist(md@optinfo$conv$lme4$messages)),
                             criterion_minus_tight = crit_def - crit),
    tight_optimizer = list(feval = m@optinfo$feval, messages = arr(unlist(m@optinfo$conv$lme4$messages))),
    timing_seconds = list(tight_fit = t_fit, default_fit = t_def)
  )
  out <- c(out, extra)
  write_json_file(out, file.path(LMM_DIR, paste0(case, ".json")))
  invisible(m)
}

csv_ref <- function(d) list(csv = attr(d, "csv"))
Lc <- function(label, L) list(label = label, L = L)

# ---- lme4's data --------------------------------------------------------------------------------------------
ss <- read_dataset("sleepstudy", "Subject")
sleep_L <- list(Lc("Days", c(0, 1)), Lc("(Intercept) + 5 Days", c(1, 5)), Lc("(Intercept) - Days", c(1, -1)))
fit_case("sleepstudy_reml", "lme4 sleepstudy, correlated random intercept and slope, REML",
         "Reaction ~ Days + (Days | Subject)", ss, csv_ref(ss), TRUE, sleep_L)
fit_case("sleepstudy_ml", "lme4 sleepstudy, correlated random intercept and slope, ML",
         "Reaction ~ Days + (Days | Subject)", ss, csv_ref(ss), FALSE, sleep_L)
fit_case("sleepstudy_intercept_reml", "lme4 sleepstudy, random intercept only, REML",
         "Reaction ~ Days + (1 | Subject)", ss, csv_ref(ss), TRUE, sleep_L)

pn <- read_dataset("penicillin", c("plate", "sample"))
fit_case("penicillin", "lme4 Penicillin, crossed random intercepts, REML",
         "diameter ~ 1 + (1 | plate) + (1 | sample)", pn, csv_ref(pn), TRUE,
         list(Lc("(Intercept)", 1), Lc("2 (Intercept)", 2)))

pa <- read_dataset("pastes", c("batch", "cask", "sample"))
fit_case("pastes_nested", "lme4 Pastes, cask nested in batch via (1 | batch/cask), REML",
         "strength ~ 1 + (1 | batch/cask)", pa, csv_ref(pa), TRUE, list(Lc("(Intercept)", 1)))
fit_case("pastes_sample", "lme4 Pastes with the explicit nested factor: (1 | batch) + (1 | sample), REML (same fit as pastes_nested)",
         "strength ~ 1 + (1 | batch) + (1 | sample)", pa, csv_ref(pa), TRUE, list(Lc("(Intercept)", 1)))

# ---- synthetic designs --------------------------------------------------------------------------------------
cm <- read_dataset("crossed_missing_cells", c("A", "B", "subj", "item"))
# kept columns: (Intercept) Aa2 Aa3 Bb2 Bb3 Aa2:Bb2 Aa3:Bb2 Aa2:Bb3 (Aa3:Bb3 dropped)
fit_case("crossed_missing_cells", "synthetic unbalanced crossed design, A x B with the cell (a3, b3) empty: lme4 drops Aa3:Bb3",
         "y ~ A * B + (1 | subj) + (1 | item)", cm, csv_ref(cm), TRUE,
         list(Lc("Aa2 - Aa3", c(0, 1, -1, 0, 0, 0, 0, 0)), Lc("Bb2 + Aa2:Bb2", c(0, 0, 0, 1, 0, 1, 0, 0)),
              Lc("Aa2:Bb3", c(0, 0, 0, 0, 0, 0, 0, 1))))
fit_case("crossed_missing_cells_ml", "as crossed_missing_cells, ML",
         "y ~ A * B + (1 | subj) + (1 | item)", cm, csv_ref(cm), FALSE,
         list(Lc("Aa2 - Aa3", c(0, 1, -1, 0, 0, 0, 0, 0))))

sg <- read_dataset("singular_intercept", "g")
fit_case("singular_intercept", "synthetic singular fit: the group sd is estimated as exactly 0 (theta on the boundary)",
         "y ~ x + (1 | g)", sg, csv_ref(sg), TRUE, list(Lc("x", c(0, 1)), Lc("(Intercept) + 5 x", c(1, 5))))

ssl <- read_dataset("singular_slope", "g")
fit_case("singular_slope", "synthetic singular fit with a random-slope correlation of exactly -1 (theta = (a, b, 0))",
         "y ~ x + (1 + x | g)", ssl, csv_ref(ssl), TRUE, list(Lc("x", c(0, 1)), Lc("(Intercept) + 5 x", c(1, 5))))

sf <- read_dataset("slope_factor", c("f", "g"))
# columns: (Intercept) x fc2 fc3 x:fc2 x:fc3
fit_case("slope_factor", "synthetic numeric covariate x factor interaction with a correlated random slope",
         "y ~ x * f + (1 + x | g)", sf, csv_ref(sf), TRUE,
         list(Lc("x:fc2 - x:fc3", c(0, 0, 0, 0, 1, -1)), Lc("slope in c2 (x + x:fc2)", c(0, 1, 0, 0, 1, 0)),
              Lc("fc2", c(0, 0, 1, 0, 0, 0))))
fit_case("slope_factor_ml", "as slope_factor, ML", "y ~ x * f + (1 + x | g)", sf, csv_ref(sf), FALSE,
         list(Lc("x:fc2 - x:fc3", c(0, 0, 0, 0, 1, -1))))

us <- read_dataset("uncorrelated_slope", "g")
fit_case("uncorrelated_slope", "synthetic uncorrelated random intercept and slope, (1 | g) + (0 + x | g), the same model as (x || g)",
         "y ~ x + (1 | g) + (0 + x | g)", us, csv_ref(us), TRUE, list(Lc("x", c(0, 1)), Lc("(Intercept) + x", c(1, 1))))

ne <- read_dataset("nested", c("trt", "a", "b"))
fit_case("nested", "synthetic nesting via (1 | a/b); b labels repeat within a, so b:a is the unit",
         "y ~ trt + (1 | a/b)", ne, csv_ref(ne), TRUE, list(Lc("trttrt", c(0, 1)), Lc("(Intercept) + trttrt", c(1, 1))))

c4 <- read_dataset("crossed4", c("cond", "subj", "item"))
fit_case("crossed4", "synthetic 4-level condition with crossed random intercepts (subj, item); the emmeans design",
         "y ~ cond + (1 | subj) + (1 | item)", c4, csv_ref(c4), TRUE,
         list(Lc("condc2 - condc3", c(0, 1, -1, 0)), Lc("condc4", c(0, 0, 0, 1))))

# ---- Lee et al. (2024) ------------------------------------------------------------------------------------
PAPER_FORMULA <- "rating ~ source + (1 | post:rater) + (1 | post) + (1 | rater)"
lee_keys <- c("post", "source", "rater", "group", "subject")
lee_ref <- function(study, measure, coding) list(lee2024 = list(study = study, measure = measure, rater_coding = coding))
lee_extra <- function(study, d) list(lee2024_table = list(
  rows = nrow(d), raters = nlevels(d$rater), posts = nlevels(d$post),
  row_order = "files in order (Study 1: group 1 then group 2), raters in file order, rating columns in file order; empty cells skipped",
  labels = list(post = "post number as in the column name s{post}_...",
                rater = if (study == 1) "paper coding: SubjectNum; unique coding: '<GroupID>-<SubjectNum>'" else "SubjectNum (both codings)",
                `post:rater` = "'<post>:<rater>'")),
  fitted_head_keys = "fitted_head.keys identify the first 10 rows of this script's table; match by (post, source, group, subject), not by position")

for (coding in c("paper", "unique")) {
  for (measure in c("empathy", "appropriateness")) {
    case <- paste0("paper_study1_", measure, "_", coding)
    if (!wanted(case)) next
    d <- lee2024_table(1, measure, coding, reference = "human")
    stopifnot(nrow(d) == 8688, length(unique(paste(d$group, d$subject))) == 193)
    # columns: (Intercept) sourcegpt4 sourcegpt4_high sourcegpt4_low sourcellama2 sourcemistral
    m <- fit_case(case, paste0("Lee et al. (2024) Study 1 ", measure, ", reference human, rater coding ", coding),
             PAPER_FORMULA, d, lee_ref(1, measure, coding), TRUE,
             list(Lc("gpt4 - llama2", c(0, 1, 0, 0, -1, 0)), Lc("gpt4_high - gpt4", c(0, -1, 1, 0, 0, 0)),
                  Lc("gpt4 - mistral", c(0, 1, 0, 0, 0, -1))),
             key_cols = lee_keys, extra = lee_extra(1, d))
    if (measure == "empathy") {
      t_h <- summary(m)$coefficients["sourcegpt4", "t value"]
      message("  Study 1 human vs gpt4 t = ", round(t_h, 4))
      stopifnot(round(t_h, 2) == 20.13)
    }
  }
  case <- paste0("paper_study2_empathy_", coding)
  if (wanted(case)) {
    d <- lee2024_table(2, "empathy", coding, reference = "gpt4")
    stopifnot(nrow(d) == 6060, nlevels(d$rater) == 202)
    fit_case(case, paste0("Lee et al. (2024) Study 2 empathy, reference gpt4, rater coding ", coding,
                          " (both codings give the same table in Study 2)"),
             PAPER_FORMULA, d, lee_ref(2, "empathy", coding), TRUE,
             list(Lc("llama2 - mistral", c(0, 1, -1)), Lc("llama2", c(0, 1, 0))),
             key_cols = lee_keys, extra = lee_extra(2, d))
  }
}

# Cross-study models of the paper: per source, rating ~ study + (1|post) + (1|rater) over both studies.
for (src in c("gpt4", "llama2", "mistral")) for (coding in c("paper", "unique")) {
  case <- paste0("paper_cross_", src, "_", coding)
  if (!wanted(case)) next
  d <- lee2024_cross_table(src, coding)
  fit_case(case, paste0("Lee et al. (2024) Study 1 vs Study 2 empathy ratings of ", src, ", rater coding ", coding),
           "rating ~ study + (1 | post) + (1 | rater)", d,
           list(lee2024 = list(study = arr(c(1, 2)), measure = "empathy", source = src, rater_coding = coding,
                               study2_offset = 1000)),
           TRUE, list(Lc("study2", c(0, 1))), key_cols = c("study", "post", "rater"),
           extra = list(lee2024_table = list(rows = nrow(d), raters = nlevels(d$rater), posts = nlevels(d$post),
             labels = list(study = "factor '1' (reference), '2'",
                           post = "Study 1: post number; Study 2: post number + 1000",
                           rater = if (coding == "paper") "Study 1: SubjectNum; Study 2: SubjectNum + 1000" else
                             "Study 1: '<GroupID>-<SubjectNum>'; Study 2: SubjectNum + 1000"),
             row_order = "Study 1 rows (as in paper_study1_*) then Study 2 rows, filtered to the source")))
}

# ---- likelihood-ratio tests: anova(m0, m1), REML fits refitted by ML ---------------------------------------
anova_case <- function(case, description, f0, f1, data, data_ref, reml = TRUE, refit = TRUE) {
  if (!wanted(case)) return(invisible(NULL))
  message("== ", case)
  m0 <- lme4::lmer(stats::as.formula(f0), data = data, REML = reml, control = tight_control())
  m1 <- lme4::lmer(stats::as.formula(f1), data = data, REML = reml, control = tight_control())
  a <- anova(m0, m1, refit = refit)
  rows <- lapply(seq_len(nrow(a)), function(i) list(model = rownames(a)[i], npar = a$npar[i], AIC = a$AIC[i],
    BIC = a$BIC[i], logLik = a$logLik[i], deviance = a$deviance[i],
    Chisq = if (is.na(a$Chisq[i])) NULL else a$Chisq[i], Df = if (is.na(a$Df[i])) NULL else a$Df[i],
    p = if (is.na(a[["Pr(>Chisq)"]][i])) NULL else a[["Pr(>Chisq)"]][i]))
  out <- list(case = case, description = description, generated_by = "tests/reference/R/lmm.R",
              versions = versions(PKGS), data = data_ref, control = TIGHT_CONTROL_JSON,
              models = list(list(name = "m0", formula = f0), list(name = "m1", formula = f1)),
              fitted_with_reml = reml, refit = refit,
              refit_note = if (refit && reml) "anova() refits both REML fits by ML (tight control) before comparing" else "models compared as fitted",
              rows = rows)
  write_json_file(out, file.path(LMM_DIR, paste0(case, ".json")))
}
anova_case("anova_sleepstudy_slope", "random slope test: (1 | Subject) vs (Days | Subject); REML fits, anova refits by ML",
           "Reaction ~ Days + (1 | Subject)", "Reaction ~ Days + (Days | Subject)", ss, csv_ref(ss))
anova_case("anova_sleepstudy_slope_reml", "random slope test on the REML criterion (refit = FALSE)",
           "Reaction ~ Days + (1 | Subject)", "Reaction ~ Days + (Days | Subject)", ss, csv_ref(ss), refit = FALSE)
anova_case("anova_sleepstudy_fixed", "fixed-effect test: Reaction ~ 1 vs ~ Days, random (Days | Subject); REML fits, anova refits by ML",
           "Reaction ~ 1 + (Days | Subject)", "Reaction ~ Days + (Days | Subject)", ss, csv_ref(ss))
anova_case("anova_crossed4_cond", "fixed-effect test of a 4-level factor (3 df) with crossed random intercepts; refit by ML",
           "y ~ 1 + (1 | subj) + (1 | item)", "y ~ cond + (1 | subj) + (1 | item)", c4, csv_ref(c4))
