"""Rank correlations between two sequences: Kendall's tau-b and Spearman's rho.

General statistics, not tied to any dataset. Spearman's rho is pandas' Pearson correlation of
average ranks; Kendall's tau-b is written with numpy, because pandas' ``method="kendall"``
needs scipy, which the course does not install.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["kendall_tau", "spearman_rho"]


# --------------------------------------------------------------------------- #
def _pair(x, y):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.ndim != 1 or y.ndim != 1:
        raise ValueError("x and y must be one-dimensional sequences of numbers.")
    if x.shape != y.shape:
        raise ValueError(f"x and y must have the same length (got {x.size} and {y.size}).")
    if x.size < 2:
        raise ValueError("x and y need at least two observations.")
    for nm, v in (("x", x), ("y", y)):
        if not np.all(np.isfinite(v)):
            raise ValueError(f"{nm} contains a missing or infinite value; drop it first.")
    return x, y


def kendall_tau(x, y) -> float:
    """Kendall's rank correlation, tau-b (corrected for ties).

    .. math::

        \\tau_b = \\frac{\\sum_{i<j} \\operatorname{sgn}(x_i - x_j)\\operatorname{sgn}(y_i - y_j)}
                       {\\sqrt{(n_0 - n_x)(n_0 - n_y)}},

    where ``n_0 = n(n-1)/2`` and ``n_x``, ``n_y`` count pairs tied in ``x``
    or ``y``.

    Parameters
    ----------
    x, y : array_like
        Two equally long sequences of finite numbers (at least two).

    Returns
    -------
    float
        In ``[-1, 1]``; ``nan`` if every ``x`` or every ``y`` is equal.

    Raises
    ------
    ValueError
        On different lengths, fewer than two observations or missing values.

    References
    ----------
    .. [1] Kim, W. and Sandler, T. (2020) (``kim2020nato``), who apply rank
       correlations between GDP and defence burden to NATO.

    Examples
    --------
    >>> kendall_tau([1, 2, 3], [1, 3, 2])
    0.3333333333333333
    """
    x, y = _pair(x, y)
    iu = np.triu_indices(x.size, k=1)
    sx = np.sign(x[:, None] - x[None, :])[iu]
    sy = np.sign(y[:, None] - y[None, :])[iu]
    den = np.sqrt(np.sum(sx != 0) * np.sum(sy != 0))
    if den == 0:
        return float("nan")
    return float(np.clip(np.sum(sx * sy) / den, -1.0, 1.0))


def spearman_rho(x, y) -> float:
    """Spearman's rank correlation: the Pearson correlation of average ranks (ties share a rank).

    Takes, returns and raises as :func:`kendall_tau`: two equally long sequences of at least two
    finite numbers in; a float in ``[-1, 1]`` out, ``nan`` when one sequence is constant.

    Examples
    --------
    >>> spearman_rho([1, 2, 3], [1, 3, 2])
    0.5
    """
    x, y = _pair(x, y)
    rho = pd.Series(x).rank().corr(pd.Series(y).rank())   # Pearson on average ranks
    return float("nan") if np.isnan(rho) else float(np.clip(rho, -1.0, 1.0))
