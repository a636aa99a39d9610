"""Item and test statistics (classical test theory) with Moodle's quiz-statistics definitions.

Conventions (see docs/analytics.md): variances and covariances are sample ones (n-1) unless a column name says
``_pop``; ``item_rest`` correlates an item with the total of the *other* items, ``item_total`` with the whole
total; the upper and lower groups are 27% of learners with ties at a cut going to the higher group; a missing
answer counts 0 in a learner's total and, by default (``missing="zero"``), 0 on the item too, as in Moodle;
``missing="omit"`` computes each item's figures over the learners who answered it, as in Canvas.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Sequence

import numpy as np
import pandas as pd

from clientcraft.core.errors import ClientcraftError

from .table import first_attempts

Missing = Literal["zero", "omit"]

GROUP_FRACTION = 0.27
"""Share of learners in each of the upper and lower groups."""

DUBIOUS_EFFICIENCY = 0.15
"""Moodle calls an item dubious when its discriminative efficiency is below 15%."""

LOW_DISCRIMINATION = 0.2
"""Item-rest correlations below this are flagged as low discrimination."""


class AnalysisError(ClientcraftError):
    """The responses do not allow the asked-for analysis (e.g. no assessment answers at all)."""


@dataclass
class ScoreMatrix:
    """Learners x items marks (NaN = not answered), each item's maximum mark, and the row and column labels."""

    marks: np.ndarray
    max_marks: np.ndarray
    learners: pd.Index
    items: pd.Index

    @property
    def totals(self) -> np.ndarray:
        """Each learner's total mark, a missing answer counting 0."""
        return np.nansum(self.marks, axis=1)

    def frame(self) -> pd.DataFrame:
        """The marks as a labelled data frame."""
        return pd.DataFrame(self.marks, index=self.learners, columns=self.items)

    @classmethod
    def from_frame(cls, marks: pd.DataFrame, max_marks: pd.Series | np.ndarray | float = 1.0) -> "ScoreMatrix":
        """A score matrix from a learners x items data frame of marks."""
        maxima = np.broadcast_to(np.asarray(max_marks, dtype=float), (marks.shape[1],)).copy()
        return cls(marks.to_numpy(dtype=float), maxima, marks.index, marks.columns)


def analysis_rows(table: pd.DataFrame, mode: str | None, assignment: str | Sequence[str] | None) -> pd.DataFrame:
    """First attempts of the given mode (and assignment(s)): the rows one analysis set is computed from."""
    sel = np.ones(len(table), dtype=bool)
    if mode is not None:
        sel &= (table["mode"] == mode).to_numpy()
    if assignment is not None:
        wanted = [assignment] if isinstance(assignment, str) else list(assignment)
        sel &= table["assignment"].isin(wanted).to_numpy()
    sub = first_attempts(table.loc[sel])
    if sub.empty:
        raise AnalysisError(f"no answers to analyse (mode={mode!r}, assignment={assignment!r})")
    return sub


def score_matrix(table: pd.DataFrame, *, mode: str | None = "assessment",
                 assignment: str | list[str] | None = None) -> ScoreMatrix:
    """The marks matrix of one analysis set: first attempts of the given mode (and assignment(s))."""
    sub = analysis_rows(table, mode, assignment)
    li, learners = pd.factorize(sub["learner"], sort=True)
    ii, items = pd.factorize(sub["item"], sort=True)
    marks = np.full((len(learners), len(items)), np.nan)
    marks[li, ii] = sub["credit"].to_numpy(dtype=float)
    maxima = np.zeros(len(items))
    np.maximum.at(maxima, ii, sub["max_credit"].to_numpy(dtype=float))
    return ScoreMatrix(marks, maxima, pd.Index(learners, name="learner"), pd.Index(items, name="item"))


