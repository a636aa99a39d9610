"""A seedable synthetic cohort for testing and demonstrating the analytics.

Learners have a latent ability; items follow the two-parameter logistic model (difficulty ``b``,
discrimination ``a``): P(best option) = 1 / (1 + exp(-a (ability - b))). A learner who misses the best option
picks a distractor, strongly preferring one tagged with a misconception that learner holds (weaker learners
hold more). Practice items are retried until solved (at most three attempts); the baseline (pre) and final
(post) assessments are parallel forms with the same item parameters, the final taken after a growth in ability.

The item bank is synthetic (:func:`synthetic_bank`) or built from the real curriculum (:func:`curriculum_bank`:
each scenario's entry step is one item, its options keep their credit and misconception tags).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

import numpy as np
import pandas as pd

from clientcraft.core.branching import Graph, choices_along
from clientcraft.core.records import (
    EVENT_COLUMNS,
    EVENT_SCHEMA_VERSION,
    PATH_SEPARATOR,
    Event,
    events_table,
    parse_path,
    split_item,
)
from clientcraft.core.tabular import write_csv

from .content import path_score
from .items import AnalysisError
from .table import validate

if TYPE_CHECKING:  # pragma: no cover
    from clientcraft.core.curriculum import Curriculum

PRE, POST = "baseline", "final"
"""Assignment ids of the pre-test and the post-test (as in the curriculum)."""


@dataclass
class SimulatedCohort:
    """The simulated answers (a validated tidy table), the item bank with its true parameters, and the learners
    with their true abilities before and after the course."""

    responses: pd.DataFrame
    items: pd.DataFrame
    options: pd.DataFrame
    learners: pd.DataFrame
    seed: int


def synthetic_bank(n_items: int, *, n_practice: int = 0, n_lessons: int = 5, n_options: int = 4,
                   n_misconceptions: int = 8, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A synthetic bank: ``n_items`` assessment items (each with a parallel baseline item) and ``n_practice``
    practice items, spread over lessons with two recommendations each. Returns (items, options)."""
    if n_items < 1 or n_options < 2:
        raise ValueError("need at least one item and two options")
    rng = np.random.default_rng(seed)
    rows, opts = [], []
    letters = "abcdef"[:n_options]

    def add(item: str, mode: str, assignment: str, lesson_no: int, a: float, b: float, key: int,
            mis: np.ndarray, partial: bool) -> None:
        recs = [f"rec-{lesson_no}-{j}" for j in (1, 2)][: 1 + len(rows) % 2]
        rows.append({"item": item, "mode": mode, "assignment": assignment, "lesson": f"lesson-{lesson_no}",
                     "recommendations": " ".join(recs), "a": a, "b": b})
        d = 0
        for k, letter in enumerate(letters):
            if k == key:
                opts.append({"item": item, "option": letter, "credit": 1.0, "misconception": None})
            else:
                credit = 0.5 if (partial and d == 0) else 0.0
                opts.append({"item": item, "option": letter, "credit": credit,
                             "misconception": f"mis-{mis[d] + 1}"})
                d += 1

    for i in range(n_items):
        lesson_no = 1 + i * n_lessons // n_items
        a, b = float(rng.uniform(0.6, 2.2)), float(rng.normal(0, 1))
        key = int(rng.integers(n_options))
        mis = rng.choice(n_misconceptions, size=n_options - 1, replace=n_options - 1 > n_misconceptions)
        partial = bool(rng.random() < 0.3)
        add(f"item-{i + 1:02d}", "assessment", POST, lesson_no, a, b, key, mis, partial)
        add(f"pre-{i + 1:02d}", "assessment", PRE, lesson_no, a, b, key, mis, partial)
    for i in range(n_practice):
        lesson_no = 1 + i * n_lessons // max(n_practice, 1)
        mis = rng.choice(n_misconceptions, size=n_options - 1, replace=n_options - 1 > n_misconceptions)
        add(f"practice-{i + 1:02d}", "practice", "", lesson_no, float(rng.uniform(0.6, 2.2)),
            float(rng.normal(-0.3, 1)), int(rng.integers(n_options)), mis, False)
    return pd.DataFrame(rows), pd.DataFrame(opts)


