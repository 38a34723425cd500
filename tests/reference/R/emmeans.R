# emmeans reference values: tests/reference/emmeans/<case>_<df>.json (schema: tests/reference/README.md).
# Run from the project root:
#   Rscript tests/reference/R/emmeans.R                 # small designs (Satterthwaite + Kenward-Roger) and the
#                                                       # paper models with Satterthwaite df (~1 min)
#   Rscript tests/reference/R/emmeans.R --kr CASE ...   # Kenward-Roger for the named paper cases (SLOW: pbkrtest
#                                                       # works with dense n x n matrices; minutes to hours)
#   Rscript tests/reference/R/emmeans.R CASE ...        # only the named cases, Satterthwaite (+ KR if small)
# Models are fitted at lme4's tight optimum (common.R) with lmerTest::lmer.

source(file.path("tests", "reference", "R", "common.R"))
suppressPackageStartupMessages({ library(lme4); library(lmerTest); library(emmeans); library(pbkrtest) })
emm_options(lmerTest.limit = 1e6, pbkrtest.limit = 1e6)

EMM_DIR <- file.path(REF_DIR, "emmeans")
PKGS <- c("lme4", "lmerTest", "emmeans", "pbkrtest", "Matrix", "nloptr", "numDeriv")
args <- commandArgs(trailingOnly = TRUE)
kr_mode <- "--kr" %in% args
args <- setdiff(args, "--kr")
wanted <- function(case) length(args) == 0 || case %in% args

read_dataset <- function(name, factors) {
  path <- file.path(DATASET_DIR, paste0(name, ".csv"))
  d <- utils::read.csv(path, stringsAsFactors = FALSE, colClasses = stats::setNames(rep("character", length(factors)), factors))
  for (f in factors) d[[f]] <- factor(d[[f]], levels = sort(unique(d[[f]]), method = "radix"))
  d
}

rows_of <- function(df, cols) {
  lapply(seq_len(nrow(df)), function(i) {
    r <- list()
    for (c in cols) {
      v <- df[[c]][i]
      r[[c]] <- if (is.factor(v)) as.character(v) else v
    }
    r
  })
}

CONTRASTS <- list(
  list(method = "pairwise", adjust = "tukey"), list(method = "pairwise", adjust = "holm"),
  list(method = "pairwise", adjust = "bonferroni"), list(method = "pairwise", adjust = "none"),
  list(method = "revpairwise", adjust = "tukey"), list(method = "revpairwise", adjust = "none"),
  list(method = "trt.vs.ctrl", adjust = "dunnettx"), list(method = "trt.vs.ctrl", adjust = "none"),
  list(method = "trt.vs.ctrl", adjust = "holm"), list(method = "trt.vs.ctrl", adjust = "bonferroni")
)