def groups(totals: np.ndarray, fraction: float = GROUP_FRACTION) -> np.ndarray:
    """Upper/middle/lower group of each learner: 2 = upper, 1 = middle, 0 = lower.

    k = round-half-up(fraction * n) learners form each outer group, counted from the top and from the bottom
    of the ranking by total; learners tied with the score at a cut go to the higher group (so the upper group
    can grow and the lower group can shrink).
    """
    totals = np.asarray(totals, dtype=float)
    n = len(totals)
    out = np.ones(n, dtype=np.int8)
    k = int(np.floor(fraction * n + 0.5))
    if n == 0 or k == 0:
        return out
    asc = np.sort(totals)
    top_cut = asc[n - k]            # the k-th highest score
    out[totals >= top_cut] = 2
    if k < n:
        out[(totals < asc[k]) & (out != 2)] = 0  # strictly below the first score outside the lower k
    return out


def _masked_cov(a: np.ndarray, b: np.ndarray, mask: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Column-wise sample covariance of a and b over the rows where mask is true."""
    with np.errstate(invalid="ignore", divide="ignore"):
        ma = np.where(mask, a, 0.0).sum(0) / n
        mb = np.where(mask, b, 0.0).sum(0) / n
        return np.where(mask, (a - ma) * (b - mb), 0.0).sum(0) / (n - 1)


def item_statistics(sm: ScoreMatrix, *, missing: Missing = "zero",
                    fraction: float = GROUP_FRACTION) -> pd.DataFrame:
    """One row per item: Moodle's figures plus item-total correlation, alpha if deleted, upper-lower
    discrimination and flags. NaN where a figure is undefined (zero variance, too few learners)."""
    if missing not in ("zero", "omit"):
        raise ValueError(f"missing must be 'zero' or 'omit', not {missing!r}")
    answered = ~np.isnan(sm.marks)
    x = np.nan_to_num(sm.marks, nan=0.0)
    mask = answered if missing == "omit" else np.ones_like(answered)
    n = mask.sum(0).astype(float)
    total = x.sum(1)
    rest = total[:, None] - x
    whole = np.broadcast_to(total[:, None], x.shape)
    p_items = x.shape[1]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_x = np.where(mask, x, 0.0).sum(0) / n
        var_x = _masked_cov(x, x, mask, n)
        var_r = _masked_cov(rest, rest, mask, n)
        var_t = _masked_cov(whole, whole, mask, n)
        cov_xr = _masked_cov(x, rest, mask, n)
        cov_xt = _masked_cov(x, whole, mask, n)
        # covmax: covariance of the separately sorted item marks and rest totals (non-answers sorted last)
        xs = np.sort(np.where(mask, x, np.inf), axis=0)
        rs = np.sort(np.where(mask, rest, np.inf), axis=0)
        in_n = np.arange(x.shape[0])[:, None] < n[None, :]
        covmax = _masked_cov(np.where(in_n, xs, 0.0), np.where(in_n, rs, 0.0), in_n, n)
        r_rest = cov_xr / np.sqrt(var_x * var_r)
        r_total = cov_xt / np.sqrt(var_x * var_t)
        efficiency = cov_xr / covmax
        root = np.sqrt(np.where(cov_xt >= 0, cov_xt, np.nan))
        weight = 100 * root / np.nansum(root)
        # alpha if the item is deleted (over all learners, missing = 0)
        full = np.ones_like(answered)
        nn = np.full(p_items, float(x.shape[0]))
        var_all = _masked_cov(x, x, full, nn)
        var_rest_all = _masked_cov(rest, rest, full, nn)
        k = p_items - 1
        alpha_del = k / (k - 1) * (1 - (var_all.sum() - var_all) / var_rest_all) if k > 1 else np.full(p_items, np.nan)
        grp = groups(total, fraction)
        upper, lower = grp == 2, grp == 0
        frac = x / sm.max_marks
        p_upper = np.where(mask & upper[:, None], frac, 0).sum(0) / (mask & upper[:, None]).sum(0)
        p_lower = np.where(mask & lower[:, None], frac, 0).sum(0) / (mask & lower[:, None]).sum(0)
    stats = pd.DataFrame({
        "n": n.astype(int), "n_answered": answered.sum(0), "max_mark": sm.max_marks,
        "facility": mean_x / sm.max_marks, "sd_sample": np.sqrt(var_x) / sm.max_marks,
        "mark_var_sample": var_x, "rest_var_sample": var_r, "cov_item_rest_sample": cov_xr,
        "cov_item_total_sample": cov_xt, "covmax_sample": covmax,
        "disc_item_rest": r_rest, "r_item_total": r_total, "disc_efficiency": efficiency,
        "effective_weight_pct": weight, "alpha_if_deleted": alpha_del,
        "p_upper_27": p_upper, "p_lower_27": p_lower, "d_upper_lower_27": p_upper - p_lower,
    }, index=sm.items)
    stats.attrs["missing"] = missing
    stats["review"] = item_flags(stats)
    return stats


def item_flags(stats: pd.DataFrame) -> pd.Series:
    """Space-separated reasons to review each item: ``negative-discrimination``, ``low-discrimination``,
    ``dubious`` (Moodle: discriminative efficiency below 15%), ``too-easy`` (facility > 0.95), ``too-hard``
    (facility < 0.2) and ``no-variance``."""
    r = stats["disc_item_rest"]
    reasons = {
        "negative-discrimination": r < 0,
        "low-discrimination": (r >= 0) & (r < LOW_DISCRIMINATION),
        "dubious": stats["disc_efficiency"] < DUBIOUS_EFFICIENCY,
        "too-easy": stats["facility"] > 0.95,
        "too-hard": stats["facility"] < 0.2,
        "no-variance": stats["mark_var_sample"].fillna(0) == 0,
    }
    out = pd.Series("", index=stats.index, dtype="str")
    for name, cond in reasons.items():
        out = out.where(~cond.fillna(False).to_numpy(), out + " " + name)
    return out.str.strip()


def test_statistics(sm: ScoreMatrix) -> pd.Series:
    """Test-level figures on learners' totals (missing = 0): mean, median, sample SD, bias-corrected skewness
    and excess kurtosis, Cronbach's alpha, KR-20, error ratio and standard error of measurement.

    Moodle reports these only with more than 2 learners and more than 1 item; otherwise they are NaN
    (mean and median excepted)."""
    x = np.nan_to_num(sm.marks, nan=0.0)
    t = x.sum(1)
    n, p = x.shape
    out = {"n_learners": n, "n_items": p, "max_total": float(sm.max_marks.sum()),
           "mean": float(t.mean()) if n else np.nan, "median": float(np.median(t)) if n else np.nan}
    nan_fields = ("sd_sample", "skewness", "kurtosis", "alpha", "kr20_pop", "error_ratio_pct", "standard_error")
    if n <= 2 or p <= 1:
        return pd.Series(out | {k: np.nan for k in nan_fields}, name="test")
    d = t - t.mean()
    m2, m3, m4 = (d ** 2).mean(), (d ** 3).mean(), (d ** 4).mean()
    k2 = n * m2 / (n - 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        k3 = n * n * m3 / ((n - 1) * (n - 2))
        k4 = n ** 2 / ((n - 1) * (n - 2) * (n - 3)) * ((n + 1) * m4 - 3 * (n - 1) * m2 ** 2) if n > 3 else np.nan
        skew = k3 / k2 ** 1.5
        kurt = k4 / k2 ** 2
        alpha = p / (p - 1) * (1 - x.var(0, ddof=1).sum() / k2)
        dichotomous = bool(np.isin(x / sm.max_marks, (0.0, 1.0)).all())
        kr20 = p / (p - 1) * (1 - x.var(0).sum() / m2) if dichotomous else np.nan
        error_ratio = 100 * np.sqrt(1 - alpha) if alpha <= 1 else np.nan
    out |= {"sd_sample": float(np.sqrt(k2)), "skewness": float(skew), "kurtosis": float(kurt),
            "alpha": float(alpha), "kr20_pop": float(kr20), "error_ratio_pct": float(error_ratio),
            "standard_error": float(error_ratio * np.sqrt(k2) / 100)}
    return pd.Series(out, name="test")


test_statistics.__test__ = False  # not a pytest test despite the name
