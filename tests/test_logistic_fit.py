"""The intent classifier's fit (bot/nlu/logistic_fit.py) is scikit-learn's model, only faster."""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix, hstack
from scipy.sparse import random as sparse_random
from sklearn.linear_model import LogisticRegression

from bot.nlu.logistic_fit import DenseBesideSparse, fit_multinomial


def _data(classes: int):
    rng = np.random.default_rng(7)
    dense = rng.normal(size=(240, 24))
    sparse = sparse_random(240, 120, density=0.05, random_state=3, format="csr")
    labels = np.array([f"intent_{i}" for i in range(classes)])[rng.integers(0, classes, 240)]
    return dense, sparse, labels, hstack([csr_matrix(dense), sparse]).tocsr()


def test_same_model_as_scikit_learn() -> None:
    dense, sparse, labels, together = _data(4)
    expected = LogisticRegression(C=30, max_iter=5000).fit(together, labels)
    fitted = fit_multinomial(dense, sparse, labels, c=30)
    assert list(fitted.classes_) == list(expected.classes_)
    # Both stop at lbfgs's tolerance (1e-4 on the gradient); the sums run in another order.
    assert np.allclose(fitted.coef_, expected.coef_, atol=1e-4)
    assert np.allclose(fitted.intercept_, expected.intercept_, atol=1e-4)
    assert np.allclose(fitted.predict_proba(together), expected.predict_proba(together), atol=1e-4)


def test_two_labels_fall_back_to_scikit_learn() -> None:
    dense, sparse, labels, together = _data(2)
    expected = LogisticRegression(C=30, max_iter=5000).fit(together, labels)
    fitted = fit_multinomial(dense, sparse, labels, c=30)
    assert np.allclose(fitted.predict_proba(together), expected.predict_proba(together), atol=1e-6)


def test_products_match_the_stacked_matrix() -> None:
    dense, sparse, _, together = _data(3)
    split = DenseBesideSparse(dense, sparse)
    weights = np.random.default_rng(1).normal(size=(together.shape[1], 3))
    left = np.random.default_rng(2).normal(size=(3, together.shape[0]))
    assert split.shape == together.shape
    assert np.allclose(split @ weights, together @ weights)
    assert np.allclose(left @ split, np.asarray((together.T @ left.T).T))
