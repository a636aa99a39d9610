"""Near-duplicate scenarios: pairs that read alike (TF-IDF cosine similarity of their texts).

Two scenarios built on one skeleton with the setting swapped teach and test the same thing twice. Each
scenario's text (situation, step narratives and prompts, options) is compared with every other's twice:

* *wording*: all of its words, so a copied situation or option set is found;
* *moves*: only the words of the course's own vocabulary (recommendations, tensions, lessons), so the
  setting's words (a bakery, a garden centre) drop out and a skeleton reused in a new setting shows.

A pair above :data:`MAX_SIMILARITY` on either is reported, except the designed parallel pairs of a baseline
and the assignment it parallels (``parallel_to``), which are meant to match.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import Problem
from .curriculum import Curriculum
from .originality import words
from .schema import Scenario, text
from .audit import course_vocabulary, parallel_pairs, twin_of  # noqa: F401 (twin_of: for callers of this module)

MAX_SIMILARITY = 0.35
"""Highest TF-IDF cosine similarity allowed between two scenarios, on wording or on moves."""
MIN_SCENARIOS_FOR_MOVES = 20
"""The moves comparison needs a bank this large for its word weights to mean anything (a tiny bank has a
tiny course vocabulary, so every scenario projects onto the same few words); below it, moves count 0."""


def scenario_text(sc: Scenario) -> str:
    """Everything a learner reads in a scenario: situation, each step's narrative, prompt and options."""
    parts = [text(sc.situation)]
    for st in sc.steps:
        parts += [text(st.narrative) if st.narrative else "", text(st.prompt)]
        parts += [text(o.text) for o in st.options]
    return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class SimilarPair:
    """Two scenarios and how alike they are in wording and in moves (cosine, 0..1)."""

    first: str
    second: str
    wording: float
    moves: float
    parallel: bool

    @property
    def score(self) -> float:
        """The higher of the two similarities."""
        return max(self.wording, self.moves)


def similar_pairs(cur: Curriculum, threshold: float = 0.0) -> list[SimilarPair]:
    """Every pair of scenarios whose wording or moves similarity is at least ``threshold``, highest first."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    scs = list(cur.scenarios.values())
    if len(scs) < 2:
        return []
    designed = parallel_pairs(cur)
    vocab = course_vocabulary(cur)
    texts = [scenario_text(s) for s in scs]
    moves = [" ".join(w for w in words(t) if w in vocab) or "-" for t in texts]
    wording = cosine_similarity(TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts))
    if len(scs) >= MIN_SCENARIOS_FOR_MOVES:
        by_moves = cosine_similarity(TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+").fit_transform(moves))
    else:
        by_moves = wording * 0
    sims = [wording, by_moves]
    out = []
    for i in range(len(scs)):
        for j in range(i + 1, len(scs)):
            pair = SimilarPair(scs[i].id, scs[j].id, float(sims[0][i, j]), float(sims[1][i, j]),
                               frozenset((scs[i].id, scs[j].id)) in designed)
            if pair.score >= threshold:
                out.append(pair)
    return sorted(out, key=lambda p: -p.score)


def check_near_duplicates(cur: Curriculum) -> list[Problem]:
    """An error for each pair above MAX_SIMILARITY that is not a designed parallel pair."""
    out = []
    for p in similar_pairs(cur, MAX_SIMILARITY):
        if p.parallel:
            continue
        out.append(Problem(cur.file_of("scenarios", p.second), f"scenarios ({p.second})", "situation",
                           f"near-duplicate of {p.first!r}: similarity {p.score:.2f} (wording {p.wording:.2f}, "
                           f"moves {p.moves:.2f}; at most {MAX_SIMILARITY:.2f} outside the designed "
                           "baseline/final pairs)"))
    return out


def format_similar(cur: Curriculum, limit: int = 12) -> str:
    """The most alike scenario pairs as plain text, designed parallel pairs marked."""
    pairs = similar_pairs(cur)[:limit]
    lines = [f"most alike scenario pairs (TF-IDF cosine; at most {MAX_SIMILARITY:.2f} outside designed "
             "baseline/final pairs)", f"  {'wording':>8}{'moves':>7}  pair"]
    for p in pairs:
        mark = "  (designed parallel pair)" if p.parallel else ("  (too similar)" if p.score > MAX_SIMILARITY else "")
        lines.append(f"  {p.wording:>8.2f}{p.moves:>7.2f}  {p.first} / {p.second}{mark}")
    return "\n".join(lines) + "\n"
