"""Distractor analysis: how often each option of each item is chosen, overall and in the upper and lower groups,
and how choosing it correlates with the learner's score; plus Canvas's item-analysis summary.

For branching items (an option path such as ``a>c``) the first choice is analysed. An option is the key when
some learner earned the item's full credit with it. Unchosen options appear when an option list is given.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from clientcraft.core.records import PATH_SEPARATOR

from .items import GROUP_FRACTION, analysis_rows, groups

GROUP_NAMES = {2: "top", 1: "middle", 0: "bottom"}

DISTRACTOR_COLUMNS = ["key", "credit", "misconception", "n", "share", "n_upper", "share_upper", "n_lower",
                      "share_lower", "pbis_item_total_pop", "r_option_rest", "miskey_suspect"]




def _first_choice(option: pd.Series) -> pd.Series:
    option = option.astype("str").where(option.notna(), "")
    if option.str.contains(PATH_SEPARATOR, regex=False).any():
        option = option.str.split(PATH_SEPARATOR, n=1).str[0]
    return option


def learner_groups(table: pd.DataFrame, *, mode: str | None = "assessment",
                   assignment: str | Sequence[str] | None = None,
                   fraction: float = GROUP_FRACTION) -> pd.DataFrame:
    """Each learner's total (first attempts, missing = 0) and group: ``top``, ``middle`` or ``bottom``."""
    sub = analysis_rows(table, mode, assignment)
    totals = sub.groupby("learner", sort=True, observed=True)["credit"].sum()
    grp = groups(totals.to_numpy(), fraction)
    return pd.DataFrame({"total": totals, "group": pd.Categorical.from_codes(
        2 - grp.astype(int), categories=["top", "middle", "bottom"])})


