# CLMM reference values for a design whose crossed random effects split into independent blocks (written by the
# ordinal-models helper for issue 15): raters AND items nested in a source, as in a study where each rater rates
# the responses of one source only. The conditional-mode Hessian is then block diagonal (one block per source),
# which src/ordinal/structure.ts exploits; these values check it against ordinal::clmm.
#
# Data: tests/reference/datasets/ordinal_blocks.csv (written here; the seed is the first from 20251204 on for
# which the three-term model has every SD above 0.2): 3 sources (s1, s2, s3), 12 raters
# and 10 items per source, rater k of a source rates items k, k+1, ..., k+4 (mod 10) of its source (so each
# source's raters and items are connected), 2 sessions per source (raters 1-6 and 7-12); 180 ratings on a
# 3-point scale from logistic latent ratings.
# The numbers of raters and items differ on purpose: when two grouping factors have the same number of levels,
# ordinal 2022.11.16 attaches the random-effect SDs (m$ST, VarCorr) to the wrong names (seen with 36 raters and
# 36 items: the SD labelled "rater" was the items' one; the conditional modes were labelled correctly).
#
# Output: tests/reference/clmm/blocks_<case>.json, one per model:
#   blocks_t2: rating ~ source + (1 | item) + (1 | rater)
#   blocks_t3: rating ~ source + (1 | rater) + (1 | item) + (1 | session)
# with fields case, generated_by, versions, formula, data, control (of the fit), random_groups (clmm's order),
#   fit: {thresholds, coefficients: [{term, estimate, se}], random_sd: [{group, sd}], logLik, max_grad,
#         ranef: [{group, levels, mode, condvar}]}   (clmm with the tight multi-term control of clmm.R)
#   points: [{label, par, value}]   getNLA (clmm's Laplace objective, -logLik) at fixed parameters
#                                   (thresholds, coefficients, sd per random term; see nla)
#   hessian: {at: "optimum", step, extrapolation, par, matrix}   central differences of getNLA, steps 5e-3 and
#                                   1e-2 combined by Richardson extrapolation (truncation error O(step^4)); steps
#                                   this large keep the values' own errors (see nla) from dominating: with step
#                                   1e-3, an entry that is exactly 0 (sources2 x sources3: the sources' blocks are
#                                   independent) came out as -4e-4
# Run from the project root:  Rscript tests/reference/R/clmm_blocks.R

source(file.path("tests", "reference", "R", "common.R"))
suppressPackageStartupMessages({ library(ordinal) })
RNGversion("4.2.2")
CLMM_DIR <- file.path(REF_DIR, "clmm")
lab <- function(prefix, i, width = 2) sprintf(paste0("%s%0", width, "d"), prefix, i)

make_blocks <- function(seed) {
  set.seed(seed)
  rows <- list()
  for (s in 1:3) for (k in 1:12) for (j in 0:4) {
    rows[[length(rows) + 1]] <- data.frame(source = paste0("s", s), rater = lab("r", 12 * (s - 1) + k),
                                           item = lab("i", 10 * (s - 1) + (k - 1 + j) %% 10 + 1),
                                           session = paste0("s", s, c("a", "b")[(k > 6) + 1]))
  }
  d <- do.call(rbind, rows)
  ur <- stats::rnorm(36, 0, 1.2); names(ur) <- lab("r", 1:36)
  ui <- stats::rnorm(30, 0, 0.8); names(ui) <- lab("i", 1:30)
  us <- stats::rnorm(6, 0, 0.7); names(us) <- sort(unique(d$session))
  eta <- c(s1 = 0, s2 = 0.6, s3 = -0.4)[d$source] + ur[d$rater] + ui[d$item] + us[d$session]
  d$rating <- findInterval(eta + stats::rlogis(nrow(d)), c(-0.7, 0.8)) + 1L
  d
}
as_model_data <- function(d) {
  d$rating <- factor(d$rating, levels = c("1", "2", "3"), ordered = TRUE)
  for (f in c("source", "rater", "item", "session")) d[[f]] <- factor(d[[f]], levels = sort(unique(d[[f]]), method = "radix"))
  d
}
# The first seed from 20251204 on whose three-term fit has every SD above 0.2 (no boundary estimate).
for (seed in 20251204:20251303) {
  d <- make_blocks(seed)
  sds <- sapply(ordinal::clmm(rating ~ source + (1 | rater) + (1 | item) + (1 | session), data = as_model_data(d))$ST, function(st) st[1, 1])
  if (all(sds > 0.2)) break
}
message("seed ", seed)
d <- d[, c("rating", "source", "rater", "item", "session")]
csv <- file.path(DATASET_DIR, "ordinal_blocks.csv")
utils::write.csv(d, csv, row.names = FALSE, quote = TRUE)
message("wrote ", csv, " (", nrow(d), " rows)")

