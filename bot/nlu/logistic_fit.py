"""scikit-learn's multinomial logistic regression (lbfgs), fitted with the sentence embedding kept
dense beside the sparse n-grams.

Why: the intent classifier's features are a 1,536-wide sentence embedding (dense) beside ~33,000
TF-IDF n-gram columns (sparse, ~160 a message). Put in one sparse matrix, the embedding is
~90% of its non-zeros, and every lbfgs step multiplied it through SciPy's sparse kernels: the
fit was ~80% of a training run (py-spy, issue 19 round 6). Here the loss and its gradient are
scikit-learn's own (``LinearModelLoss``, the same scipy ``L-BFGS-B`` call, tolerance and start),
only the products are split: the embedding block through BLAS, the n-grams sparse. The result
is a plain ``LogisticRegression``, stored and used for prediction as before.
"""

from __future__ import annotations

from typing import Sequence, Tuple

import numpy as np
from scipy import optimize
from scipy.sparse import csr_matrix
from sklearn._loss.loss import HalfMultinomialLoss
from sklearn.linear_model import LogisticRegression
from sklearn.linear_model._linear_loss import LinearModelLoss


class DenseBesideSparse:
    """``[dense | sparse]`` as far as ``LinearModelLoss`` reads it: its shape, ``X @ W.T`` and
    ``G.T @ X``."""

    __array_ufunc__ = None  # ``ndarray @ self`` defers to ``__rmatmul__``

    def __init__(self, dense: np.ndarray, sparse: csr_matrix) -> None:
        self.dense = np.ascontiguousarray(dense, dtype=np.float64)
        self.sparse = csr_matrix(sparse, dtype=np.float64)
        self.width = self.dense.shape[1]
        self.shape: Tuple[int, int] = (self.dense.shape[0], self.width + self.sparse.shape[1])

    def __matmul__(self, weights: np.ndarray) -> np.ndarray:
        return self.dense @ weights[: self.width] + self.sparse @ weights[self.width :]

    def __rmatmul__(self, left: np.ndarray) -> np.ndarray:
        return np.hstack([left @ self.dense, np.asarray((self.sparse.T @ left.T).T)])


def fit_multinomial(
    dense: np.ndarray,
    sparse: csr_matrix,
    labels: Sequence[str],
    c: float,
    tol: float = 1e-4,
    max_iter: int = 5000,
) -> LogisticRegression:
    """``LogisticRegression(C=c, max_iter=max_iter, tol=tol).fit(hstack([dense, sparse]), labels)``
    for three or more labels, as scikit-learn 1.1 computes it, in a fraction of the time."""
    classes, target = np.unique(np.asarray(labels), return_inverse=True)
    if len(classes) < 3:  # binary: scikit-learn's own (another loss; never big enough to matter)
        from scipy.sparse import hstack

        return LogisticRegression(C=c, max_iter=max_iter, tol=tol).fit(
            hstack([csr_matrix(dense), sparse]).tocsr(), labels
        )
    features = DenseBesideSparse(dense, sparse)
    width = features.shape[1]
    loss = LinearModelLoss(
        base_loss=HalfMultinomialLoss(n_classes=len(classes)), fit_intercept=True
    )
    start = np.zeros((len(classes), width + 1), order="F").ravel(order="F")
    result = optimize.minimize(
        loss.loss_gradient,
        start,
        method="L-BFGS-B",
        jac=True,
        args=(features, target.astype(np.float64), np.ones(len(target)), 1.0 / c, 1),
        options={"gtol": tol, "maxiter": max_iter},
    )
    weights = result.x.reshape((len(classes), width + 1), order="F")
    model = LogisticRegression(C=c, max_iter=max_iter, tol=tol)
    model.classes_ = classes
    model.coef_ = np.ascontiguousarray(weights[:, :width])
    model.intercept_ = weights[:, width].copy()
    model.n_features_in_ = width
    model.n_iter_ = np.array([result.nit], dtype=np.int32)
    return model
