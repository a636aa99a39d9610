"""Workshop mode: how a cohort answered one scenario step, live from the shared log, and who has not answered."""

from __future__ import annotations

import csv
import os
import threading
from datetime import datetime
from typing import Any

import pandas as pd

from clientcraft.core.errors import ClientcraftError
from clientcraft.core.curriculum import Curriculum
from clientcraft.core.reach import track, tracks
from clientcraft.core.schema import text
from clientcraft.core.settings import ROSTER_ENV, cohort_from_env
from clientcraft.rendering import strings as t
from clientcraft.rendering.html import fragment, widget

from .logaccess import UsesResponseLog


def first_answers(rows: list[dict[str, Any]], scenario_id: str, step_id: str) -> pd.DataFrame:
    """Each learner's first answer at one scenario step: columns learner_id, option, timestamp."""
    picked = [r for r in rows if r.get("kind") == "choice" and r.get("scenario") == scenario_id
              and r.get("step") == step_id]
    df = pd.DataFrame(picked, columns=["learner_id", "option", "timestamp", "attempt", "id"])
    if df.empty:
        return df[["learner_id", "option", "timestamp"]]
    df = df.sort_values(["timestamp", "id"]).drop_duplicates("learner_id", keep="first")
    return df[["learner_id", "option", "timestamp"]].reset_index(drop=True)


def option_counts(cur: Curriculum, rows: list[dict[str, Any]], scenario_id: str, step_id: str,
                  lang: str = "en") -> pd.DataFrame:
    """How many learners chose each option first at a step: index option id; columns text, learners, credit."""
    sc = cur.scenario(scenario_id)
    step = next((s for s in sc.steps if s.id == step_id), None)
    if step is None:
        raise ClientcraftError(f"scenario {scenario_id!r} has no step {step_id!r}")
    counts = first_answers(rows, scenario_id, step_id)["option"].value_counts()
    return pd.DataFrame(
        {"text": [text(o.text, lang) for o in step.options],
         "learners": [int(counts.get(o.id, 0)) for o in step.options],
         "credit": [o.credit for o in step.options]},
        index=pd.Index([o.id for o in step.options], name="option"),
    )


def not_answered(rows: list[dict[str, Any]], scenario_id: str, step_id: str,
                 roster: list[str] | None = None) -> list[str]:
    """Learners (from ``roster``, else everyone seen in ``rows``) with no answer yet at this step, sorted."""
    everyone = set(roster) if roster is not None else {r["learner_id"] for r in rows}
    answered = set(first_answers(rows, scenario_id, step_id)["learner_id"])
    return sorted(everyone - answered)


def step_report(cur: Curriculum, rows: list[dict[str, Any]], scenario_id: str, step_id: str | None = None, *,
                roster: list[str] | None = None, lang: str = "en") -> tuple[pd.DataFrame, list[str]]:
    """How a cohort's log rows answered one step (default: the scenario's first), as :func:`option_counts`, and
    who has not answered yet (:func:`not_answered`)."""
    sc = cur.scenario(scenario_id)
    step_id = step_id or sc.steps[0].id
    counts = option_counts(cur, [r for r in rows if r["scenario"] == sc.id], sc.id, step_id, lang)
    return counts, not_answered(rows, sc.id, step_id, roster)


def verdicts() -> tuple[tuple[float, str, str], ...]:
    """(lowest credit, class, label in the active language) of the workshop table's verdicts."""
    return ((1.0, "good", t.WORKSHOP_BEST), (1e-9, "partial", t.WORKSHOP_PARTIAL), (0.0, "poor", t.WORKSHOP_POOR))
"""Credit thresholds of the option tags (colours are always backed by these words)."""