d <- as_model_data(utils::read.csv(csv, stringsAsFactors = FALSE, colClasses = "character"))

control <- list(method = "nlminb", rel.tol = 1e-14, eval.max = 5000, iter.max = 5000, gradTol = 1e-6)
for (case in list(list(name = "blocks_t2", formula = "rating ~ source + (1 | item) + (1 | rater)"),
                  list(name = "blocks_t3", formula = "rating ~ source + (1 | rater) + (1 | item) + (1 | session)"))) {
  message("== ", case$name)
  f <- stats::as.formula(case$formula)
  m <- ordinal::clmm(f, data = d, link = "logit", threshold = "flexible", control = do.call(ordinal::clmm.control, control))
  tab <- summary(m)$coefficients
  groups <- names(m$ST)  # the order of getNLA's parameters
  sds <- unname(sapply(m$ST, function(st) st[1, 1]))
  re <- ordinal::ranef(m); cv <- ordinal::condVar(m)
  # getNLA (on a fresh model environment: its inner loop starts from u = 0) at the parameters as written to the
  # JSON (15 significant digits), inner gradTol 1e-12; NA unless the conditional modes reached max |gradient| <
  # gmax. The value's error is linear in that gradient (at blocks_t2's optimum, stopping at 2e-9 puts it 5e-12
  # relative off), and clmm's inner loop, which demands a strict decrease, can stall near the rounding floor
  # (seen at 5e-10, 1e-12 relative off) or far from the mode ("step factor reduced below minimum": 8e-9 off).
  nla <- function(p, gmax) {
    rho <- ordinal::clmm(f, data = d, link = "logit", threshold = "flexible", doFit = FALSE,
                         control = ordinal::clmm.control(gradTol = 1e-12, maxIter = 100))
    v <- suppressWarnings(ordinal:::getNLA(rho, signif(unname(p), 15)))
    if (max(abs(rho$gradient)) < gmax) v else NA_real_
  }
  # A point whose value is a reference: the first of `candidates` where clmm's modes reach |gradient| < 1e-10.
  point <- function(label, candidates) {
    for (p in candidates) {
      v <- nla(p, 1e-10)
      if (!is.na(v)) return(list(label = label, par = arr(signif(unname(p), 15)), value = v))
    }
    stop("getNLA: conditional modes not found at any candidate for ", label)
  }
  # Hessian points: modes to |gradient| < 1e-8 (values good to ~1e-10 relative; the steps are chosen for that).
  nla_hessian <- function(p) {
    v <- nla(p, 1e-8)
    if (is.na(v)) stop("getNLA: conditional modes not found at ", paste(p, collapse = ", "))
    v
  }
  opt <- c(m$alpha, m$beta, sds)
  k <- length(opt)
  pert <- lapply(seq(0.1, 0.2, by = 0.01), function(a) opt + a * sin(seq_len(k)))
  far <- lapply(seq(2, 2.2, by = 0.02), function(a) opt * c(rep(1, k - length(sds)), rep(a, length(sds))))
  out <- list(
    case = case$name, generated_by = "tests/reference/R/clmm_blocks.R", versions = versions(c("ordinal", "Matrix")),
    formula = case$formula, data = list(csv = "tests/reference/datasets/ordinal_blocks.csv"),
    control = control, seed = seed, random_groups = arr(groups),
    fit = list(
      thresholds = lapply(names(m$alpha), function(r) list(term = r, estimate = tab[r, "Estimate"], se = tab[r, "Std. Error"])),
      coefficients = lapply(names(m$beta), function(r) list(term = r, estimate = tab[r, "Estimate"], se = tab[r, "Std. Error"])),
      random_sd = lapply(seq_along(groups), function(i) list(group = groups[i], sd = sds[i])),
      logLik = as.numeric(logLik(m)), max_grad = max(abs(m$gradient)),
      ranef = lapply(names(re), function(g) list(group = g, levels = arr(rownames(re[[g]])),
                                                 mode = arr(re[[g]][[1]]), condvar = arr(cv[[g]][[1]])))
    ),
    parametrization = "thresholds, coefficients, then the SD of each random term in the order of random_groups",
    points = list(point("optimum", list(opt, opt * (1 + 1e-6))), point("perturbed", pert), point("sd doubled", far)),
    hessian = list(at = "optimum", step = 5e-3, extrapolation = "Richardson: (4 H(5e-3) - H(1e-2)) / 3", par = arr(signif(opt, 15)),
                   matrix = mat_rows((4 * central_hessian(nla_hessian, signif(opt, 15), 5e-3) - central_hessian(nla_hessian, signif(opt, 15), 1e-2)) / 3))
  )
  write_json_file(out, file.path(CLMM_DIR, paste0(case$name, ".json")))
}