def distractor_table(table: pd.DataFrame, *, options: Mapping[str, Sequence[str]] | None = None,
                     mode: str | None = "assessment", assignment: str | Sequence[str] | None = None,
                     fraction: float = GROUP_FRACTION) -> pd.DataFrame:
    """One row per item and option: choices overall and in the upper and lower 27%, the key, the misconception,
    the point-biserial with the total (population SD, Canvas's convention), the option-rest correlation and
    ``miskey_suspect`` (a non-key option chosen by a larger share of the upper group than the key)."""
    sub = analysis_rows(table, mode, assignment)
    li, learners = pd.factorize(sub["learner"], sort=True)
    credit = sub["credit"].to_numpy(dtype=float)
    total = np.bincount(li, weights=credit)
    grp = groups(total, fraction)[li]
    t = total[li]
    rest = t - credit
    keep = sub["option"].notna().to_numpy()  # answers without a recorded option count in totals only
    if not keep.all():
        sub, credit, grp, t, rest = sub.loc[keep], credit[keep], grp[keep], t[keep], rest[keep]
    if sub.empty:
        return pd.DataFrame(columns=DISTRACTOR_COLUMNS, index=pd.MultiIndex.from_tuples([], names=["item", "option"]))
    ii, items = pd.factorize(sub["item"], sort=True)
    choice = _first_choice(sub["option"])
    full = credit >= sub["max_credit"].to_numpy(dtype=float)
    pair = pd.MultiIndex.from_arrays([items[ii], choice.to_numpy()], names=["item", "option"])
    pc, pairs = pd.factorize(pair, sort=True)
    pairs = pd.MultiIndex.from_tuples(list(pairs), names=["item", "option"]) if len(pairs) else pair[:0]
    m = len(pairs)

    def per_pair(w: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(pc, weights=w, minlength=m)

    def per_item(w: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(ii, weights=w, minlength=len(items))

    up, low = (grp == 2).astype(float), (grp == 0).astype(float)
    opt = pd.DataFrame({
        "n": per_pair(), "sum_t": per_pair(t), "sum_rest": per_pair(rest), "n_upper": per_pair(up),
        "n_lower": per_pair(low), "credit": per_pair(credit), "key": per_pair(full.astype(float)) > 0,
    }, index=pairs)
    mis = sub["misconception"].to_numpy(dtype=object)
    first_mis = pd.Series(mis).groupby(pc).first()
    opt["misconception"] = pd.Series(first_mis.to_numpy(), index=pairs[first_mis.index])
    n_item = per_item()
    mean_t, mean_r = per_item(t) / n_item, per_item(rest) / n_item
    # two-pass (deviation) variances, population: numerically stable and equal to Canvas's computation
    it = pd.DataFrame({
        "n_item": n_item, "st": per_item(t), "mean_t": mean_t, "var_t": per_item((t - mean_t[ii]) ** 2) / n_item,
        "mean_r": mean_r, "var_r": per_item((rest - mean_r[ii]) ** 2) / n_item, "nu": per_item(up),
        "nl": per_item(low),
    }, index=items)
    if options:
        wanted = pd.MultiIndex.from_tuples([(i, o) for i in items for o in options.get(i, ())],
                                           names=["item", "option"])
        opt = opt.reindex(opt.index.union(wanted, sort=True))
        opt[["n", "sum_t", "sum_rest", "n_upper", "n_lower", "credit"]] = opt[
            ["n", "sum_t", "sum_rest", "n_upper", "n_lower", "credit"]].fillna(0.0)
        opt["key"] = opt["key"].fillna(False).astype(bool)
    agg = it.loc[opt.index.get_level_values("item")].set_axis(opt.index)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = opt["n"] / agg["n_item"]
        sd_t = np.sqrt(agg["var_t"])
        mean_in = opt["sum_t"] / opt["n"]
        mean_out = (agg["st"] - opt["sum_t"]) / (agg["n_item"] - opt["n"])
        pbis = (mean_in - mean_out) / sd_t * np.sqrt(p * (1 - p))
        pbis = pbis.where((p > 0) & (p < 1) & (sd_t > 0))
        var_r = agg["var_r"]
        cov_ir = opt["sum_rest"] / agg["n_item"] - p * agg["mean_r"]
        r_rest = (cov_ir / np.sqrt(p * (1 - p) * var_r)).where((p > 0) & (p < 1) & (var_r > 0))
        share_upper = opt["n_upper"] / agg["nu"]
        share_lower = opt["n_lower"] / agg["nl"]
    out = pd.DataFrame({
        "key": opt["key"].astype(bool), "credit": (opt["credit"] / opt["n"]).where(opt["n"] > 0),
        "misconception": opt["misconception"], "n": opt["n"].astype(int), "share": p,
        "n_upper": opt["n_upper"].astype(int), "share_upper": share_upper,
        "n_lower": opt["n_lower"].astype(int), "share_lower": share_lower,
        "pbis_item_total_pop": pbis, "r_option_rest": r_rest,
    }, index=opt.index)
    key_upper = out["share_upper"].where(out["key"]).groupby(level="item").max()
    out["miskey_suspect"] = (~out["key"]) & (out["share_upper"] > key_upper.reindex(
        out.index.get_level_values("item")).to_numpy())
    return out


def canvas_summary(table: pd.DataFrame, *, options: Mapping[str, Sequence[str]],
                   mode: str | None = "assessment", fraction: float = GROUP_FRACTION) -> dict[str, dict]:
    """Canvas's (Classic Quizzes) item analysis per item: answered, correct, correct in the top, middle and
    bottom groups, population variance and SD of the item score, difficulty, and the point-biserials of the key
    followed by the distractors in ``options`` order (None where undefined)."""
    dist = distractor_table(table, options=options, mode=mode, fraction=fraction)
    grp = learner_groups(table, mode=mode, fraction=fraction)["group"]
    sub = analysis_rows(table, mode, None)
    correct = (sub["credit"] >= sub["max_credit"]).to_numpy()
    learner_group = grp.reindex(sub["learner"]).to_numpy()
    out: dict[str, dict] = {}
    for item in dist.index.get_level_values("item").unique():  # per item, not per row
        rows = dist.loc[item]
        in_item = (sub["item"] == item).to_numpy()
        n = int(in_item.sum())
        c = correct & in_item
        p = c.sum() / n
        scores = correct[in_item].astype(float)
        variance = float(((scores - scores.sum() / n) ** 2).sum() / n)
        keys = [o for o in options.get(item, rows.index) if o in rows.index and rows.loc[o, "key"]]
        others = [o for o in options.get(item, rows.index) if o not in keys]
        pb = [rows.loc[o, "pbis_item_total_pop"] for o in keys + others]
        out[str(item)] = {
            "answered": n, "correct": int(c.sum()),
            **{f"correct_{g}": int((c & (learner_group == g)).sum()) for g in ("top", "middle", "bottom")},
            "variance": variance, "sd": float(np.sqrt(variance)), "difficulty": float(p),
            "point_biserials": [None if pd.isna(v) else float(v) for v in pb],
        }
    return out
