"""Independent scikit-learn run of Lee et al. (2024)'s Table III and Table IV protocols on the Study 2 responses.

Written without the project's TypeScript code: scikit-learn's own tokenizer and stopword list
(CountVectorizer(ngram_range=(1, 2), stop_words='english', max_features=200)), a plain regular expression
for emojis, scikit-learn's LogisticRegression (lbfgs, multinomial, C = 1) and LinearRegression / Ridge.

Table III: 200 n-gram counts + counts of the 20 most frequent emojis (vocabularies from the training part),
four scalings (raw counts; rows L2-normalised; columns standardised; rows L2-normalised then columns
standardised), 50 stratified random 90:10 splits (StratifiedShuffleSplit, random_state 2024) and 50
unstratified ones (ShuffleSplit): per model the mean F1, the 5% / 95% quantiles of a single split's F1, the
percentile rank (mid-rank) of the paper's F1 among the single splits, the share of splits within .02 of the
paper's F1 on all three models, the share with at most 3 errors; on all 360 responses, the rank of the
paper's top-weighted n-grams (and of the two candidate hearts) in each model's weights.
Table IV: the mean empathy rating of each response (study2_cleaned.csv) on the 200 n-gram counts:
LinearRegression (no penalty), Ridge (alpha 1, 10, 100) and the training mean, 50 random 90:10 splits
(ShuffleSplit, random_state 2024): mean test MAE.

Only summary numbers are written (no text, no rating). Debian: apt-get install python3-sklearn (1.2.1).
Run from the project root after `npx empathy-lab data fetch`:
    /usr/bin/python3 tests/reference/python/lee2024_style_protocol.py
Writes tests/reference/python/lee2024_style_protocol.json.
"""
import csv
import json
import os
import re
import sys
from collections import Counter, defaultdict

import numpy as np
import sklearn
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.metrics import f1_score
from sklearn.model_selection import ShuffleSplit, StratifiedShuffleSplit
from sklearn.preprocessing import Normalizer, StandardScaler

CACHE = os.path.join("data", "cache", "lee2024")
OUT = os.path.join("tests", "reference", "python", "lee2024_style_protocol.json")
if not os.path.isdir(os.path.join("tests", "reference")):
    sys.exit("run from the project root")

MODELS = ["gpt4", "llama2", "mistral"]
FILE_NAMES = {"gpt4": "gpt4", "llama": "llama2", "mistral": "mistral"}
PAPER_F1 = {"gpt4": 0.92, "llama2": 0.96, "mistral": 0.86}
PAPER_ERRORS = 3
PAPER_TOP = {"gpt4": ["completely", "feelings", "completely understandable"],
             "llama2": ["hey", "oh", "totally", "\u2764", "\U0001F495"],
             "mistral": ["sorry hear", "sorry", "important remember"]}
SPLITS = 50
SEED = 2024

# An emoji: a pictograph (with optional skin tone), possibly joined to others by ZWJ; U+FE0F is dropped.
PICTO = "[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2190-\u21FF\u2300-\u23FF]"
EMOJI = re.compile(f"{PICTO}[\U0001F3FB-\U0001F3FF]?(?:\u200D{PICTO}[\U0001F3FB-\U0001F3FF]?)*")


def emojis(text):
    return EMOJI.findall(text.replace("\uFE0F", ""))