emm_case <- function(case, description, formula, data, data_ref, spec, df_method, at = NULL, note = NULL) {
  tag <- if (df_method == "satterthwaite") "satterthwaite" else "kr"
  message("== ", case, " [", df_method, "]")
  m <- lmerTest::lmer(stats::as.formula(formula), data = data, REML = TRUE, control = tight_control())
  t0 <- proc.time()[["elapsed"]]
  emm <- if (is.null(at)) emmeans(m, spec, lmer.df = df_method) else emmeans(m, spec, lmer.df = df_method, at = at)
  s <- summary(emm, infer = c(TRUE, FALSE))
  ctr <- lapply(CONTRASTS, function(cc) {
    cs <- summary(contrast(emm, method = cc$method, adjust = cc$adjust), infer = c(TRUE, TRUE))
    list(method = cc$method, adjust = cc$adjust,
         messages = arr(attr(cs, "mesg")),
         rows = rows_of(as.data.frame(cs), c("contrast", "estimate", "SE", "df", "t.ratio", "p.value", "lower.CL", "upper.CL")))
  })
  t_emm <- proc.time()[["elapsed"]] - t0
  V <- as.matrix(vcov(m))
  extra <- list()
  if (df_method == "kenward-roger") {
    t1 <- proc.time()[["elapsed"]]
    # emmeans already ran pbkrtest::vcovAdj(m); reuse it (keeps the attributes P, W that Lb_ddf needs)
    Va_full <- emm@dfargs$adjV
    stopifnot(!is.null(attr(Va_full, "P")))
    Va <- as.matrix(Va_full)
    attributes(Va) <- attributes(Va)[c("dim", "dimnames")]
    p <- ncol(V)
    kdf <- sapply(seq_len(p), function(j) { L <- matrix(0, 1, p); L[j] <- 1; pbkrtest::Lb_ddf(L, V, Va_full) })
    extra$kenward_roger <- list(vcov_adjusted = list(terms = arr(colnames(V)), matrix = mat_rows(Va)),
                                fixef_df = lapply(seq_len(p), function(j) list(term = colnames(V)[j], df = kdf[j])))
  }
  s_df <- as.data.frame(s)
  lev_col <- spec
  out <- list(
    case = case, description = description, generated_by = "tests/reference/R/emmeans.R",
    versions = versions(PKGS),
    model = list(formula = formula, data = data_ref, reml = TRUE, control = TIGHT_CONTROL_JSON,
                 contrasts = "contr.treatment",
                 fixef = lapply(seq_along(fixef(m)), function(j) list(term = names(fixef(m))[j], estimate = unname(fixef(m)[j]))),
                 vcov = list(terms = arr(colnames(V)), matrix = mat_rows(V))),
    specs = spec,
    at = at,
    lmer_df = df_method,
    options = list(lmerTest.limit = 1e6, pbkrtest.limit = 1e6, level = 0.95),
    note = note,
    grid = list(levels = arr(as.character(s_df[[lev_col]])), linfct = mat_rows(emm@linfct)),
    emmeans = rows_of(s_df, c(lev_col, "emmean", "SE", "df", "lower.CL", "upper.CL")),
    emmeans_messages = arr(attr(s, "mesg")),
    contrasts = ctr,
    seconds = t_emm
  )
  names(out$emmeans) <- NULL
  out$emmeans <- lapply(out$emmeans, function(r) { names(r)[1] <- "level"; r })
  out <- c(out, extra)
  write_json_file(out, file.path(EMM_DIR, paste0(case, "_", tag, ".json")))
}

# ---- small designs: Satterthwaite and Kenward-Roger ---------------------------------------------------------
if (!kr_mode) {
  c4 <- read_dataset("crossed4", c("cond", "subj", "item"))
  if (wanted("crossed4")) for (dfm in c("satterthwaite", "kenward-roger"))
    emm_case("crossed4", "synthetic 4-level condition, crossed random intercepts (subj, item), 324 rows",
             "y ~ cond + (1 | subj) + (1 | item)", c4, list(csv = "tests/reference/datasets/crossed4.csv"), "cond", dfm)
  sf <- read_dataset("slope_factor", c("f", "g"))
  if (wanted("slope_factor")) for (dfm in c("satterthwaite", "kenward-roger"))
    emm_case("slope_factor", "synthetic x * f with a correlated random slope; EMMs of f at the mean of x (4.5)",
             "y ~ x * f + (1 + x | g)", sf, list(csv = "tests/reference/datasets/slope_factor.csv"), "f", dfm,
             note = "x is held at its mean (emmeans' default for a covariate): 4.5")
}

# ---- Lee et al. (2024) paper models --------------------------------------------------------------------------
PAPER_FORMULA <- "rating ~ source + (1 | post:rater) + (1 | post) + (1 | rater)"
paper_cases <- list(
  list(case = "paper_study2_empathy_unique", study = 2, coding = "unique", ref = "gpt4"),
  list(case = "paper_study1_empathy_unique", study = 1, coding = "unique", ref = "human"),
  list(case = "paper_study1_empathy_paper", study = 1, coding = "paper", ref = "human")
)
for (pc in paper_cases) {
  if (!wanted(pc$case)) next
  d <- lee2024_table(pc$study, "empathy", pc$coding, reference = pc$ref)
  dref <- list(lee2024 = list(study = pc$study, measure = "empathy", rater_coding = pc$coding))
  desc <- paste0("Lee et al. (2024) Study ", pc$study, " empathy, reference ", pc$ref, ", rater coding ", pc$coding,
                 "; EMMs of source")
  if (kr_mode) {
    emm_case(pc$case, desc, PAPER_FORMULA, d, dref, "source", "kenward-roger")
  } else {
    emm_case(pc$case, desc, PAPER_FORMULA, d, dref, "source", "satterthwaite")
  }
}
