"""Reference values for tests/style from scikit-learn (run by hand, not in CI).

Run from the project root with Debian's python (apt-get install python3-sklearn):
    /usr/bin/python3 tests/style/reference/make_sklearn_reference.py
It writes tests/style/reference/sklearn_reference.json. The data sets are generated here with a fixed
numpy seed and stored in the JSON, so the TypeScript tests need no Python.
"""
import json
import re
import sys
import warnings
from pathlib import Path

import numpy as np
import sklearn
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

# newton-cg warns "failed to converge" when its line search stalls at machine precision; each fit below
# is cross-checked against the independent 'sag' solver instead.
warnings.filterwarnings("ignore", message="newton-cg failed to converge")


def check_with_sag(model, X, y, **kw):
    other = LogisticRegression(solver="sag", tol=1e-13, max_iter=10**6, random_state=0, **kw).fit(X, y)
    diff = np.abs(other.coef_ - model.coef_).max()
    assert diff < 1e-7, f"newton-cg and sag differ by {diff}"


ROOT = Path(__file__).resolve().parents[3]
OUT = Path(__file__).with_name("sklearn_reference.json")

# The project's stopword list, read from the TypeScript source (single source of truth).
src = (ROOT / "src/style/stopwords.ts").read_text()
body = src[src.index("ENGLISH_STOPWORDS"):src.index("ENGLISH_STOPWORD_SET")]
body = re.sub(r"//[^\n]*", "", body)  # drop the comments
stopwords = re.findall(r"'([^']*)'|\"([^\"]*)\"", body)
stopwords = [a or b for a, b in stopwords]
assert "i" in stopwords and "don't" in stopwords, stopwords[:5]

rng = np.random.default_rng(20240326)
ref = {"sklearn_version": sklearn.__version__, "numpy_version": np.__version__}

# 1. Multinomial logistic regression, 3 classes.
n, p, K = 90, 5, 3
X = rng.normal(size=(n, p))
y = np.repeat(np.arange(K), n // K)
X[:, 0] += 0.9 * (y == 0)
X[:, 1] += 0.7 * (y == 2)
labels = np.array(["alpha", "beta", "gamma"])[y]
C = 0.5
m = LogisticRegression(multi_class="multinomial", C=C, solver="newton-cg", tol=1e-10, max_iter=100000).fit(X, labels)
check_with_sag(m, X, labels, multi_class="multinomial", C=C)
ref["multinomial"] = {
    "X": X.tolist(), "y": labels.tolist(), "C": C, "classes": m.classes_.tolist(),
    "coef": m.coef_.tolist(),
    "intercept_centered": (m.intercept_ - m.intercept_.mean()).tolist(),
    "proba_first5": m.predict_proba(X[:5]).tolist(),
}

# 2. Binary logistic regression (to compare with the 2-class multinomial fit).
n2 = 70
X2 = rng.normal(size=(n2, 3))
y2 = (X2[:, 0] - 0.5 * X2[:, 2] + rng.normal(size=n2) > 0).astype(int)
lab2 = np.array(["neg", "pos"])[y2]
C2 = 0.8
b = LogisticRegression(C=C2, solver="newton-cg", tol=1e-10, max_iter=100000).fit(X2, lab2)
check_with_sag(b, X2, lab2, C=C2)
ref["binary"] = {"X": X2.tolist(), "y": lab2.tolist(), "C": C2, "classes": b.classes_.tolist(),
                 "coef": b.coef_[0].tolist(), "intercept": float(b.intercept_[0])}

# 3. CountVectorizer: unigrams + bigrams formed after stopword removal.
texts = [
    "I'm so sorry to hear that. It's important to remember that you are not alone!",
    "Hey there! I totally understand, and it's completely understandable to feel this way.",
    "Oh no, that sounds really tough. Remember: you deserve support, and support matters.",
    "It is completely normal to feel hurt when friends don't listen; seeking help is brave.",
    "Sorry, sorry, sorry. Take care of yourself, and reach out to friends or a counselor.",
]
cv = CountVectorizer(lowercase=True, token_pattern=r"[^\W_]+(?:'[^\W_]+)*", stop_words=stopwords, ngram_range=(1, 2))
counts = cv.fit_transform(texts).toarray()
names = cv.get_feature_names_out().tolist()
ref["countvectorizer"] = {
    "texts": texts,
    "counts": [{names[j]: int(c) for j, c in enumerate(row) if c} for row in counts],
}

# 4. Ridge and least squares.
n3, p3 = 40, 4
X3 = rng.normal(size=(n3, p3))
y3 = 1.5 + X3 @ np.array([0.5, -1.0, 0.0, 2.0]) + rng.normal(scale=0.3, size=n3)
ref["ridge"] = {"X": X3.tolist(), "y": y3.tolist(), "fits": []}
for alpha in [0.0, 0.5, 10.0]:
    r = (LinearRegression() if alpha == 0 else Ridge(alpha=alpha, solver="cholesky")).fit(X3, y3)
    ref["ridge"]["fits"].append({"lambda": alpha, "coef": r.coef_.tolist(), "intercept": float(r.intercept_)})

# 5. Classification metrics, including a class that is never predicted.
yt = ["a", "a", "a", "b", "b", "c", "c", "c", "c", "a"]
yp = ["a", "b", "a", "b", "a", "a", "b", "a", "b", "a"]
cls = ["a", "b", "c"]
pr, rc, f1, sup = precision_recall_fscore_support(yt, yp, labels=cls, zero_division=0)
ref["metrics"] = {"y_true": yt, "y_pred": yp, "classes": cls, "precision": pr.tolist(), "recall": rc.tolist(),
                  "f1": f1.tolist(), "support": sup.tolist(), "confusion": confusion_matrix(yt, yp, labels=cls).tolist()}

OUT.write_text(json.dumps(ref, indent=1) + "\n")
print(f"wrote {OUT} (scikit-learn {sklearn.__version__})", file=sys.stderr)
