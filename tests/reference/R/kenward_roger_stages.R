# Kenward-Roger intermediate values of pbkrtest: tests/reference/kr/<case>.json (schema: tests/reference/README.md),
# compared stage by stage by tests/inference/kenwardRogerStages.test.ts.
# Run from the project root:  Rscript tests/reference/R/kenward_roger_stages.R [case ...]   (a few seconds)
#
# pbkrtest's functions keep their intermediate values in local variables. This script evaluates the BODY of
# pbkrtest's own functions (.get_SigmaG, vcovAdj_internal, .KR_adjust) in an environment it keeps, and reads
# the locals from there: the values are pbkrtest's, not a transcription. Each result is checked against the
# public function (vcovAdj, Lb_ddf, KRmodcomp). Two matrices are this script's own, from lme4's Z, X and
# Lambda and pbkrtest's SigmaInv (they check the cross-product stages that pbkrtest has no name for):
# `ZX_SigmaInv_ZX` = [Z X]' SigmaInv [Z X] and `V1inv_crossprod` = [Z2 X]' V1^-1 [Z2 X] (see the README).

source(file.path("tests", "reference", "R", "common.R"))
suppressPackageStartupMessages({ library(lme4); library(lmerTest); library(pbkrtest) })

KR_DIR <- file.path(REF_DIR, "kr")
dir.create(KR_DIR, showWarnings = FALSE)
PKGS <- c("lme4", "lmerTest", "pbkrtest", "Matrix", "nloptr")
args <- commandArgs(trailingOnly = TRUE)
wanted <- function(case) length(args) == 0 || case %in% args

read_dataset <- function(name, factors) {
  path <- file.path(DATASET_DIR, paste0(name, ".csv"))
  d <- utils::read.csv(path, stringsAsFactors = FALSE, colClasses = stats::setNames(rep("character", length(factors)), factors))
  for (f in factors) d[[f]] <- factor(d[[f]], levels = sort(unique(d[[f]]), method = "radix"))
  attr(d, "csv") <- path
  d
}

#' Evaluates the body of `fun` (a pbkrtest function) with `bindings` as its arguments; returns the value and
#' the environment holding every local variable.
eval_keeping_locals <- function(fun, bindings) {
  env <- new.env(parent = environment(fun))
  for (nm in names(bindings)) assign(nm, bindings[[nm]], envir = env)
  value <- eval(body(fun), env)
  list(value = value, env = env)
}

dense <- function(m) { m <- as.matrix(m); attributes(m) <- attributes(m)["dim"]; m }
rel_diff <- function(a, b) max(abs(dense(a) - dense(b))) / max(abs(dense(b)))