def answers_html(cur: Curriculum, counts: pd.DataFrame, scenario_id: str, step_id: str, cohort_size: int,
                 lang: str = "en") -> str:
    """How a cohort answered one step as HTML: every option by its text, a bar and the count, the best option
    tagged in words, and how many of the cohort answered (or that nobody has yet)."""
    sc = cur.scenario(scenario_id)
    step = next(s for s in sc.steps if s.id == step_id)
    answered = int(counts["learners"].sum())
    most = max(int(counts["learners"].max()), 1) if len(counts) else 1
    rows = []
    for option_text, learners, credit in zip(counts["text"], counts["learners"], counts["credit"]):
        cls, tag = next((c, tag) for floor, c, tag in verdicts() if credit >= floor)
        rows.append((option_text, int(learners), cls, tag, round(100 * int(learners) / most * 0.8)))
    return fragment("workshop.html.j2", "answers", text(sc.title, lang), step, lang, rows, answered,
                    max(cohort_size, answered))


def who_chose_html(cur: Curriculum, scenario_id: str, step_id: str, chosen: dict[str, str], lang: str = "en") -> str:
    """Each learner's first answer at one step, by option text (folded under a summary with the count)."""
    step = next(s for s in cur.scenario(scenario_id).steps if s.id == step_id)
    texts = {o.id: text(o.text, lang) for o in step.options}
    return fragment("workshop.html.j2", "who_chose",
                    [(who, texts.get(option, option)) for who, option in sorted(chosen.items())])


