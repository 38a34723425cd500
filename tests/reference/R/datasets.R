# Writes the reference datasets to tests/reference/datasets/*.csv.
# Run from the project root:  Rscript tests/reference/R/datasets.R
# lme4's sleepstudy, Penicillin, Pastes and ordinal's wine are exported as they are; the synthetic designs are
# generated with fixed seeds (R's default Mersenne-Twister / Inversion RNG, sample.kind "Rejection").
# Responses are rounded to 4 decimals so that the CSV holds the exact values the reference fits use
# (lmm.R, emmeans.R and clmm.R read the CSVs back, never the in-memory data).

source(file.path("tests", "reference", "R", "common.R"))
suppressPackageStartupMessages({ library(lme4); library(ordinal) })
RNGversion("4.2.2")

out <- function(d, name) {
  path <- file.path(DATASET_DIR, paste0(name, ".csv"))
  utils::write.csv(d, path, row.names = FALSE, quote = TRUE)
  message("wrote ", path, " (", nrow(d), " rows)")
}

# ---- lme4 / ordinal data (GPL; see tests/reference/README.md) -------------------------------------------
ss <- lme4::sleepstudy
out(data.frame(Reaction = ss$Reaction, Days = ss$Days, Subject = as.character(ss$Subject)), "sleepstudy")

pn <- lme4::Penicillin
out(data.frame(diameter = pn$diameter, plate = as.character(pn$plate), sample = as.character(pn$sample)),
    "penicillin")

pa <- lme4::Pastes
out(data.frame(strength = pa$strength, batch = as.character(pa$batch), cask = as.character(pa$cask),
               sample = as.character(pa$sample)), "pastes")

wn <- ordinal::wine
out(data.frame(response = wn$response, rating = as.integer(as.character(wn$rating)),
               temp = as.character(wn$temp), contact = as.character(wn$contact),
               bottle = as.character(wn$bottle), judge = as.character(wn$judge)), "wine")

lab <- function(prefix, i, width = 2) sprintf(paste0("%s%0", width, "d"), prefix, i)

# ---- (a) unbalanced crossed design with an empty cell: y ~ A * B + (1|subj) + (1|item) ------------------
# 24 subjects x 16 items; A, B assigned per observation; cell (a3, b3) removed entirely -> the column
# "Aa3:Bb3" of the fixed-effects matrix is all zero and lme4 drops it; 12% of the remaining rows removed
# at random (unbalanced).
set.seed(20240501)
d <- expand.grid(item = lab("i", 1:16), subj = lab("s", 1:24), stringsAsFactors = FALSE)[, c("subj", "item")]
d$A <- sample(c("a1", "a2", "a3"), nrow(d), replace = TRUE)
d$B <- sample(c("b1", "b2", "b3"), nrow(d), replace = TRUE)
d <- d[!(d$A == "a3" & d$B == "b3"), ]
d <- d[sort(sample.int(nrow(d), round(0.88 * nrow(d)))), ]
us <- rnorm(24, 0, 2); names(us) <- lab("s", 1:24)
ui <- rnorm(16, 0, 1); names(ui) <- lab("i", 1:16)
eff <- c(a1 = 0, a2 = 1.2, a3 = -0.8)[d$A] + c(b1 = 0, b2 = 0.5, b3 = 1.0)[d$B] +
  ifelse(d$A == "a2" & d$B == "b2", 0.7, 0)
d$y <- round(10 + eff + us[d$subj] + ui[d$item] + rnorm(nrow(d), 0, 1.5), 4)
out(d[, c("y", "A", "B", "subj", "item")], "crossed_missing_cells")

# ---- (b) singular fit: y ~ x + (1|g) with no between-group variance --------------------------------------
# The seed is the first one >= 1 for which lmer's estimate of the group sd is exactly 0 (isSingular TRUE).
make_singular <- function(seed) {
  set.seed(seed)
  d <- data.frame(g = rep(lab("g", 1:8), each = 6), x = round(runif(48, 0, 10), 2))
  d$y <- round(5 + 0.3 * d$x + rnorm(48, 0, 1), 4)
  d
}
for (seed in 1:200) {
  d <- make_singular(seed)
  m <- lmer(y ~ x + (1 | g), d, control = tight_control())
  if (getME(m, "theta")[1] == 0) break
}
message("singular_intercept: seed ", seed)
out(d[, c("y", "x", "g")], "singular_intercept")

# ---- (c) numeric covariate x factor interaction with a correlated random slope ---------------------------
# y ~ x * f + (1 + x | g): 20 groups x 10 observations, f (c1, c2, c3) constant within group,
# random intercept sd 2, slope sd 0.5, correlation 0.5.
set.seed(20240503)
ng <- 20; per <- 10
d <- data.frame(g = rep(lab("g", 1:ng), each = per), x = rep(0:9, ng))
fg <- rep(c("c1", "c2", "c3"), length.out = ng); names(fg) <- lab("g", 1:ng)
d$f <- fg[d$g]
S <- matrix(c(4, 0.5 * 2 * 0.5, 0.5 * 2 * 0.5, 0.25), 2)
b <- matrix(rnorm(2 * ng), ng) %*% chol(S); rownames(b) <- lab("g", 1:ng)
d$y <- round(20 + 1.0 * d$x + c(c1 = 0, c2 = 2, c3 = -1)[d$f] + c(c1 = 0, c2 = -0.4, c3 = 0.3)[d$f] * d$x +
               b[d$g, 1] + b[d$g, 2] * d$x + rnorm(nrow(d), 0, 1), 4)
