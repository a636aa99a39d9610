"""Cross-reference and teaching-quality checks over a loaded curriculum.

Every check returns :class:`~clientcraft.core.errors.Problem` records naming the file, item and field, so
``clientcraft check`` can report all problems at once instead of stopping at the first.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .branching import Graph, has_cycle, reachable
from .errors import Problem
from .curriculum import Curriculum
from .provenance import citation_problems as _check_citations
from .reach import check_reach

MIN_PRACTICE_PER_RECOMMENDATION = 2
MIN_ASSESSMENT_PER_RECOMMENDATION = 1


def _p(cur: Curriculum, kind: str, item_id: str, fld: str, msg: str, severity: str = "error") -> Problem:
    return Problem(cur.file_of(kind, item_id), f"{kind} ({item_id})", fld, msg, severity)


def check_references(cur: Curriculum) -> list[Problem]:
    """Every id that one item uses must be defined."""
    out: list[Problem] = []
    for src in cur.sources.values():
        if src.same_article_as and src.same_article_as not in cur.sources:
            out.append(_p(cur, "sources", src.id, "same_article_as", f"unknown source {src.same_article_as!r}"))
        dup = [k for k, n in Counter(s.id for s in src.sections).items() if n > 1]
        for d in dup:
            out.append(_p(cur, "sources", src.id, "sections", f"duplicate section id {d!r}"))
    for lesson in cur.lessons.values():
        for i, s in enumerate(lesson.sources):
            if s not in cur.sources:
                out.append(_p(cur, "lessons", lesson.id, f"sources[{i}]", f"unknown source {s!r}"))
        if lesson.kind == "lesson" and not lesson.sources:
            out.append(_p(cur, "lessons", lesson.id, "sources", "a lesson must name the source(s) it teaches"))
    for order, n in Counter(les.order for les in cur.lessons.values()).items():
        if n > 1:
            ids = [les.id for les in cur.lessons.values() if les.order == order]
            out.append(_p(cur, "lessons", ids[1], "order", f"order {order} is also used by {ids[0]!r}"))
    for rec in cur.recommendations.values():
        if rec.lesson not in cur.lessons:
            out.append(_p(cur, "recommendations", rec.id, "lesson", f"unknown lesson {rec.lesson!r}"))
        out += _check_citations(cur, "recommendations", rec.id, "citations", rec.citations)
    for t in cur.tensions.values():
        for i, side in enumerate(t.sides):
            out += _check_citations(cur, "tensions", t.id, f"sides[{i}].citations", side.citations)
            for j, r in enumerate(side.recommendations):
                if r not in cur.recommendations:
                    out.append(_p(cur, "tensions", t.id, f"sides[{i}].recommendations[{j}]",
                                  f"unknown recommendation {r!r}"))
    for sc in cur.scenarios.values():
        if sc.lesson not in cur.lessons:
            out.append(_p(cur, "scenarios", sc.id, "lesson", f"unknown lesson {sc.lesson!r}"))
        for i, r in enumerate(sc.recommendations):
            if r not in cur.recommendations:
                out.append(_p(cur, "scenarios", sc.id, f"recommendations[{i}]", f"unknown recommendation {r!r}"))
        for si, step in enumerate(sc.steps):
            for oi, opt in enumerate(step.options):
                where = f"steps[{si}] ({step.id}).options[{oi}] ({opt.id})"
                for ri, r in enumerate(opt.recommendations):
                    if r not in cur.recommendations:
                        out.append(_p(cur, "scenarios", sc.id, f"{where}.recommendations[{ri}]",
                                      f"unknown recommendation {r!r}"))
                    elif r not in sc.recommendations:
                        out.append(_p(cur, "scenarios", sc.id, f"{where}.recommendations[{ri}]",
                                      f"coaching cites {r!r}, which the scenario's recommendations do not list"))
                if opt.misconception and opt.misconception not in cur.misconceptions:
                    out.append(_p(cur, "scenarios", sc.id, f"{where}.misconception",
                                  f"unknown misconception {opt.misconception!r}"))
    for pr in cur.prompts.values():
        if pr.lesson not in cur.lessons:
            out.append(_p(cur, "prompts", pr.id, "lesson", f"unknown lesson {pr.lesson!r}"))
        crit = {c.id: c for c in pr.rubric}
        for dup in [k for k, n in Counter(c.id for c in pr.rubric).items() if n > 1]:
            out.append(_p(cur, "prompts", pr.id, "rubric", f"duplicate criterion id {dup!r}"))
        for ci, c in enumerate(pr.rubric):
            for ri, r in enumerate(c.recommendations):
                if r not in cur.recommendations:
                    out.append(_p(cur, "prompts", pr.id, f"rubric[{ci}].recommendations[{ri}]",
                                  f"unknown recommendation {r!r}"))
        for mi, ma in enumerate(pr.model_answers):
            for cid, score in ma.scores.items():
                if cid not in crit:
                    out.append(_p(cur, "prompts", pr.id, f"model_answers[{mi}].scores.{cid}",
                                  f"unknown rubric criterion {cid!r}"))
                elif not 0 <= score <= crit[cid].points:
                    out.append(_p(cur, "prompts", pr.id, f"model_answers[{mi}].scores.{cid}",
                                  f"score {score} is outside 0..{crit[cid].points}"))
            for cid in crit:
                if cid not in ma.scores:
                    out.append(_p(cur, "prompts", pr.id, f"model_answers[{mi}].scores",
                                  f"no score for criterion {cid!r}"))
    in_assignment: dict[str, list[str]] = defaultdict(list)
    for a in cur.assignments.values():
        if a.lesson and a.lesson not in cur.lessons:
            out.append(_p(cur, "assignments", a.id, "lesson", f"unknown lesson {a.lesson!r}"))
        if a.parallel_to and a.parallel_to not in cur.assignments:
            out.append(_p(cur, "assignments", a.id, "parallel_to", f"unknown assignment {a.parallel_to!r}"))
        if a.kind == "lesson" and not a.lesson:
            out.append(_p(cur, "assignments", a.id, "lesson", "a lesson assignment must name its lesson"))
        for i, sid in enumerate(a.scenarios):
            sc = cur.scenarios.get(sid)
            if sc is None:
                out.append(_p(cur, "assignments", a.id, f"scenarios[{i}]", f"unknown scenario {sid!r}"))
            elif sc.mode != "assessment":
                out.append(_p(cur, "assignments", a.id, f"scenarios[{i}]",
                              f"scenario {sid!r} is a practice scenario; graded work uses assessment scenarios"))
            in_assignment[sid].append(a.id)
        for i, pid in enumerate(a.prompts):
            if pid not in cur.prompts:
                out.append(_p(cur, "assignments", a.id, f"prompts[{i}]", f"unknown prompt {pid!r}"))
    for sid, aids in in_assignment.items():
        if len(aids) > 1 and sid in cur.scenarios:
            out.append(_p(cur, "scenarios", sid, "id", f"used by more than one assignment: {', '.join(aids)}"))
    if cur.assignments:
        for sc in cur.scenarios.values():
            if sc.mode == "assessment" and sc.id not in in_assignment:
                out.append(_p(cur, "scenarios", sc.id, "mode", "assessment scenario is in no assignment",
                              "warning"))
    return out


def check_scenarios(cur: Curriculum) -> list[Problem]:
    """Each step has one best answer, mistakes are tagged, and branching leads somewhere and ends."""
    out: list[Problem] = []
    for sc in cur.scenarios.values():
        step_ids = [s.id for s in sc.steps]
        for dup in [k for k, n in Counter(step_ids).items() if n > 1]:
            out.append(_p(cur, "scenarios", sc.id, "steps", f"duplicate step id {dup!r}"))
        for si, step in enumerate(sc.steps):
            where = f"steps[{si}] ({step.id})"
            for dup in [k for k, n in Counter(o.id for o in step.options).items() if n > 1]:
                out.append(_p(cur, "scenarios", sc.id, f"{where}.options", f"duplicate option id {dup!r}"))
            best = max(o.credit for o in step.options)
            if best != 1:
                out.append(_p(cur, "scenarios", sc.id, f"{where}.options",
                              f"no best answer: the highest credit is {best}, one option must have credit 1"))
            for oi, opt in enumerate(step.options):
                ow = f"{where}.options[{oi}] ({opt.id})"
                if opt.credit < 1 and not opt.misconception:
                    out.append(_p(cur, "scenarios", sc.id, f"{ow}.misconception",
                                  "an option that is not the best answer needs a misconception tag"))
                if opt.credit == 1 and opt.misconception:
                    out.append(_p(cur, "scenarios", sc.id, f"{ow}.misconception",
                                  "the best answer carries a misconception tag"))
                if not opt.recommendations:
                    out.append(_p(cur, "scenarios", sc.id, f"{ow}.recommendations",
                                  "coaching must cite at least one recommendation"))
                if opt.next is not None and opt.next not in step_ids:
                    out.append(_p(cur, "scenarios", sc.id, f"{ow}.next",
                                  f"dead end: leads to step {opt.next!r}, which does not exist"))
                if opt.next == step.id:
                    out.append(_p(cur, "scenarios", sc.id, f"{ow}.next", "leads back to its own step"))
        graph = Graph.of_scenario(sc)
        reach = reachable(graph)
        for si, step in enumerate(sc.steps):
            if step.id not in reach:
                out.append(_p(cur, "scenarios", sc.id, f"steps[{si}] ({step.id})",
                              "unreachable: no option leads to this step"))
        if has_cycle(graph):
            out.append(_p(cur, "scenarios", sc.id, "steps", "the steps form a loop, so the scenario never ends"))
    return out


def recommendation_shortfalls(cur: Curriculum) -> dict[str, list[str]]:
    """Recommendations exercised by too few scenarios, each with what is missing (the coverage minimum:
    practice always; assessment where graded content is present)."""
    practice: Counter[str] = Counter()
    assessment: Counter[str] = Counter()
    for sc in cur.scenarios.values():
        for r in set(sc.recommendations):
            (practice if sc.mode == "practice" else assessment)[r] += 1
    out: dict[str, list[str]] = {}
    for rec in cur.recommendations.values():
        missing = []
        if practice[rec.id] + assessment[rec.id] == 0:
            missing.append("no scenario exercises this recommendation")
        else:
            if practice[rec.id] < MIN_PRACTICE_PER_RECOMMENDATION:
                missing.append(f"exercised by {practice[rec.id]} practice scenario(s); "
                               f"at least {MIN_PRACTICE_PER_RECOMMENDATION} are needed")
            if cur.has_assessment and assessment[rec.id] < MIN_ASSESSMENT_PER_RECOMMENDATION:
                missing.append(f"exercised by {assessment[rec.id]} assessment scenario(s); "
                               f"at least {MIN_ASSESSMENT_PER_RECOMMENDATION} is needed")
        if missing:
            out[rec.id] = missing
    return out


def check_coverage(cur: Curriculum) -> list[Problem]:
    """Every recommendation is exercised by practice and (where present) assessment scenarios;
    every lesson has a branching scenario."""
    out = [_p(cur, "recommendations", rec_id, "id", msg)
           for rec_id, msgs in recommendation_shortfalls(cur).items() for msg in msgs]
    for lesson in cur.lessons.values():
        if lesson.kind == "introduction":
            continue
        scs = cur.scenarios_for(lesson.id, "practice")
        if scs and not any(len(s.steps) > 1 for s in scs):
            out.append(_p(cur, "lessons", lesson.id, "id", "the lesson has no branching (multi-step) scenario"))
    used = {o.misconception for s in cur.scenarios.values() for st in s.steps for o in st.options}
    for m in cur.misconceptions:
        if m not in used:
            out.append(_p(cur, "misconceptions", m, "id", "no option uses this misconception", "warning"))
    return out


MAX_BEST_IS_LONGEST = 0.4
MAX_SHARE_ONE_LETTER = 0.45


def answer_key_balance(cur: Curriculum, mode: str) -> dict[str, object]:
    """How guessable the key is: the share of steps whose best option is the longest, and of each best letter."""
    steps = [st for s in cur.scenarios.values() if s.mode == mode for st in s.steps]
    longest = letters = 0
    by_letter: Counter[str] = Counter()
    for st in steps:
        best = [o for o in st.options if o.credit == 1]
        if len(best) != 1:
            continue
        letters += 1
        by_letter[best[0].id] += 1
        lengths = sorted((len(o.text["en"]) for o in st.options), reverse=True)
        if len(best[0].text["en"]) == lengths[0] and (len(lengths) == 1 or lengths[0] > lengths[1]):
            longest += 1
    return {
        "steps": letters,
        "best_is_longest": longest / letters if letters else 0.0,
        "best_letter_share": {k: v / letters for k, v in sorted(by_letter.items())} if letters else {},
    }


def check_balance(cur: Curriculum) -> list[Problem]:
    """Warn when the answer key could be guessed from option length or position."""
    out = []
    for mode in ("practice", "assessment"):
        bal = answer_key_balance(cur, mode)
        if bal["steps"] < 8:
            continue
        if bal["best_is_longest"] > MAX_BEST_IS_LONGEST:
            out.append(Problem("scenarios", f"{mode} scenarios", "options",
                               f"the best option is the longest in {bal['best_is_longest']:.0%} of steps "
                               f"(at most {MAX_BEST_IS_LONGEST:.0%}); learners can guess by length", "warning"))
        for letter, share in bal["best_letter_share"].items():
            if share > MAX_SHARE_ONE_LETTER:
                out.append(Problem("scenarios", f"{mode} scenarios", "options",
                                   f"option {letter!r} is the best answer in {share:.0%} of steps "
                                   f"(at most {MAX_SHARE_ONE_LETTER:.0%})", "warning"))
    return out


def check_curriculum(cur: Curriculum, *, audits: bool = True) -> list[Problem]:
    """All checks; problems are sorted by file and item. ``audits=False`` leaves out the scans of the whole
    bank (answer-blind strategies, cue terms, near-duplicates, glossary terms in every text), which loading
    does not need."""
    from .credit import check_credit_policy
    from .provenance import check_provenance

    problems = check_references(cur) + check_scenarios(cur) + check_coverage(cur) + check_balance(cur)
    problems += check_provenance(cur) + check_credit_policy(cur) + check_reach(cur)
    from .toolkit import check_toolkit

    problems += check_toolkit(cur)
    if audits:
        from .audit import check_answer_key
        from .similarity import check_near_duplicates
        from .toolkit import check_glossary_use

        problems += check_answer_key(cur) + check_near_duplicates(cur) + check_glossary_use(cur)
    if not cur.lessons:
        problems.append(Problem("lessons/", "", "", "the curriculum has no lessons"))
    return sorted(problems, key=lambda p: (p.severity != "error", p.file, p.item, p.field))