class WorkshopView(UsesResponseLog):
    """The instructor's live view: scenario and step pickers, the answer chart, and who has not answered."""

    def __init__(self, cur: Curriculum, *, log=None, cohort: str | None = None, interval: float = 5.0,
                 roster: list[str] | None = None, lang: str = "en", audience: str | None = None):
        import ipywidgets as w

        self.cur, self._log, self.interval, self.roster, self.lang = cur, log, interval, roster, lang
        if cohort is None:
            cohort = cohort_from_env()
        if audience is not None:
            track(cur, audience)  # unknown track: fail now, naming it
        self.track_picker = w.Dropdown(
            options=[(t.WORKSHOP_ALL_SCENARIOS, "")] + [(text(tr.title, lang), tr.audience) for tr in tracks(cur)],
            value=audience or "", description=t.WORKSHOP_TRACK, layout=w.Layout(width="auto", max_width="40em"))
        self.scenario_picker = w.Dropdown(options=self._scenario_options(), description=t.WORKSHOP_SCENARIO,
                                          layout=w.Layout(width="auto", max_width="40em"))
        self.step_picker = w.Dropdown(description=t.WORKSHOP_DECISION, layout=w.Layout(width="auto", max_width="40em"))
        # ipywidgets gives text boxes and check boxes a fixed 300 px, and a fixed width pushed the whole view, table
        # included, past the right edge of a phone: every control takes the width there is, up to a readable limit
        self.cohort_box = w.Text(value=cohort, description=t.WORKSHOP_COHORT, placeholder=t.WORKSHOP_ALL_COHORTS,
                                 layout=w.Layout(width="auto", max_width="24em"))
        self.refresh_button = w.Button(description=t.WORKSHOP_REFRESH, layout=w.Layout(max_width="100%"))
        self.auto = w.Checkbox(value=False, description=t.WORKSHOP_AUTO,
                               layout=w.Layout(width="auto", max_width="100%"))
        self.chart = w.HTML()
        self.waiting = w.HTML()
        self.answers = w.HTML()
        self.status = w.HTML()
        self.track_picker.observe(lambda _c: self._track_changed(), names="value")
        self.scenario_picker.observe(lambda _c: self._steps_changed(), names="value")
        self.step_picker.observe(lambda _c: self.refresh(), names="value")
        self.cohort_box.observe(lambda _c: self.refresh(), names="value")
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.auto.observe(lambda c: self.start() if c["new"] else self.stop(), names="value")
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.counts: pd.DataFrame | None = None
        self.missing: list[str] = []
        self.chosen: dict[str, str] = {}
        """Each learner's first answer (option id) at the step on screen."""
        self.widget = w.VBox([self.track_picker, self.scenario_picker, self.step_picker,
                              w.HBox([self.cohort_box, self.refresh_button, self.auto],
                                     layout=w.Layout(flex_flow="row wrap", max_width="100%")),
                              self.chart, self.waiting, self.answers, self.status], layout=w.Layout(max_width="100%"))
        self._steps_changed()

    def _scenario_options(self) -> list[tuple[str, str]]:
        """(label, id) of the practice scenarios of the chosen track, lesson by lesson, then the review sets' own
        (every track takes the review sets)."""
        audience = self.track_picker.value or None
        options = [(f"{self.cur.lessons[sc.lesson].order}. {text(sc.title, self.lang)}", sc.id)
                   for ls in self.cur.lessons_in_order()
                   for sc in self.cur.scenarios_for(ls.id, "practice", audience)]
        options += [(f"{text(rs.title, self.lang)}: {text(self.cur.scenario(sid).title, self.lang)}", sid)
                    for rs in self.cur.review_sets.values() for sid in rs.scenarios]
        if not options:
            raise ClientcraftError(f"{self.cur.root}: no practice scenarios to discuss")
        return options

    def _track_changed(self) -> None:
        options = self._scenario_options()
        if self.scenario_picker.options != tuple(options):
            self.scenario_picker.options = options  # selects the first; its observer redraws the steps
            self.scenario_picker.value = options[0][1]

    def _steps_changed(self) -> None:
        sc = self.cur.scenario(self.scenario_picker.value)
        opts = [(f"{i}. {text(st.prompt, self.lang)}", st.id) for i, st in enumerate(sc.steps, 1)]
        if self.step_picker.options != tuple(opts):
            self.step_picker.options = opts
            self.step_picker.value = opts[0][1]
        self.refresh()

    def refresh(self) -> None:
        """Read the log again and redraw the chart and the list of who is still to answer."""
        sc_id, step_id = self.scenario_picker.value, self.step_picker.value
        if not sc_id or not step_id:
            return
        where = {"cohort": self.cohort_box.value.strip()} if self.cohort_box.value.strip() else {}
        try:
            cohort_rows = self.log.rows(**where)
        except ClientcraftError as exc:
            self.status.value = widget("alert", t.WORKSHOP_UNREADABLE.format(reason=exc))
            return
        self.counts, self.missing = step_report(self.cur, cohort_rows, sc_id, step_id, roster=self.roster,
                                                lang=self.lang)
        everyone = set(self.roster) if self.roster is not None else {r["learner_id"] for r in cohort_rows}
        self.chart.value = answers_html(self.cur, self.counts, sc_id, step_id, len(everyone), self.lang)
        answered = int(self.counts["learners"].sum())
        self.waiting.value = fragment("workshop.html.j2", "waiting", self.missing, answered)
        self.status.value = fragment("workshop.html.j2", "refreshed", datetime.now().astimezone().strftime("%H:%M:%S"))
        first = first_answers(cohort_rows, sc_id, step_id)
        self.chosen = dict(zip(first["learner_id"], first["option"]))
        self.answers.value = who_chose_html(self.cur, sc_id, step_id, self.chosen, self.lang)

    def start(self) -> None:
        """Refresh in the background every ``interval`` seconds until :meth:`stop`."""
        if self._thread and self._thread.is_alive():
            return
        self._stop.clear()

        def loop() -> None:
            while not self._stop.wait(self.interval):
                self.refresh()

        self._thread = threading.Thread(target=loop, name="clientcraft-workshop", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop refreshing in the background."""
        self._stop.set()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def roster_ids(path: str) -> list[str]:
    """The ``id`` column of a roster CSV (a course hub hands the instructor its roster in $CLIENTCRAFT_ROSTER)."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            ids = [(row.get("id") or "").strip() for row in csv.DictReader(fh)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ClientcraftError(f"{path}: cannot read the roster ({exc})") from None
    return [i for i in ids if i]


def workshop_view(**kwargs) -> WorkshopView:
    """The live cohort view over the default curriculum and the shared response log.

    Without a ``roster``, the learners of the roster file named by ``$CLIENTCRAFT_ROSTER`` (if set) are the ones
    expected to answer.
    """
    from clientcraft.core.loader import default_curriculum

    if kwargs.get("roster") is None and os.environ.get(ROSTER_ENV, "").strip():
        kwargs["roster"] = roster_ids(os.environ[ROSTER_ENV].strip())
    return WorkshopView(default_curriculum(), **kwargs)