out(d[, c("y", "x", "f", "g")], "slope_factor")

# ---- (d) uncorrelated random intercept and slope: y ~ x + (1|g) + (0 + x|g)  (== (x || g)) ---------------
set.seed(20240504)
ng <- 25; per <- 8
d <- data.frame(g = rep(lab("g", 1:ng), each = per), x = round(runif(ng * per, -2, 2), 3))
b0 <- rnorm(ng, 0, 1.5); b1 <- rnorm(ng, 0, 0.8); names(b0) <- names(b1) <- lab("g", 1:ng)
d$y <- round(3 + 0.6 * d$x + b0[d$g] + b1[d$g] * d$x + rnorm(nrow(d), 0, 1), 4)
out(d[, c("y", "x", "g")], "uncorrelated_slope")

# ---- (e) nesting: y ~ trt + (1|a/b), b labels repeat within a ("1".."4") ----------------------------------
set.seed(20240505)
d <- expand.grid(rep = 1:5, b = as.character(1:4), a = LETTERS[1:8], stringsAsFactors = FALSE)
d$trt <- sample(c("ctl", "trt"), nrow(d), replace = TRUE)
ua <- rnorm(8, 0, 1.5); names(ua) <- LETTERS[1:8]
ub <- rnorm(32, 0, 1.0); names(ub) <- paste(d$a, d$b, sep = ":")[!duplicated(paste(d$a, d$b))]
d$y <- round(50 + ifelse(d$trt == "trt", 1.5, 0) + ua[d$a] + ub[paste(d$a, d$b, sep = ":")] +
               rnorm(nrow(d), 0, 1), 4)
out(d[, c("y", "trt", "a", "b")], "nested")

# ---- (f) emmeans design: 4-level condition, crossed random intercepts (subj, item) ------------------------
# 30 subjects x 12 items, condition rotated over items per subject (Latin-square style), 10% rows removed.
set.seed(20240506)
d <- expand.grid(item = lab("i", 1:12), subj = lab("s", 1:30), stringsAsFactors = FALSE)[, c("subj", "item")]
si <- as.integer(sub("s", "", d$subj)); ii <- as.integer(sub("i", "", d$item))
d$cond <- c("c1", "c2", "c3", "c4")[(si + ii) %% 4 + 1]
d <- d[sort(sample.int(nrow(d), round(0.9 * nrow(d)))), ]
us <- rnorm(30, 0, 0.8); names(us) <- lab("s", 1:30)
ui <- rnorm(12, 0, 0.5); names(ui) <- lab("i", 1:12)
d$y <- round(3.5 + c(c1 = 0, c2 = 0.4, c3 = 0.45, c4 = -0.3)[d$cond] + us[d$subj] + ui[d$item] +
               rnorm(nrow(d), 0, 0.9), 4)
out(d[, c("y", "cond", "subj", "item")], "crossed4")

# ---- (g) ordinal crossed design for clmm: rating 1-5 ~ cond + (1|subj) + (1|item) -------------------------
set.seed(20240507)
d <- expand.grid(item = lab("i", 1:15), subj = lab("s", 1:40), stringsAsFactors = FALSE)[, c("subj", "item")]
si <- as.integer(sub("s", "", d$subj)); ii <- as.integer(sub("i", "", d$item))
d$cond <- c("a", "b", "c")[(si + ii) %% 3 + 1]
us <- rnorm(40, 0, 1.0); names(us) <- lab("s", 1:40)
ui <- rnorm(15, 0, 0.6); names(ui) <- lab("i", 1:15)
eta <- c(a = 0, b = 0.8, c = -0.5)[d$cond] + us[d$subj] + ui[d$item]
cuts <- c(-2, -0.7, 0.5, 1.8)
latent <- eta + rlogis(nrow(d))
d$rating <- findInterval(latent, cuts) + 1L
out(d[, c("rating", "cond", "subj", "item")], "ordinal_crossed")

# ---- (b2) singular fit with a correlation of -1: y ~ x + (1 + x | g) with no random slope ------------------
# 6 groups x 8 observations. The seed is the first one >= 1 for which the tight fit has theta = (a, b, 0)
# with a > 0.1 and |b| > 0.005 (a nonzero slope sd on the boundary: correlation exactly -1 or +1).
make_singular_slope <- function(seed) {
  set.seed(seed)
  d <- data.frame(g = rep(lab("g", 1:6), each = 8), x = round(runif(48, 0, 10), 2))
  b0 <- rnorm(6, 0, 1)
  d$y <- round(2 + 0.5 * d$x + b0[as.integer(factor(d$g))] + rnorm(48, 0, 1), 4)
  d
}
for (seed in 1:200) {
  d <- make_singular_slope(seed)
  m <- suppressMessages(lmer(y ~ x + (1 + x | g), d, control = tight_control()))
  th <- getME(m, "theta")
  if (isSingular(m) && th[3] == 0 && th[1] > 0.1 && abs(th[2]) > 0.005) break
}
message("singular_slope: seed ", seed)
out(d[, c("y", "x", "g")], "singular_slope")
