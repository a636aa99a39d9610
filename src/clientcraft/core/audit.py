"""Answer-key audit: how far a test-taker gets who picks options without reading the situation.

Each *strategy* looks only at what a learner sees of a step's options (their wording, their position, and
whether an option goes on to a next step, which the released item payload shows) and picks the option(s)
it scores highest; ties are shared, so a strategy that cannot tell options apart is exactly random choice.
For graded (assessment) and practice steps separately, the audit reports the share of steps in which each
strategy picks the best option and the mean credit it earns, beside random choice.

Strategies that learn (the best-scoring opener, the best-scoring words) learn from every *other* scenario of
the bank, practice and graded alike, as a learner who has done the rest of the course could; the scenario
being scored and its designed parallel twin (baseline/final) are left out, so a unique wording cannot score
itself. The twin is covered by its own strategy instead: the letter that was best at the same step of the
twin, which is what a learner remembers from the baseline's feedback.

The released payload shows step ids (as where each option leads), so graded step ids must be neutral
(``s1``, ``s2`` ...): an id such as ``damage-control`` would tell which option goes wrong.

The audit also lists *cue terms*: a word or two-word phrase that occurs in several options (of at least two
scenarios) and only in best options, or never in them.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from .errors import Problem
from .curriculum import Curriculum
from .originality import words
from .schema import text

MAX_GRADED_HIT_RATE = 0.35
"""Error when a strategy picks the best option in more than this share of graded steps."""
MAX_CREDIT_LIFT = 0.10
"""Error when a strategy earns a mean credit more than this above random choice on graded steps."""
MAX_PRACTICE_HIT_RATE = 0.40
"""Warning when a strategy picks the best option in more than this share of practice steps."""
MIN_AUDIT_STEPS = 10
"""Below this many steps in a mode the shares mean little; the thresholds are not applied."""
CUE_MIN_OPTIONS = 4
"""A term is a cue candidate when it occurs in at least this many options ..."""
CUE_MIN_SCENARIOS = 2
"""... of at least this many scenarios (so a client's name repeated within one scenario is not a cue)."""
LEARN_MIN_OPTIONS = CUE_MIN_OPTIONS
"""The learned strategies use a word or phrase once it occurs in at least this many options elsewhere."""
PRIOR_WEIGHT = 4.0
"""Learned shares are shrunk towards the bank's share of best options as if from this many extra options."""

MODES = {"assessment": "graded", "practice": "practice"}

STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her here
hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off
on once only or other our ours ourselves out over own same she should so some such than that the their theirs
them themselves then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours yourself yourselves let lets it's i'm you're don't
""".split())
"""Function words left out of vocabulary counts (course vocabulary, content-word overlap)."""

ABSOLUTES = frozenset("always never immediately instantly everything every all nothing only must completely "
                      "entirely totally whatever".split())
"""Words of the classic test-wise rule "an option that says always or never is wrong"."""

ABSOLUTES_IN: dict[str, frozenset[str]] = {
    "en": ABSOLUTES,
    "id": frozenset("selalu tidak pernah segera langsung semua semuanya setiap apa pun hanya harus sama sekali "
                    "sepenuhnya".split()),
    "nb": frozenset("alltid aldri straks umiddelbart alt alle hver ingenting bare må helt fullstendig".split()),
    "tl": frozenset("palagi lagi kailanman hindi agad kaagad lahat bawat wala lamang lang dapat tuluyan "
                    "ganap".split()),
    "de": frozenset("immer nie niemals sofort alles alle jede jeden nichts nur muss müssen völlig ganz "
                    "vollständig".split()),
}
"""The absolutes in each course language (an audit of a translation looks for its own)."""
CONJUNCTION: dict[str, str] = {"en": "and", "id": "dan", "nb": "og", "tl": "at", "de": "und"}
"""The word "and" in each course language (the clause-count strategies count it)."""
ASK_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset({"ask"}), "id": frozenset({"tanyakan", "tanya", "tanyai"}), "nb": frozenset({"spør"}),
    "tl": frozenset({"tanungin", "itanong", "magtanong"}), "de": frozenset({"fragen", "frage", "erfragen"}),
}
"""Opening words of an option that asks the client something, per language."""


def content_words(value: str) -> set[str]:
    """The distinct lower-cased words of ``value`` that are not function words (three letters or more)."""
    return {w for w in words(value) if len(w) > 2 and w not in STOP_WORDS}


def terms(value: str) -> set[str]:
    """The words and two-word phrases of ``value`` (lower-cased, punctuation ignored)."""
    ws = words(value)
    return set(ws) | {f"{a} {b}" for a, b in zip(ws, ws[1:])}


# ----------------------------------------------------------------------------------------------- the bank
@dataclass(frozen=True)
class Choice:
    """One option as a learner sees it, plus the credit it earns."""

    id: str
    text: str
    credit: float
    next: str | None


@dataclass(frozen=True)
class Item:
    """One decision step of one scenario."""

    scenario: str
    step: str
    index: int
    mode: str
    names: frozenset[str]
    choices: tuple[Choice, ...]
    step_order: tuple[str, ...] = ()

    @property
    def branching(self) -> bool:
        """True when the options do not all lead to the same place (a next step or the end)."""
        return len({c.next for c in self.choices}) > 1


def bank(cur: Curriculum, lang: str = "en") -> list[Item]:
    """Every step of every scenario, in content order, its options as shown in ``lang`` (a localized
    curriculum's translation, else English)."""
    out = []
    for sc in cur.scenarios.values():
        names = frozenset(w for w in words(sc.persona.name) if len(w) > 2 and w not in {"mrs", "mr", "ms", "dr"})
        order = tuple(st.id for st in sc.steps)
        for i, st in enumerate(sc.steps):
            out.append(Item(sc.id, st.id, i, sc.mode, names,
                            tuple(Choice(o.id, text(o.text, lang), float(o.credit), o.next) for o in st.options), order))
    return out


# ----------------------------------------------------------------------------------------------- learning
class Learned:
    """Counts over the whole bank from which one scenario's own options can be left out."""

    def __init__(self, items: list[Item], twins: dict[str, str] | None = None):
        self.twins = twins or {}
        self.total: Counter[str] = Counter()
        self.best: Counter[str] = Counter()
        self.by_scenario: dict[str, tuple[Counter[str], Counter[str]]] = defaultdict(lambda: (Counter(), Counter()))
        self.openers_total: Counter[str] = Counter()
        self.openers_best: Counter[str] = Counter()
        self.openers_by_scenario: dict[str, tuple[Counter[str], Counter[str]]] = defaultdict(
            lambda: (Counter(), Counter()))
        self.options = self.best_options = 0
        self.options_by_scenario: Counter[str] = Counter()
        self.best_by_scenario: Counter[str] = Counter()
        for item in items:
            for c in item.choices:
                is_best = c.credit >= 1
                own_t, own_b = self.by_scenario[item.scenario]
                for t in terms(c.text):
                    self.total[t] += 1
                    own_t[t] += 1
                    if is_best:
                        self.best[t] += 1
                        own_b[t] += 1
                op = opener(c.text)
                ot, ob = self.openers_by_scenario[item.scenario]
                self.openers_total[op] += 1
                ot[op] += 1
                if is_best:
                    self.openers_best[op] += 1
                    ob[op] += 1
                self.options += 1
                self.options_by_scenario[item.scenario] += 1
                if is_best:
                    self.best_options += 1
                    self.best_by_scenario[item.scenario] += 1

    def _left_out(self, scenario: str) -> list[str]:
        return [scenario] + ([self.twins[scenario]] if scenario in self.twins else [])

    def _base(self, scenario: str) -> float:
        out = self._left_out(scenario)
        n = self.options - sum(self.options_by_scenario[s] for s in out)
        b = self.best_options - sum(self.best_by_scenario[s] for s in out)
        return b / n if n else 0.25

    def opener_score(self, scenario: str, value: str) -> float:
        """Share of best options among the other scenarios' options with this opener (smoothed)."""
        out = self._left_out(scenario)
        n = self.openers_total[value] - sum(self.openers_by_scenario[s][0][value] for s in out)
        b = self.openers_best[value] - sum(self.openers_by_scenario[s][1][value] for s in out)
        return (b + PRIOR_WEIGHT * self._base(scenario)) / (n + PRIOR_WEIGHT)

    def words_score(self, scenario: str, value: str) -> float:
        """Mean log-odds that an option with these words and phrases is best, learned from other scenarios."""
        out = self._left_out(scenario)
        base = self._base(scenario)
        scores = []
        for t in terms(value):
            n = self.total[t] - sum(self.by_scenario[s][0][t] for s in out)
            if n < LEARN_MIN_OPTIONS:
                continue
            b = self.best[t] - sum(self.by_scenario[s][1][t] for s in out)
            p = (b + PRIOR_WEIGHT * base) / (n + PRIOR_WEIGHT)
            scores.append(math.log(p / (1 - p)) - math.log(base / (1 - base)))
        return sum(scores) / len(scores) if scores else 0.0


def opener(value: str) -> str:
    """The first two words of an option, lower-cased."""
    return " ".join(words(value)[:2])


# ----------------------------------------------------------------------------------------------- twins
def parallel_pairs(cur: Curriculum) -> set[frozenset[str]]:
    """The designed parallel pairs: the n-th scenario of an assignment with ``parallel_to`` and the n-th of
    the assignment it parallels."""
    out: set[frozenset[str]] = set()
    for a in cur.assignments.values():
        other = cur.assignments.get(a.parallel_to) if a.parallel_to else None
        if other is not None:
            out |= {frozenset(p) for p in zip(a.scenarios, other.scenarios)}
    return out


def twin_of(cur: Curriculum) -> dict[str, str]:
    """Each scenario of a designed parallel pair mapped to its twin."""
    out: dict[str, str] = {}
    for pair in parallel_pairs(cur):
        a, b = sorted(pair)
        out[a], out[b] = b, a
    return out


# ----------------------------------------------------------------------------------------------- strategies
@dataclass(frozen=True)
class Strategy:
    """An answer-blind way of picking: a score per option; the highest-scoring options are picked."""

    name: str
    description: str
    score: Callable[[Item, "Context"], list[float]]
    structural: bool = False


@dataclass
class Context:
    """What strategies may use besides the step itself: the course vocabulary, the learned counts and the
    best letter of each step of a designed parallel twin."""

    vocabulary: frozenset[str]
    learned: Learned
    twin_best: dict[tuple[str, int], str]
    lang: str = "en"


def _clauses(value: str, lang: str = "en") -> int:
    return value.count(",") + value.count(";") + sum(1 for w in words(value) if w == CONJUNCTION[lang]) + 1


def _rank_score(values: list[float], rank: int) -> list[float]:
    distinct = sorted(set(values), reverse=True)
    if len(distinct) <= rank:
        return [0.0] * len(values)
    target = distinct[rank]
    return [1.0 if v == target else 0.0 for v in values]


def _middle(values: list[float]) -> list[float]:
    lo, hi = min(values), max(values)
    return [1.0 if lo < v < hi else 0.0 for v in values]


def _position(index: int) -> Callable[[Item, Context], list[float]]:
    return lambda item, ctx: [1.0 if i == index else 0.0 for i in range(len(item.choices))]


def _twin_letter(item: Item, ctx: Context) -> list[float]:
    letter = ctx.twin_best.get((item.scenario, item.index))
    return [1.0 if c.id == letter else 0.0 for c in item.choices]


def _earliest_next(item: Item, ctx: Context) -> list[float]:
    order = {sid: i for i, sid in enumerate(item.step_order)}
    return [-order.get(c.next, len(order)) if c.next else -len(order) for c in item.choices]


def _destination_odd(item: Item, ctx: Context) -> list[float]:
    counts = Counter(c.next for c in item.choices)
    return [1.0 if counts[c.next] == 1 and len(counts) > 1 else 0.0 for c in item.choices]


STRATEGIES: tuple[Strategy, ...] = (
    Strategy("longest", "the option with the most characters",
             lambda it, cx: [len(c.text) for c in it.choices]),
    Strategy("second-longest", "the option second in length",
             lambda it, cx: _rank_score([len(c.text) for c in it.choices], 1)),
    Strategy("shortest", "the option with the fewest characters",
             lambda it, cx: [-len(c.text) for c in it.choices]),
    Strategy("middle-length", "neither the longest nor the shortest option", lambda it, cx: _middle(
        [len(c.text) for c in it.choices])),
    Strategy("most-clauses", "the most commas, semicolons and 'and's",
             lambda it, cx: [_clauses(c.text, cx.lang) for c in it.choices]),
    Strategy("fewest-clauses", "the fewest commas, semicolons and 'and's",
             lambda it, cx: [-_clauses(c.text, cx.lang) for c in it.choices]),
    Strategy("course-vocabulary", "the most words shared with the recommendations and lessons",
             lambda it, cx: [len(content_words(c.text) & cx.vocabulary) for c in it.choices]),
    Strategy("course-vocabulary-share", "the highest share of its words in the recommendations and lessons",
             lambda it, cx: [len(content_words(c.text) & cx.vocabulary) / max(1, len(content_words(c.text)))
                             for c in it.choices]),
    Strategy("best-opener", "the opener (first two words) most often best in the other scenarios",
             lambda it, cx: [cx.learned.opener_score(it.scenario, opener(c.text)) for c in it.choices]),
    Strategy("best-words", "the words and phrases most often in best options of the other scenarios",
             lambda it, cx: [cx.learned.words_score(it.scenario, c.text) for c in it.choices]),
    Strategy("fewest-absolutes", "avoid 'always', 'never', 'everything', 'immediately' ...",
             lambda it, cx: [-sum(1 for w in words(c.text) if w in ABSOLUTES_IN[cx.lang]) for c in it.choices]),
    Strategy("most-numbers", "the most numbers, times and amounts",
             lambda it, cx: [len(re.findall(r"\d+", c.text)) for c in it.choices]),
    Strategy("quotes-speech", "an option that quotes what to say",
             lambda it, cx: [1.0 if re.search(r"[\"“”]", c.text) else 0.0 for c in it.choices]),
    Strategy("asks-something", "an option that asks a question",
             lambda it, cx: [1.0 if "?" in c.text or set(words(c.text)[:1]) & ASK_WORDS[cx.lang] else 0.0
                             for c in it.choices]),
    Strategy("names-the-client", "an option that names the client",
             lambda it, cx: [1.0 if it.names & set(words(c.text)) else 0.0 for c in it.choices]),
    Strategy("continues", "an option that goes on to a next step", structural=True,
             score=lambda it, cx: [1.0 if c.next else 0.0 for c in it.choices]),
    Strategy("ends", "an option that ends the scenario", structural=True,
             score=lambda it, cx: [0.0 if c.next else 1.0 for c in it.choices]),
    Strategy("odd-destination", "the one option that leads somewhere no other option leads", structural=True,
             score=_destination_odd),
    Strategy("earliest-next", "the option leading to the step listed earliest", structural=True,
             score=_earliest_next),
    Strategy("twin-letter", "the letter that was best at the same step of the parallel twin", _twin_letter,
             structural=True),
    Strategy("first", "always the first option (A)", _position(0), structural=True),
    Strategy("second", "always the second option (B)", _position(1), structural=True),
    Strategy("third", "always the third option (C)", _position(2), structural=True),
    Strategy("fourth", "always the fourth option (D)", _position(3), structural=True),
    Strategy("last", "always the last option",
             lambda it, cx: [1.0 if i == len(it.choices) - 1 else 0.0 for i in range(len(it.choices))],
             structural=True),
)
"""Every answer-blind strategy the audit runs."""

BRANCHING_STRATEGIES = ("continues", "ends", "odd-destination", "earliest-next")
"""Strategies also reported on branching steps alone, where where-an-option-leads can differ."""

NEUTRAL_STEP_ID = re.compile(r"^s[0-9]+$")


def course_vocabulary(cur: Curriculum, lang: str = "en") -> frozenset[str]:
    """Content words of the recommendations, tensions and lessons: the course's own vocabulary (in ``lang``)."""
    vocab: set[str] = set()
    for rec in cur.recommendations.values():
        for field in (rec.action, rec.rationale, rec.applies_when, rec.not_when):
            vocab |= content_words(text(field, lang))
    for t in cur.tensions.values():
        vocab |= content_words(text(t.judgement.text, lang))
        for side in t.sides:
            vocab |= content_words(text(side.position, lang))
    for les in cur.lessons.values():
        for p in list(les.body) + list(les.key_points):
            vocab |= content_words(text(p.text, lang))
    return frozenset(vocab)


# ----------------------------------------------------------------------------------------------- results
@dataclass(frozen=True)
class StrategyResult:
    """How one strategy does on one set of steps."""

    strategy: str
    description: str
    mode: str
    subset: str
    steps: int
    hit_rate: float
    mean_credit: float
    random_hit_rate: float
    random_credit: float

    @property
    def lift(self) -> float:
        """Mean credit above random choice."""
        return self.mean_credit - self.random_credit


def _pick(scores: list[float]) -> list[int]:
    top = max(scores)
    return [i for i, s in enumerate(scores) if s == top]


def evaluate(strategy: Strategy, items: list[Item], ctx: Context, mode: str, subset: str) -> StrategyResult:
    """Expected hit rate and mean credit of ``strategy`` on ``items`` (ties shared equally)."""
    hits = credit = r_hits = r_credit = 0.0
    for item in items:
        picked = _pick(strategy.score(item, ctx))
        hits += sum(1 for i in picked if item.choices[i].credit >= 1) / len(picked)
        credit += sum(item.choices[i].credit for i in picked) / len(picked)
        r_hits += 1 / len(item.choices)
        r_credit += sum(c.credit for c in item.choices) / len(item.choices)
    n = len(items) or 1
    return StrategyResult(strategy.name, strategy.description, mode, subset, len(items), hits / n, credit / n,
                          r_hits / n, r_credit / n)


def audit(cur: Curriculum, lang: str = "en") -> list[StrategyResult]:
    """Every strategy on graded and practice steps, and the structural ones also on branching steps alone;
    ``lang``: the options as a localized curriculum shows them in that language (:func:`localize`), so that a
    translation can be checked for surface cues of its own."""
    items = bank(cur, lang)
    twins = twin_of(cur)
    best_at = {(it.scenario, it.index): next((c.id for c in it.choices if c.credit >= 1), "") for it in items}
    twin_best = {(it.scenario, it.index): best_at.get((twins[it.scenario], it.index), "")
                 for it in items if it.scenario in twins}
    ctx = Context(course_vocabulary(cur, lang), Learned(items, twins), twin_best, lang)
    out = []
    for mode in MODES:
        in_mode = [it for it in items if it.mode == mode]
        if not in_mode:
            continue
        branching = [it for it in in_mode if it.branching]
        for s in STRATEGIES:
            out.append(evaluate(s, in_mode, ctx, mode, "all steps"))
        if branching:
            for s in STRATEGIES:
                if s.name in BRANCHING_STRATEGIES:
                    out.append(evaluate(s, branching, ctx, mode, "branching steps"))
    return out


@dataclass(frozen=True)
class CueTerm:
    """A word or two-word phrase whose presence tells best options apart."""

    term: str
    scope: str
    options: int
    best: int
    scenarios: int

    @property
    def kind(self) -> str:
        """'only in best options' or 'never in best options'."""
        return "only in best options" if self.best == self.options else "never in best options"


def cue_terms(cur: Curriculum) -> list[CueTerm]:
    """Terms in at least CUE_MIN_OPTIONS options of CUE_MIN_SCENARIOS scenarios that are always or never best,
    over graded options and over the whole bank."""
    items = bank(cur)
    out = []
    for scope, chosen in (("graded", [it for it in items if it.mode == "assessment"]), ("all", items)):
        n_opt: Counter[str] = Counter()
        n_best: Counter[str] = Counter()
        scen: dict[str, set[str]] = defaultdict(set)
        for it in chosen:
            for c in it.choices:
                for t in terms(c.text):
                    n_opt[t] += 1
                    scen[t].add(it.scenario)
                    if c.credit >= 1:
                        n_best[t] += 1
        for t, n in n_opt.items():
            if n < CUE_MIN_OPTIONS or len(scen[t]) < CUE_MIN_SCENARIOS:
                continue
            if n_best[t] in (0, n) and not _only_function_words(t):
                out.append(CueTerm(t, scope, n, n_best[t], len(scen[t])))
    return sorted(out, key=lambda c: (c.scope, c.best == 0, -c.options, c.term))


def _only_function_words(term: str) -> bool:
    return all(w in STOP_WORDS for w in term.split())


# ----------------------------------------------------------------------------------------------- check
def graded_breaches(results: Iterable[StrategyResult]) -> Iterator[tuple[StrategyResult, str]]:
    """Each graded-step result (from MIN_AUDIT_STEPS steps) over a limit, with the limit it breaks: "hit" (hit rate
    above MAX_GRADED_HIT_RATE) or "lift" (mean credit more than MAX_CREDIT_LIFT above random)."""
    for r in results:
        if r.mode != "assessment" or r.steps < MIN_AUDIT_STEPS:
            continue
        if r.hit_rate > MAX_GRADED_HIT_RATE:
            yield r, "hit"
        if r.lift > MAX_CREDIT_LIFT:
            yield r, "lift"


def check_answer_key(cur: Curriculum) -> list[Problem]:
    """Errors when a strategy beats chance on graded steps beyond the thresholds, warnings for practice; an
    error for every cue term found only in best options, a warning for terms never in them."""
    out = []
    results = audit(cur)

    def where(r: StrategyResult) -> str:
        return f"{MODES[r.mode]} scenarios" + ("" if r.subset == "all steps" else f" ({r.subset})")

    for r, limit in graded_breaches(results):
        if limit == "hit":
            out.append(Problem("scenarios", where(r), "options",
                               f"answer-blind strategy '{r.strategy}' ({r.description}) picks the best option "
                               f"in {r.hit_rate:.0%} of {r.steps} steps (at most {MAX_GRADED_HIT_RATE:.0%}; "
                               f"random {r.random_hit_rate:.0%})"))
        else:
            out.append(Problem("scenarios", where(r), "options",
                               f"answer-blind strategy '{r.strategy}' ({r.description}) earns a mean credit of "
                               f"{r.mean_credit:.2f}, {r.lift:+.2f} above random ({r.random_credit:.2f}; at most "
                               f"+{MAX_CREDIT_LIFT:.2f})"))
    for r in results:
        if r.mode != "assessment" and r.steps >= MIN_AUDIT_STEPS and r.hit_rate > MAX_PRACTICE_HIT_RATE:
            out.append(Problem("scenarios", where(r), "options",
                               f"answer-blind strategy '{r.strategy}' ({r.description}) picks the best option in "
                               f"{r.hit_rate:.0%} of {r.steps} steps (at most {MAX_PRACTICE_HIT_RATE:.0%}; random "
                               f"{r.random_hit_rate:.0%})", "warning"))
    for sc in cur.scenarios.values():
        if sc.mode != "assessment":
            continue
        for si, st in enumerate(sc.steps):
            if not NEUTRAL_STEP_ID.match(st.id):
                out.append(Problem(cur.file_of("scenarios", sc.id), f"scenarios ({sc.id})", f"steps[{si}].id",
                                   f"graded step id {st.id!r} is shown to learners as where options lead; use a "
                                   "neutral id (s1, s2, ...)"))
    never: dict[str, list[CueTerm]] = defaultdict(list)
    for cue in cue_terms(cur):
        scope = "graded scenarios" if cue.scope == "graded" else "all scenarios"
        if cue.best:
            out.append(Problem("scenarios", scope, "options",
                               f"the term {cue.term!r} occurs in {cue.options} options of {cue.scenarios} scenarios "
                               f"and is {cue.kind}: a learner can pick by it"))
        else:
            never[scope].append(cue)
    for scope, cues in never.items():
        listed = ", ".join(f"{c.term!r} ({c.options})" for c in sorted(cues, key=lambda c: (-c.options, c.term)))
        out.append(Problem("scenarios", scope, "options",
                           f"{len(cues)} terms occur in {CUE_MIN_OPTIONS} or more options and never in a best one "
                           f"(a learner can rule those options out; the 'best-words' strategy measures the combined "
                           f"effect): {listed}", "warning"))
    return out


def graded_extremes(results: Iterable[StrategyResult]) -> tuple[StrategyResult, StrategyResult] | None:
    """The graded-step results (all steps) with the highest hit rate and the highest credit lift."""
    graded = [r for r in results if r.mode == "assessment" and r.subset == "all steps" and r.steps]
    if not graded:
        return None
    return max(graded, key=lambda r: r.hit_rate), max(graded, key=lambda r: r.lift)


def audit_problems_in(results: Iterable[StrategyResult], lang: str) -> list[str]:
    """The graded-step limits a translation's options break (the English limits, in ``lang``'s own words)."""
    out = []
    for r, limit in graded_breaches(results):
        if limit == "hit":
            out.append(f"{lang}: '{r.strategy}' picks the best option in {r.hit_rate:.0%} of {r.steps} graded steps "
                       f"({r.subset}; at most {MAX_GRADED_HIT_RATE:.0%}, random {r.random_hit_rate:.0%})")
        else:
            out.append(f"{lang}: '{r.strategy}' earns {r.lift:+.2f} credit above random on {r.steps} graded steps "
                       f"({r.subset}; at most +{MAX_CREDIT_LIFT:.2f})")
    return out


def format_language_audit(by_language: dict[str, list[StrategyResult]]) -> str:
    """One line per language: the strongest answer-blind strategy on graded steps, as the options read there."""
    lines = ["answer-key audit per language (graded steps, options as learners read them in that language):"]
    for lang, results in by_language.items():
        ext = graded_extremes(results)
        if ext is None:
            continue
        hit, lift = ext
        lines.append(f"  {lang}: highest hit {hit.hit_rate:.1%} ('{hit.strategy}', random {hit.random_hit_rate:.1%}); "
                     f"highest credit lift {lift.lift:+.3f} ('{lift.strategy}')")
    return "\n".join(lines) + "\n"


def format_audit(results: Iterable[StrategyResult]) -> str:
    """The audit figures as a plain-text table: hit rate and mean credit of each strategy beside random."""
    rows = list(results)
    if not rows:
        return "answer-key audit: no scenarios\n"
    lines = ["answer-key audit: answer-blind strategies (hit = share of steps where the pick is the best option; "
             "credit = mean credit earned)"]
    for mode in MODES:
        for subset in ("all steps", "branching steps"):
            sel = [r for r in rows if r.mode == mode and r.subset == subset]
            if not sel:
                continue
            head = sel[0]
            lines.append(f"\n{MODES[mode]} steps ({subset}, n={head.steps}): random hit {head.random_hit_rate:.1%}, "
                         f"random credit {head.random_credit:.3f}")
            lines.append(f"  {'strategy':<26}{'hit':>8}{'credit':>9}{'vs random':>11}")
            for r in sel:
                lines.append(f"  {r.strategy:<26}{r.hit_rate:>8.1%}{r.mean_credit:>9.3f}{r.lift:>+11.3f}")
    limits = (f"\nlimits: graded hit <= {MAX_GRADED_HIT_RATE:.0%} and credit <= random +{MAX_CREDIT_LIFT:.2f} "
              f"(errors); practice hit <= {MAX_PRACTICE_HIT_RATE:.0%} (warning); applied from {MIN_AUDIT_STEPS} steps")
    return "\n".join(lines) + limits + "\n"