def read_docs():
    with open(os.path.join(CACHE, "study2_post_resp.csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    docs = []
    for r in rows:
        for col, model in FILE_NAMES.items():
            docs.append({"post": int(r["post_num"]), "model": model, "text": r[col]})
    return docs


def read_mean_empathy():
    sums = defaultdict(float)
    counts = defaultdict(int)
    pat = re.compile(r"^s(\d+)_([a-z0-9]+)_emp$")
    with open(os.path.join(CACHE, "study2_cleaned.csv"), encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            for k, v in r.items():
                m = pat.match(k or "")
                if m and v is not None and v.strip() != "":
                    key = (int(m.group(1)), FILE_NAMES[m.group(2)])
                    sums[key] += float(v)
                    counts[key] += 1
    return {k: sums[k] / counts[k] for k in sums}


class Features:
    """200 n-gram counts + 20 emoji counts, vocabularies from the training texts, then a scaling."""

    def __init__(self, scaling, emoji_k=20):
        self.scaling = scaling
        self.emoji_k = emoji_k

    def fit(self, texts):
        self.cv = CountVectorizer(ngram_range=(1, 2), stop_words="english", max_features=200)
        self.cv.fit(texts)
        c = Counter(e for t in texts for e in emojis(t))
        # most frequent first; ties by code point (deterministic)
        self.emoji_vocab = [e for e, _ in sorted(c.items(), key=lambda x: (-x[1], x[0]))[: self.emoji_k]]
        x = self._counts(texts)
        self.normalizer = Normalizer(norm="l2") if self.scaling in ("l2", "l2+standard") else None
        if self.normalizer is not None:
            x = self.normalizer.transform(x)
        self.scaler = StandardScaler().fit(x) if self.scaling in ("standard", "l2+standard") else None
        return self

    def _counts(self, texts):
        ng = self.cv.transform(texts).toarray().astype(float)
        em = np.array([[Counter(emojis(t))[e] for e in self.emoji_vocab] for t in texts], dtype=float).reshape(len(texts), len(self.emoji_vocab))
        return np.hstack([ng, em])

    def transform(self, texts):
        x = self._counts(texts)
        if self.normalizer is not None:
            x = self.normalizer.transform(x)
        if self.scaler is not None:
            x = self.scaler.transform(x)
        return x

    def names(self):
        return list(self.cv.get_feature_names_out()) + self.emoji_vocab


def percentile_rank(values, x):
    values = np.asarray(values)
    below = np.sum(values < x - 1e-9)
    equal = np.sum(np.abs(values - x) <= 1e-9)
    return float(100 * (below + equal / 2) / len(values))


def classifier(docs, scaling, splitter):
    texts = np.array([d["text"] for d in docs], dtype=object)
    y = np.array([d["model"] for d in docs])
    f1s, errors = [], []
    for train, test in splitter.split(texts, y):
        feats = Features(scaling).fit(list(texts[train]))
        clf = LogisticRegression(C=1.0, max_iter=10000).fit(feats.transform(list(texts[train])), y[train])
        pred = clf.predict(feats.transform(list(texts[test])))
        f1s.append(f1_score(y[test], pred, labels=MODELS, average=None))
        errors.append(int(np.sum(pred != y[test])))
    f1s = np.array(f1s)
    paper = np.array([PAPER_F1[m] for m in MODELS])
    return {
        "mean_f1": {m: float(f1s[:, k].mean()) for k, m in enumerate(MODELS)},
        "q05_f1": {m: float(np.quantile(f1s[:, k], 0.05)) for k, m in enumerate(MODELS)},
        "q95_f1": {m: float(np.quantile(f1s[:, k], 0.95)) for k, m in enumerate(MODELS)},
        "percentile_of_paper_f1": {m: percentile_rank(f1s[:, k], PAPER_F1[m]) for k, m in enumerate(MODELS)},
        "share_within_02_all_models": float(np.mean(np.all(np.abs(f1s - paper) <= 0.02 + 1e-12, axis=1))),
        "share_at_most_paper_errors": float(np.mean(np.array(errors) <= PAPER_ERRORS)),
        "mean_errors": float(np.mean(errors)),
    }


def top_ranks(docs, scaling):
    texts = [d["text"] for d in docs]
    y = np.array([d["model"] for d in docs])
    feats = Features(scaling).fit(texts)
    clf = LogisticRegression(C=1.0, max_iter=10000).fit(feats.transform(texts), y)
    names = feats.names()
    out = {}
    for k, m in enumerate(clf.classes_):
        order = [names[j] for j in np.argsort(-clf.coef_[k], kind="stable")]
        out[m] = {t: (order.index(t) + 1 if t in order else None) for t in PAPER_TOP[m]}
    return out


def regression(docs, means):
    texts = np.array([d["text"] for d in docs], dtype=object)
    y = np.array([means[(d["post"], d["model"])] for d in docs])
    models = {"ols": lambda: LinearRegression(), "ridge_alpha_1": lambda: Ridge(alpha=1.0),
              "ridge_alpha_10": lambda: Ridge(alpha=10.0), "ridge_alpha_100": lambda: Ridge(alpha=100.0)}
    mae = defaultdict(list)
    for train, test in ShuffleSplit(n_splits=SPLITS, test_size=0.1, random_state=SEED).split(texts):
        cv = CountVectorizer(ngram_range=(1, 2), stop_words="english", max_features=200).fit(list(texts[train]))
        xtr = cv.transform(list(texts[train])).toarray().astype(float)
        xte = cv.transform(list(texts[test])).toarray().astype(float)
        for name, make in models.items():
            pred = make().fit(xtr, y[train]).predict(xte)
            mae[name].append(float(np.mean(np.abs(y[test] - pred))))
        mae["training_mean"].append(float(np.mean(np.abs(y[test] - y[train].mean()))))
    return {k: float(np.mean(v)) for k, v in mae.items()} | {
        "ols_worse_than_mean_share": float(np.mean(np.array(mae["ols"]) > np.array(mae["training_mean"])))}


def main():
    docs = read_docs()
    means = read_mean_empathy()
    assert len(docs) == 360 and len(means) == 360
    uses = Counter(e for d in docs for e in emojis(d["text"]))
    scalings = ["counts", "l2", "standard", "l2+standard"]
    result = {
        "description": "Independent scikit-learn run of Lee et al. (2024) Table III (style classifier) and Table IV "
                       "(regression of mean empathy) protocols on the 360 Study 2 responses; see the script's docstring",
        "versions": {"python": sys.version.split()[0], "sklearn": sklearn.__version__, "numpy": np.__version__},
        "settings": {"splits": SPLITS, "random_state": SEED, "test_size": 0.1, "ngrams": 200, "emojis": 20,
                     "logistic": "LogisticRegression(C=1.0, lbfgs, multinomial)", "paper_f1": PAPER_F1,
                     "paper_errors": PAPER_ERRORS},
        "emoji_uses": {"\u2764": uses["\u2764"], "\U0001F495": uses["\U0001F495"]},
        "classifier": {
            split: {s: classifier(docs, s, (StratifiedShuffleSplit if split == "stratified" else ShuffleSplit)(
                n_splits=SPLITS, test_size=0.1, random_state=SEED)) for s in scalings}
            for split in ["stratified", "random"]},
        "top_weight_ranks": {s: top_ranks(docs, s) for s in scalings},
        "regression_mae": regression(docs, means),
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2, ensure_ascii=False, sort_keys=True)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