def curriculum_bank(cur: "Curriculum", *, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """An item bank from the curriculum's scenarios (entry step of each), with random 2PL parameters.

    Assessment scenarios take the assignment that lists them; practice scenarios are practice items."""
    rng = np.random.default_rng(seed)
    assignment_of = {sid: a.id for a in cur.assignments.values() for sid in a.scenarios}
    rows, opts = [], []
    for sc in cur.scenarios.values():
        if sc.mode == "assessment" and sc.id not in assignment_of:
            continue
        rows.append({"item": sc.id, "mode": sc.mode, "assignment": assignment_of.get(sc.id, ""),
                     "lesson": sc.lesson, "recommendations": " ".join(sc.recommendations),
                     "a": float(rng.uniform(0.6, 2.2)), "b": float(rng.normal(0, 1))})
        for opt in sc.steps[0].options:
            opts.append({"item": sc.id, "option": opt.id, "credit": float(opt.credit),
                         "misconception": opt.misconception})
    if not rows:
        raise AnalysisError(f"the curriculum at {cur.root} has no scenarios to simulate")
    return pd.DataFrame(rows), pd.DataFrame(opts)


def _choose(rng: np.random.Generator, correct: np.ndarray, learner_mis: np.ndarray, key_slot: np.ndarray,
            slot_mis: np.ndarray, slot_valid: np.ndarray) -> np.ndarray:
    """The option slot each (learner, item) cell picks: the key when correct, else a distractor drawn with
    weight 1, or 12 when the learner holds the distractor's misconception (Gumbel-max sampling)."""
    n, p = correct.shape
    k = slot_mis.shape[1]
    holds = np.zeros((n, p, k), dtype=bool)
    has = slot_mis >= 0
    holds[:, has] = learner_mis[:, slot_mis[has]]
    weight = np.where(holds, 12.0, 1.0)
    weight[:, ~slot_valid] = 0.0
    weight[:, np.arange(p), key_slot] = 0.0
    with np.errstate(divide="ignore"):
        score = np.log(weight) + rng.gumbel(size=(n, p, k))
    wrong_pick = score.argmax(axis=2)
    return np.where(correct, key_slot[None, :], wrong_pick)


def simulate_cohort(n_learners: int = 200, n_items: int = 20, *, seed: int = 0, n_practice: int = 10,
                    n_cohorts: int = 2, prepost: bool = True, growth: float = 0.8, missing_rate: float = 0.02,
                    curriculum: "Curriculum | None" = None,
                    start: datetime = datetime(2026, 1, 12, 9, 0, tzinfo=timezone.utc)) -> SimulatedCohort:
    """Simulate a cohort; the same arguments and seed always give the same table."""
    if n_learners < 1:
        raise ValueError("n_learners must be at least 1")
    if curriculum is not None:
        items, options = curriculum_bank(curriculum, seed=seed)
    else:
        items, options = synthetic_bank(n_items, n_practice=n_practice, seed=seed)
    if not prepost:
        items = items[items["assignment"] != PRE].reset_index(drop=True)
    rng = np.random.default_rng(seed + 1)
    cohort_no = np.arange(n_learners) % max(n_cohorts, 1)
    theta = rng.normal(0, 1, n_learners) + 0.25 * cohort_no
    theta_post = theta + growth + rng.normal(0, 0.3, n_learners)
    width = len(str(n_learners))
    learners = pd.DataFrame({"learner": [f"L{i + 1:0{width}d}" for i in range(n_learners)],
                             "cohort": [f"cohort-{c + 1}" for c in cohort_no],
                             "theta_pre": theta, "theta_post": theta_post})
    mis_ids = sorted(options["misconception"].dropna().unique())
    mis_code = {m: i for i, m in enumerate(mis_ids)}
    hold_p = 1 / (1 + np.exp(1.2 * theta))  # weaker learners hold more misconceptions
    learner_mis = rng.random((n_learners, max(len(mis_ids), 1))) < 0.5 * hold_p[:, None]

    # option slots per item, padded to the widest item
    options = options.assign(slot=options.groupby("item", sort=False).cumcount())
    k = int(options["slot"].max()) + 1
    ipos = {it: j for j, it in enumerate(items["item"])}
    options = options[options["item"].isin(ipos)]
    oi, os_ = options["item"].map(ipos).to_numpy(), options["slot"].to_numpy()
    p = len(items)
    slot_valid = np.zeros((p, k), dtype=bool)
    slot_credit = np.zeros((p, k))
    slot_mis = np.full((p, k), -1)
    slot_id = np.full((p, k), "", dtype=object)
    slot_valid[oi, os_] = True
    slot_credit[oi, os_] = options["credit"].to_numpy()
    slot_mis[oi, os_] = options["misconception"].map(mis_code).fillna(-1).astype(int).to_numpy()
    slot_id[oi, os_] = options["option"].to_numpy()
    key_slot = np.where(slot_valid, slot_credit, -1).argmax(axis=1)

    a, b = items["a"].to_numpy(), items["b"].to_numpy()
    mode, assignment = items["mode"].to_numpy(), items["assignment"].to_numpy()
    frames = []

    def emit(cols: np.ndarray, ability: np.ndarray, attempt: int, day: int, present: np.ndarray | None = None,
             boost: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
        pr = 1 / (1 + np.exp(-a[cols] * (ability[:, None] + boost - b[cols])))
        correct = rng.random(pr.shape) < pr
        slot = _choose(rng, correct, learner_mis, key_slot[cols], slot_mis[cols], slot_valid[cols])
        answered = rng.random(pr.shape) >= missing_rate if present is None else present
        li, ci = np.nonzero(answered)
        item_rows = cols[ci]
        chosen = slot[li, ci]
        frames.append(pd.DataFrame({
            "learner": learners["learner"].to_numpy()[li], "cohort": learners["cohort"].to_numpy()[li],
            "assignment": assignment[item_rows], "item": items["item"].to_numpy()[item_rows],
            "option": slot_id[item_rows, chosen], "credit": slot_credit[item_rows, chosen], "max_credit": 1.0,
            "attempt": attempt, "seconds": np.round(rng.lognormal(3.4 - 0.15 * ability[li], 0.5), 1),
            "timestamp": pd.Timestamp(start) + pd.to_timedelta(day * 86400 + li * 7 + ci * 61 + attempt * 29,
                                                               unit="s"),
            "lesson": items["lesson"].to_numpy()[item_rows],
            "recommendations": items["recommendations"].to_numpy()[item_rows],
            "misconception": np.array([None] + mis_ids, dtype=object)[slot_mis[item_rows, chosen] + 1],
            "mode": mode[item_rows],
        }))
        solved = np.zeros_like(correct)
        solved[li, ci] = slot_credit[item_rows, chosen] >= 1
        return answered, solved

    pre_cols = np.flatnonzero(assignment == PRE)
    post_cols = np.flatnonzero((mode == "assessment") & (assignment != PRE))
    prac_cols = np.flatnonzero(mode == "practice")
    if len(pre_cols):
        emit(pre_cols, theta, 1, 0)
    if len(prac_cols):
        present, solved = emit(prac_cols, (theta + theta_post) / 2, 1, 7)
        for attempt in (2, 3):  # retry until solved, learning a little each time
            present = present & ~solved
            if not present.any():
                break
            _, again = emit(prac_cols, (theta + theta_post) / 2, attempt, 7, present, boost=0.6 * (attempt - 1))
            solved = solved | again
    if len(post_cols):
        emit(post_cols, theta_post, 1, 28)
    raw = pd.concat(frames, ignore_index=True)
    if curriculum is not None:
        ability = pd.Series(theta, index=learners["learner"])
        later = pd.Series(theta_post, index=learners["learner"])
        raw = _follow_paths(raw, curriculum, items, ability, later, learner_mis, mis_code, rng)
    table = validate(raw, f"simulated cohort (seed {seed})").table
    return SimulatedCohort(responses=table, items=items, options=options.drop(columns="slot"),
                           learners=learners, seed=seed)


def _follow_paths(raw: pd.DataFrame, cur: "Curriculum", items: pd.DataFrame, theta: pd.Series,
                  theta_post: pd.Series, learner_mis: np.ndarray, mis_code: dict[str, int],
                  rng: np.random.Generator) -> pd.DataFrame:
    """Continue branching scenarios past their entry step: at each later step the learner picks the best option
    with the item's 2PL probability, else a misconception-weighted weaker one. The row's option becomes the path
    (``a>c``); its credit and misconception are the branching rule's for that path."""
    raw = raw.copy()
    params = items.set_index("item")[["a", "b"]]
    learner_row = pd.Series(np.arange(len(theta)), index=theta.index)
    for sc in cur.scenarios.values():
        steps = {st.id: st for st in sc.steps}
        rows = np.flatnonzero((raw["item"] == sc.id).to_numpy())
        if len(sc.steps) < 2 or not len(rows):
            continue
        who = raw["learner"].to_numpy()[rows]
        ability = np.where(raw["assignment"].to_numpy()[rows] == PRE, theta.reindex(who).to_numpy(),
                           theta_post.reindex(who).to_numpy())
        a, b = params.loc[sc.id, "a"], params.loc[sc.id, "b"]
        held = learner_mis[learner_row.reindex(who).to_numpy()]
        entry = {o.id: o for o in sc.steps[0].options}
        first = raw["option"].to_numpy()[rows]
        path = first.astype(object)
        current = np.array([entry[o].next or "" for o in first], dtype=object)
        for _ in range(len(sc.steps)):  # at most one pass per step: paths do not loop
            active = current != ""
            if not active.any():
                break
            for step_id in np.unique(current[active]):
                at = np.flatnonzero(current == step_id)
                opts = steps[step_id].options
                best = int(np.argmax([o.credit for o in opts]))
                good = rng.random(len(at)) < 1 / (1 + np.exp(-a * (ability[at] - b)))
                weight = np.ones((len(at), len(opts)))  # one column per option, learners vectorised
                for k, o in enumerate(opts):
                    if o.misconception in mis_code:
                        weight[:, k] = np.where(held[at, mis_code[o.misconception]], 12.0, 1.0)
                weight[:, best] = 0.0
                pick = np.full(len(at), best)
                if len(opts) > 1:
                    with np.errstate(divide="ignore"):
                        score = np.log(weight) + rng.gumbel(size=weight.shape)
                    pick = np.where(good, best, score.argmax(1))
                chosen = [opts[k] for k in pick]
                path[at] = path[at] + PATH_SEPARATOR + np.array([o.id for o in chosen], dtype=object)
                current[at] = np.array([o.next or "" for o in chosen], dtype=object)
        scored = {p: path_score(cur, sc.id, p) for p in pd.unique(path)}  # each distinct path once
        raw.loc[raw.index[rows], "option"] = path
        raw.loc[raw.index[rows], "credit"] = [scored[p].credit for p in path]
        raw.loc[raw.index[rows], "misconception"] = np.array([scored[p].misconception for p in path], dtype=object)
    return raw


def events_frame(table: pd.DataFrame, *, seed: int = 0, entries: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The tidy table as rows of the shared ``events`` table (choices only), e.g. to fill a response log.

    An entry-step item's ``step`` is the scenario's entry step from ``entries`` (scenario -> step id, see
    :func:`clientcraft.analytics.content.entry_steps`), or empty when unknown (a synthetic item has no steps).
    """
    rng = np.random.default_rng(seed)
    names = [split_item(i) for i in table["item"].astype("str")]
    scenario = [s for s, _ in names]
    step = [st if st is not None else (entries or {}).get(s) for s, st in names]
    ids = rng.integers(0, 2 ** 63, size=(len(table), 2), dtype=np.uint64)
    frame = pd.DataFrame({
        "event_id": [f"{x:016x}{y:016x}" for x, y in ids],
        "learner_id": table["learner"], "cohort": table["cohort"], "lesson": table["lesson"],
        "scenario": scenario, "step": step, "option": table["option"], "credit": table["credit"],
        "max_credit": table["max_credit"], "attempt": table["attempt"], "seconds": table["seconds"],
        "timestamp": table["timestamp"], "mode": table["mode"].astype("str"), "language": "en", "kind": "choice",
        "text": None, "misconception": table["misconception"], "recommendations": table["recommendations"],
        "schema_version": EVENT_SCHEMA_VERSION,
    })
    return frame[[c for c in EVENT_COLUMNS if c != "id"]]


def step_events(table: pd.DataFrame, cur: "Curriculum", *, seed: int = 0) -> pd.DataFrame:
    """The tidy table of a curriculum cohort as the widgets log it: one ``events`` row per decision, a
    branching path (``a>c``) split into its steps, each with that option's credit, misconception and
    recommendations; the answering time is shared out over the steps, which follow each other 5 s apart."""
    frame = events_frame(table, seed=seed)
    out = []
    for sc_id, rows in frame.groupby("scenario", sort=False):
        sc = cur.scenarios.get(sc_id)
        if sc is None:
            out.append(rows)
            continue
        graph = Graph.of_scenario(sc)
        options = {st.id: {o.id: o for o in st.options} for st in sc.steps}
        expanded = []
        for row in rows.to_dict("records"):
            path = parse_path(row["option"])
            for k, (step_id, oid) in enumerate(choices_along(graph, path).items()):
                opt = options[step_id][oid]
                expanded.append(row | {
                    "event_id": f"{row['event_id'][:30]}{k:02x}", "step": step_id, "option": oid,
                    "credit": float(opt.credit), "misconception": opt.misconception,
                    "recommendations": " ".join(opt.recommendations),
                    "seconds": round(row["seconds"] / len(path), 1),
                    "timestamp": row["timestamp"] + pd.Timedelta(seconds=5 * k)})
        out.append(pd.DataFrame(expanded, columns=frame.columns))
    return pd.concat(out, ignore_index=True)


def write_events(table: pd.DataFrame, url: str, *, seed: int = 0, entries: Mapping[str, str] | None = None,
                 chunk: int = 20_000) -> int:
    """Append the tidy table's choices to the ``events`` table at a SQLAlchemy URL (created as the response log
    creates it when missing), each row checked as an :class:`~clientcraft.core.records.Event`; returns the rows
    written."""
    from sqlalchemy import create_engine

    frame = events_frame(table, seed=seed, entries=entries)
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    target = events_table()
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            target.metadata.create_all(conn, checkfirst=True)
            for start in range(0, len(records), chunk):
                rows = [Event.model_validate(r).row() for r in records[start:start + chunk]]
                conn.execute(target.insert(), rows)
    finally:
        engine.dispose()
    return len(frame)


def save(table: pd.DataFrame, output: str | Path, *, seed: int = 0,
         entries: Mapping[str, str] | None = None) -> int:
    """Save a simulated table to ``output``: a SQLAlchemy URL (appended to its events table), or a ``.csv`` or
    ``.parquet`` file of the tidy table; returns the rows written."""
    text = str(output)
    if "://" in text:
        return write_events(table, text, seed=seed, entries=entries)
    path = Path(text)
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        table.to_parquet(path, index=False)
    elif suffix == ".csv":
        write_csv(table, path)
    else:
        raise AnalysisError(f"{output}: use a .csv or .parquet file or a SQLAlchemy URL")
    return len(table)