kr_case <- function(case, description, formula, data, tests) {
  message("== ", case)
  m <- lmerTest::lmer(stats::as.formula(formula), data = data, REML = TRUE, control = tight_control())
  X <- getME(m, "X")
  Phi <- vcov(m)
  p <- ncol(X)
  # ---- stage 1: parameters (pbkrtest's .get_SigmaG: ggamma, G, Sigma)
  sg <- eval_keeping_locals(pbkrtest:::.get_SigmaG, list(object = m, details = 0))
  SigmaG <- sg$value
  ggamma <- sg$env$ggamma
  # ---- stages 7-9: vcovAdj_internal's locals
  va <- eval_keeping_locals(pbkrtest:::vcovAdj_internal, list(Phi = Phi, SigmaG = SigmaG, X = X, details = 0))
  PhiA <- va$value
  e <- va$env
  PhiA_pkg <- pbkrtest::vcovAdj(m)
  stopifnot(rel_diff(PhiA, PhiA_pkg) < 1e-12)
  np <- e$n.ggamma
  QQ <- list()
  for (r in seq_len(np)) for (s in r:np) {
    QQ[[length(QQ) + 1]] <- list(r = r - 1, s = s - 1, matrix = mat_rows(e$QQ[[pbkrtest:::.indexSymmat2vec(r, s, np)]]))
  }
  # ---- stages 3-4, 6a: cross-products with Sigma^-1 (this script's, from pbkrtest's SigmaInv)
  Z <- t(as.matrix(getME(m, "Zt")))
  ZX <- cbind(Z, as.matrix(X))
  ZX_S_ZX <- crossprod(ZX, as.matrix(e$SigmaInv) %*% ZX)
  cnms <- getME(m, "cnms")
  flist <- getME(m, "flist")
  Gp <- getME(m, "Gp")
  fac <- attr(flist, "assign")
  terms <- lapply(seq_along(cnms), function(i) {
    lv <- levels(flist[[fac[i]]])
    list(group = names(cnms)[i], cnames = arr(cnms[[i]]), nl = length(lv), k = length(cnms[[i]]),
         column_offset = Gp[i], levels = arr(lv))
  })
  sizes <- sapply(terms, function(t) t$nl * t$k)
  t1 <- which.max(sizes)  # first on ties, as the TypeScript split
  cols1 <- (Gp[t1] + 1):Gp[t1 + 1]
  Lambda <- as.matrix(getME(m, "Lambda"))
  Z1 <- Z[, cols1, drop = FALSE]
  L1 <- Lambda[cols1, cols1, drop = FALSE]
  V1 <- diag(nrow(Z)) + Z1 %*% L1 %*% t(L1) %*% t(Z1)
  Z2X <- cbind(Z[, -cols1, drop = FALSE], as.matrix(X))
  V1inv_crossprod <- crossprod(Z2X, solve(V1, Z2X))
  # ---- stage 10-11: .KR_adjust's locals, Lb_ddf and KRmodcomp for each hypothesis
  tests_out <- lapply(tests, function(tc) {
    L <- matrix(unlist(tc$L), nrow = length(tc$L), byrow = TRUE)
    ka <- eval_keeping_locals(pbkrtest:::.KR_adjust, list(PhiA = PhiA_pkg, Phi = Phi, L = L, beta = fixef(m), betaH = 0))
    k <- ka$env
    krm <- pbkrtest::KRmodcomp(m, L)
    lb <- pbkrtest::Lb_ddf(L, Phi, PhiA_pkg)
    stopifnot(isTRUE(all.equal(lb, k$df2, tolerance = 1e-12)),
              isTRUE(all.equal(krm$stats$ddf, k$df2, tolerance = 1e-12)),
              isTRUE(all.equal(krm$stats$Fstat, k$Fstat, tolerance = 1e-12)),
              isTRUE(all.equal(unname(krm$aux), unname(ka$value$aux), tolerance = 1e-12)))
    list(label = tc$label, L = mat_rows(L), Lb_ddf = lb,
         KR_adjust = list(q = k$q, A1 = k$A1, A2 = k$A2, B = k$B, g = k$g, c1 = k$c1, c2 = k$c2, c3 = k$c3,
                          EE = k$EE, VV = k$VV, EEstar = k$EEstar, VVstar = k$VVstar, V0 = k$V0, V1 = k$V1,
                          V2 = k$V2, rho = k$rho, df2 = k$df2, F.scaling = k$F.scaling, Wald = k$Wald,
                          FstatU = k$FstatU, Fstat = k$Fstat, p.value = k$pval, p.valueU = k$pvalU))
  })
  out <- list(
    case = case, description = description, generated_by = "tests/reference/R/kenward_roger_stages.R",
    versions = versions(PKGS),
    model = list(formula = formula, data = list(csv = attr(data, "csv")), reml = TRUE, control = TIGHT_CONTROL_JSON,
                 contrasts = "contr.treatment", nobs = nrow(X)),
    fit = list(theta = arr(getME(m, "theta")), sigma = sigma(m),
               fixef = lapply(seq_len(p), function(j) list(term = colnames(X)[j], estimate = unname(fixef(m)[j]))),
               vcov = mat_rows(Phi), terms = terms),
    ggamma = arr(ggamma),
    term1 = t1 - 1,
    V1inv_crossprod = mat_rows(V1inv_crossprod),
    ZX_SigmaInv_ZX = mat_rows(ZX_S_ZX),
    trace_SigmaInv_G = arr(sapply(e$HH, function(h) sum(diag(as.matrix(h))))),
    Ktrace = mat_rows(e$Ktrace),
    P = lapply(e$PP, mat_rows),
    Q = QQ,
    IE2 = mat_rows(e$IE2),
    condi = e$condi,
    W = mat_rows(e$WW),
    U = mat_rows(e$UU),
    vcov_adjusted = mat_rows(PhiA_pkg),
    tests = tests_out
  )
  write_json_file(out, file.path(KR_DIR, paste0(case, ".json")))
}

T <- function(label, ...) list(label = label, L = list(...))

if (wanted("sleepstudy_reml")) {
  ss <- read_dataset("sleepstudy", "Subject")
  kr_case("sleepstudy_reml", "lme4 sleepstudy, correlated random intercept and slope (term 1 only, k = 2)",
          "Reaction ~ Days + (Days | Subject)", ss,
          list(T("Days", c(0, 1)), T("(Intercept) + 5 Days", c(1, 5)), T("both coefficients", c(1, 0), c(0, 1))))
}
if (wanted("penicillin")) {
  pn <- read_dataset("penicillin", c("plate", "sample"))
  kr_case("penicillin", "lme4 Penicillin, crossed random intercepts (term 1 plate, dense block sample)",
          "diameter ~ 1 + (1 | plate) + (1 | sample)", pn, list(T("(Intercept)", 1)))
}
if (wanted("crossed_missing_cells")) {
  cm <- read_dataset("crossed_missing_cells", c("A", "B", "subj", "item"))
  # columns: (Intercept) Aa2 Aa3 Bb2 Bb3 Aa2:Bb2 Aa3:Bb2 Aa2:Bb3 (Aa3:Bb3 dropped by lme4)
  kr_case("crossed_missing_cells", "synthetic unbalanced crossed design, A x B with an empty cell (term 1 subj, dense block item)",
          "y ~ A * B + (1 | subj) + (1 | item)", cm,
          list(T("Aa2 - Aa3", c(0, 1, -1, 0, 0, 0, 0, 0)),
               T("A x B interaction", c(0, 0, 0, 0, 0, 1, 0, 0), c(0, 0, 0, 0, 0, 0, 1, 0), c(0, 0, 0, 0, 0, 0, 0, 1)),
               T("B main effects", c(0, 0, 0, 1, 0, 0, 0, 0), c(0, 0, 0, 0, 1, 0, 0, 0))))
}
