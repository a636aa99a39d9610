"""Every interface text of the widgets, the assessment form, the workshop view, the handouts and the dashboard.

The English texts below are the message ids of the gettext catalogs in ``clientcraft/locale/<lang>/LC_MESSAGES``
(``clientcraft build`` extracts them with Babel into ``clientcraft.pot``, updates each language's ``.po`` and
compiles its ``.mo``; docs/translating.md). Code and templates read them as attributes of this module
(``strings.SCENARIO_SUBMIT``, ``t.SCENARIO_SUBMIT`` in templates); an attribute is the text in the *active*
language (:func:`active_language`: set with :func:`activate` or :func:`language`, else ``$CLIENTCRAFT_LANG``,
else English). :func:`in_language` gives the texts of one language explicitly.

Texts with ``{placeholders}`` are filled with ``str.format`` after translation, so a translator may reorder them.
Texts that hold a count are :class:`Plural` (marked with :func:`_n`): ``.format(n=3, ...)`` picks the form the
language's plural rule gives for the count.
"""

from __future__ import annotations

import gettext as _gettext
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from clientcraft.core.languages import SOURCE_LANGUAGE, normalize_language
from clientcraft.core.settings import language_from_env

DOMAIN = "clientcraft"
"""The gettext domain (catalog file name)."""
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
"""``clientcraft/locale``: ``clientcraft.pot`` and ``<lang>/LC_MESSAGES/clientcraft.{po,mo}``."""


def _(message: str) -> str:
    """Mark ``message`` as an interface text to translate (the English message id)."""
    return message


class Plural:
    """An interface text with a singular and a plural form; ``count`` names the placeholder that holds the number."""

    __slots__ = ("singular", "plural", "count", "_translations")

    def __init__(self, singular: str, plural: str, count: str, translations: Any = None):
        self.singular, self.plural, self.count = singular, plural, count
        self._translations = translations if translations is not None else _gettext.NullTranslations()

    def form(self, n: int) -> str:
        """The text for the number ``n`` (not yet filled)."""
        return self._translations.ngettext(self.singular, self.plural, int(n))

    def format(self, **values: Any) -> str:
        """The text for ``values[count]``, filled with ``values``."""
        return self.form(values[self.count]).format(**values)

    def bound(self, translations: Any) -> "Plural":
        """The same text read through ``translations``."""
        return Plural(self.singular, self.plural, self.count, translations)

    def __repr__(self) -> str:
        return f"Plural({self.singular!r}, {self.plural!r}, {self.count!r})"


def _n(singular: str, plural: str, count: str) -> Plural:
    """Mark a text with a count for translation (``ngettext``); ``count`` names the placeholder of the number."""
    return Plural(singular, plural, count)


UNTRANSLATED = frozenset({"DATE_TIME", "DATE"})
"""strftime patterns: read as they are in every language."""


class Texts:
    """The interface texts in one language: ``Texts("de").SCENARIO_SUBMIT``."""

    def __init__(self, lang: str):
        self.language = normalize_language(lang)
        self.translations = translations(self.language)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or not name.isupper():
            raise AttributeError(name)
        value = getattr(_English, name)  # AttributeError for a name that is no interface text
        if isinstance(value, Plural):
            return value.bound(self.translations)
        if name in UNTRANSLATED:
            return value
        return self.translations.gettext(value)


@lru_cache(maxsize=None)
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalog of ``lang`` (English: the message ids themselves)."""
    if lang == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[lang], fallback=True)


@lru_cache(maxsize=None)
def in_language(lang: str) -> Texts:
    """The interface texts in ``lang``."""
    return Texts(lang)


_ACTIVE: ContextVar[str | None] = ContextVar("clientcraft_language", default=None)


def active_language() -> str:
    """The language interface texts are read in: the one activated, else ``$CLIENTCRAFT_LANG``, else English."""
    return _ACTIVE.get() or language_from_env() or SOURCE_LANGUAGE


def activate(lang: str) -> str:
    """Make ``lang`` the active language of this context (a learner's kernel has one); the code stored."""
    code = normalize_language(lang)
    _ACTIVE.set(code)
    return code


@contextmanager
def language(lang: str) -> Iterator[Texts]:
    """Texts in ``lang`` for the duration of a ``with`` block (rendering one language's notebooks)."""
    token = _ACTIVE.set(normalize_language(lang))
    try:
        yield in_language(lang)
    finally:
        _ACTIVE.reset(token)


def names() -> list[str]:
    """Every interface text's name."""
    return [n for n in vars(_English) if n.isupper()]


def __getattr__(name: str) -> Any:
    if name.isupper() and hasattr(_English, name):
        return getattr(in_language(active_language()), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _English:
    """The English texts (message ids). Read them through the module, which translates them."""

    # -- who is answering (the identity widget) ---------------------------------------------------------------
    IDENTITY_TITLE = _("Before you start")
    IDENTITY_INTRO_TEXT = _("Tell us your name, so your answers and progress are kept for you in this browser. You are "
                            "asked only once.")
    IDENTITY_NAME = _("Your name")
    IDENTITY_NAME_EXAMPLE = _("For example: Ana Lima")
    IDENTITY_GROUP = _("Group (optional)")
    IDENTITY_GROUP_EXAMPLE = _("For example: March workshop")
    IDENTITY_SAVE = _("Save")
    IDENTITY_CANCEL = _("Cancel")
    IDENTITY_CHANGE = _("Not you? Change name")
    IDENTITY_SHARED = _("This lesson is also open in another browser; answers from both are saved under this name.")
    IDENTITY_NOT_CONNECTED = _("This page has not finished loading; reload it and try again.")
    IDENTITY_PROBLEM = _("{field}: {problem}")
    LEARNER_LINE = _("Your answers are saved as")
    LEARNER_GROUP = _("group: {group}")

    # -- scenario --------------------------------------------------------------------------------------------
    SCENARIO_CLIENT = _("The client:")
    SCENARIO_WHERE = _("Where:")
    SCENARIO_YOU_ARE = _("You are:")
    REGION_INDONESIA = _("Indonesia")
    REGION_PHILIPPINES = _("the Philippines")
    REGION_NORWAY = _("Norway")
    REGION_GERMANY = _("Germany")
    REGION_UNSPECIFIED = _("no particular country")
    AUDIENCE_OWNER = _("the owner or a freelancer")
    AUDIENCE_STAFF = _("a member of staff")
    SCENARIO_DECISION = _("decision {n}")
    SCENARIO_SUBMIT = _("Submit")
    SCENARIO_RETRY = _("Try another answer")
    SCENARIO_CONTINUE = _("Continue")
    SCENARIO_RESTART = _("Start again")
    SCENARIO_DONE_BEFORE = _("You finished this scenario before (last on {date}). Practise it again any time.")
    SCENARIO_STARTED_BEFORE = _("You started this scenario before; pick it up again below.")
    SCENARIO_CHOOSE_FIRST = _("Choose one of the options first.")
    SCENARIO_NOT_SAVED = _("Your answer could not be saved: {reason}. Please press Submit again in a moment.")
    SCENARIO_SAVED = _("Your answer is saved.")
    SCENARIO_NAME_FIRST = _("Please give your name just below; your answer is then saved.")
    SCENARIO_FEEDBACK = _("What happened")
    VERDICT_GOOD = _("A strong choice.")
    VERDICT_PARTIAL = _("Partly right.")
    VERDICT_POOR = _("This one backfires.")
    ATTEMPT = _("attempt {n}")
    WHAT_HAPPENS = _("What happens")
    WHY = _("Why")
    ADVICE_BEHIND = _("The advice behind this:")
    ADVICE_SOURCES = _("Where this advice comes from")
    COURSE_VIEW = _("Course view")
    """The small label beside advice that is the course's own view rather than a claim of the articles."""
    COURSE_VIEW_NOTE = _("the course's own judgement, not something the articles say")
    COURSE_VIEW_BUILDS_ON = _("it builds on:")
    CITATION_ARTICLE = _("{title} ({languages}): {sections}")
    """One line per cited article: its English title, the languages it was read in, and the sections cited."""
    LANGUAGES_AND = _("{first} and {last}")
    PATH_HEAD = _("Your path through this scenario")
    ANSWER_HEAD = _("Your answer")
    PATH_SCORE = _("Score for this path: {percent}%")
    PATH_SCORE_NOTE = _("(the mean of your choices)")
    ALL_SAVED = _("All your answers in this scenario are saved.")

    # -- reflection ------------------------------------------------------------------------------------------
    REFLECTION = _("Reflection")
    REFLECTION_HINT = _("Write a few sentences. Only you and your trainer can see this.")
    REFLECTION_LABEL = _("Your reflection")
    REFLECTION_SAVE = _("Save reflection")
    REFLECTION_EMPTY = _("Write something first, then press Save.")
    REFLECTION_TOO_LONG = _n("That is {n} character; please keep it under {limit}. Nothing was lost: your text is still in the box.",
                "That is {n} characters; please keep it under {limit}. Nothing was lost: your text is still in the box.", 'n')
    REFLECTION_NAME_FIRST = _("Please give your name just below; your reflection is then saved.")
    REFLECTION_NOT_SAVED = _("Not saved: {reason}. Your text is still in the box; press Save again in a moment.")
    REFLECTION_SAVED = _("Saved. You can change it and save again at any time.")
    REFLECTION_YOU_WROTE = _("Saved {when}. You wrote:")
    DATE_TIME = "%d %b %Y, %H:%M"
    """How a saved time is shown (strftime), followed by the time zone of the learner's browser."""
    DATE = "%d %b %Y"
    """How a date is shown (strftime)."""

    # -- progress and the lesson index -----------------------------------------------------------------------
    PROGRESS_LESSON = _("Your progress in this lesson")
    PROGRESS_COURSE = _("Your progress in the course")
    PROGRESS_UNREADABLE = _("Your progress cannot be read right now: {reason}")
    PROGRESS_STEPS = _n("{done} of {total} activity done", "{done} of {total} activities done", "total")
    PROGRESS_NAME_FIRST = _("Give your name at the top of the page to keep track of your progress.")
    PROGRESS_COURSE_TOTAL = _n("{done} of {total} activity done in the whole course.",
                               "{done} of {total} activities done in the whole course.", "total")
    PROGRESS_TODO = _("Still to do:")
    PROGRESS_TODO_SCENARIO = _("Scenario: {title}")
    PROGRESS_TODO_REFLECTION = _("The reflection at the end")
    PROGRESS_ALL_DONE = _("You have done everything in this lesson.")
    RUN_ALL_NOTE = _("> **To start:** choose **Run \u25b8 Run All Cells** in the menu. The name form and the exercises "
                     "then appear below; your answers are kept even when you close the notebook.")
    INDEX_ALL_LESSONS = _("All lessons")
    INDEX_MINUTES = _n("About {minutes} minute", "About {minutes} minutes", "minutes")
    INDEX_DONE = _("Done")
    INDEX_NOT_STARTED = _("Not started")
    INDEX_LESSON = _("{order}. {title}")

    # -- graded assessment form ------------------------------------------------------------------------------
    FORM_FALLBACK_HINT = _("Buttons not showing? Run the last cell of this notebook, 'Answer in plain text'.")
    FORM_UNREADABLE = _("Your saved answers could not be read ({reason}). Answer again: the old file is kept beside "
                        "the new one.")
    FORM_SAVED = _("Answer saved. You can change it until you hand in; your result comes with your feedback.")
    FORM_CHOOSE = _("Choose one option.")
    FORM_NEXT = _("Saved. Now the next question.")
    FORM_YOUR_ANSWER = _("Your answer: {option}")
    FORM_TYPE_LETTER = _("Type the letter of your choice (or press Enter to skip): ")
    FORM_NOT_AN_OPTION = _("'{reply}' is not one of {options}.")
    FORM_STOPPED = _n("Stopped. {saved} answer saved to {file}.",
                "Stopped. {saved} answers saved to {file}.", 'saved')
    FORM_DONE = _n("{saved} answer saved to {file}.",
                "{saved} answers saved to {file}.", 'saved')

    # -- graded item summary (shown by the hidden test, so in the learner's feedback) ------------------------
    SUMMARY_NOTE = _("Note:")
    SUMMARY_NO_ANSWER = _("No answer; this step counts 0.")
    SUMMARY_NOT_AN_OPTION = _("No answer (the saved choice was not one of the options); this step counts 0.")
    SUMMARY_YOU_CHOSE = _("You chose {option}:")
    SUMMARY_WHAT_HAPPENED = _("What happened:")
    SUMMARY_COACHING = _("Coaching:")
    SUMMARY_NOT_SCORED = _("This item could not be scored automatically ({reason}).")
    SUMMARY_NO_CHOICES = _("No saved choice was handed in, so this item scores 0.")
    SUMMARY_CHOICES_UNREADABLE = _("Your saved choices could not be read ({reason}), so this item scores 0. "
                                   "Ask your instructor.")
    WRITTEN_UNREADABLE = _("*Your handed-in notebook could not be read ({reason}); your instructor reads the original.*")

    # -- workshop view ---------------------------------------------------------------------------------------
    WORKSHOP_TRACK = _("Track")
    WORKSHOP_ALL_SCENARIOS = _("All scenarios")
    WORKSHOP_SCENARIO = _("Scenario")
    WORKSHOP_DECISION = _("Decision")
    WORKSHOP_COHORT = _("Cohort")
    WORKSHOP_ALL_COHORTS = _("all cohorts")
    WORKSHOP_REFRESH = _("Refresh")
    WORKSHOP_AUTO = _("Refresh every few seconds")
    WORKSHOP_UNREADABLE = _("Cannot read the log: {reason}")
    WORKSHOP_WAITING = _n("Not answered yet ({n}):",
                "Not answered yet ({n}):", 'n')
    WORKSHOP_EVERYONE = _("Everyone has answered.")
    WORKSHOP_NO_ONE_YET = _("No one in this cohort has answered anything yet.")
    WORKSHOP_NOBODY_YET = _("Nobody has answered this decision yet.")
    WORKSHOP_ANSWERED = _("{n} of {total} answered")
    WORKSHOP_OPTION = _("Option")
    WORKSHOP_LEARNERS = _("Learners (first answer)")
    WORKSHOP_BEST = _("Best")
    WORKSHOP_PARTIAL = _("Partly right")
    WORKSHOP_POOR = _("Backfires")
    WORKSHOP_REFRESHED = _("Refreshed at {when}.")
    WORKSHOP_WHO_CHOSE = _n("Who chose what ({n})", "Who chose what ({n})", "n")
    WORKSHOP_LEARNER = _("Learner")
    WORKSHOP_FIRST_ANSWER = _("First answer")

    # -- the instructor report: column headers in words ---------------------------------------------------
    COLUMN_N_LEARNERS = _("Learners")
    COLUMN_N_ITEMS = _("Items")
    COLUMN_MAX_TOTAL = _("Highest possible total")
    COLUMN_MEAN = _("Mean")
    COLUMN_MEDIAN = _("Median")
    COLUMN_SD_SAMPLE = _("Standard deviation (sample)")
    COLUMN_SKEWNESS = _("Skewness")
    COLUMN_KURTOSIS = _("Kurtosis")
    COLUMN_ALPHA = _("Reliability (Cronbach's alpha)")
    COLUMN_KR20_POP = _("Reliability (KR-20)")
    COLUMN_ERROR_RATIO_PCT = _("Error ratio (%)")
    COLUMN_STANDARD_ERROR = _("Standard error of measurement")
    COLUMN_VALUE = _("Value")
    COLUMN_ITEM = _("Item")
    COLUMN_N = _("Answers")
    COLUMN_FACILITY = _("Facility (share of credit earned)")
    COLUMN_DISC_ITEM_REST = _("Discrimination (item against the rest)")
    COLUMN_R_ITEM_TOTAL = _("Correlation with the total")
    COLUMN_DISC_EFFICIENCY = _("Discriminative efficiency")
    COLUMN_EFFECTIVE_WEIGHT_PCT = _("Effective weight (%)")
    COLUMN_ALPHA_IF_DELETED = _("Reliability without this item")
    COLUMN_D_UPPER_LOWER_27 = _("Facility, upper minus lower 27%")
    COLUMN_REVIEW = _("Why to review")
    COLUMN_OPTION = _("Option")
    COLUMN_KEY = _("Key")
    COLUMN_SHARE = _("Share choosing it")
    COLUMN_SHARE_UPPER = _("Share, upper 27%")
    COLUMN_SHARE_LOWER = _("Share, lower 27%")
    COLUMN_R_OPTION_REST = _("Correlation with the rest")
    COLUMN_MISCONCEPTION = _("Mistake")
    COLUMN_CHOSEN = _("Times chosen")
    COLUMN_LEARNERS = _("Learners")
    COLUMN_LESSON = _("Lesson")
    COLUMN_RECOMMENDATION = _("Recommendation")
    COLUMN_COHORT = _("Cohort")
    COLUMN_CI95_LOW = _("95% interval, low")
    COLUMN_CI95_HIGH = _("95% interval, high")
    COLUMN_SOLVED = _("Solved")
    COLUMN_FIRST_TRY = _("Solved at the first try")
    COLUMN_MEAN_ATTEMPTS_TO_SUCCESS = _("Mean attempts to success")
    COLUMN_MEAN_MASTERY = _("Mean mastery")
    COLUMN_SHARE_MASTERED = _("Share mastered")
    COLUMN_LEARNERS_PRE = _("Learners with a baseline")
    COLUMN_LEARNERS_POST = _("Learners with a final")
    COLUMN_LEARNERS_BOTH = _("Learners with both")
    COLUMN_MEAN_PRE_PCT = _("Mean baseline score (%)")
    COLUMN_MEAN_POST_PCT = _("Mean final score (%)")
    COLUMN_G_CLASS = _("Gain of the class means (g)")
    COLUMN_G_AVE = _("Mean of the learners' gains")
    COLUMN_LEARNERS_AT_CEILING_PRE = _("Learners at 100% in the baseline")
    COLUMN_PAIRED_T_P = _("Paired t-test p")
    COLUMN_PRE_PCT = _("Baseline score (%)")
    COLUMN_POST_PCT = _("Final score (%)")
    COLUMN_LEARNER = _("Learner")
    COLUMN_SCORE_BAND = _("Score band")

    # -- dashboard -------------------------------------------------------------------------------------------
    DASHBOARD_OVERVIEW = _("{learners} learners, {answers} answers; items analysed from: {analysed}{left}.")
    DASHBOARD_LEFT_OUT = _n("; {n} row could not be used (see result.problems)",
                "; {n} rows could not be used (see result.problems)", 'n')
    DASHBOARD_NOTHING_FLAGGED = _("No item is flagged for review.")
    DASHBOARD_NO_DISTRACTORS = _("No distractor analysis: the data has scores but not the options learners chose.")
    DASHBOARD_NO_MISTAKES = _("No tagged mistakes in the data.")
    DASHBOARD_NO_MASTERY = _("No recommendation ids in the data, so no mastery per recommendation.")
    DASHBOARD_NO_PREPOST = _("No pre/post comparison: the data has no baseline and final answers.")

    # -- item bank (Moodle XML, QTI) -------------------------------------------------------------------------
    BANK_ARRIVAL = _("This is decision {number} of {steps}. You reach it after choosing {option}) at decision {previous}: "
                     "\u201c{text}\u201d")
    BANK_LEADS_TO = _("Choice {option}) leads to decision {number} of this scenario.")
    BANK_ENDS = _("Choice {option}) ends the scenario.")
    BANK_RECOMMENDATIONS = _("Recommendations behind this scenario:")
    BANK_CREDIT = _("Credit in the course: {percent}%")
    BANK_DECISION_NAME = _("{title} (decision {number} of {steps})")
    BANK_CATEGORY_INFO = _("clientcraft {mode} scenarios of the lesson \u201c{lesson}\u201d")


    # -- fill-in forms: the action plan and the terms template -----------------------------------------------
    FORM_REQUIRED = _("(required)")
    FORM_FILL_IN = _("Please fill in: {fields}. Nothing was saved yet.")
    FORM_TOO_LONG = _("Please keep each answer under {limit} characters ({fields}). Your text is still in the box.")
    FORM_NOTHING_NEW = _("Nothing new to save.")
    FORM_EMPTY = _("Write something first, then press Save.")
    FORM_NAME_FIRST = _("Please enter your name above; your answers are then saved.")
    FORM_NOT_SAVED = _("Not saved: {reason}. Your text is still in the boxes; press Save again in a moment.")
    FORM_LAST_SAVED = _("Last saved {when}.")
    PLAN_EXAMPLES = _("For example:")
    PLAN_CHANGE_PLACEHOLDER = _("I will ...")
    PLAN_WHEN_PLACEHOLDER = _("e.g. next Monday, or: the next time a client ...")
    PLAN_SAVE = _("Save my plan")
    PLAN_HEAD = _("Your action plan")
    PLAN_SAVED = _("saved {date}")
    PLAN_EARLIER = _("in an earlier session")
    PLAN_WHEN = _("When:")
    PLAN_DONE_YET = _("Have you done it yet? If not, what is in the way?")
    TERMS_HEAD = _("Your terms template")
    TERMS_INTRO = _("Answer each question for your own work. Leave out what does not apply. The grey text is only an "
                    "example.")
    TERMS_EXAMPLE = _("e.g. {example}")
    TERMS_SAVE = _("Save my terms")
    TERMS_SO_FAR = _("Your terms so far")
    TERMS_USE = _("Copy them into your quote or first email, in your own words.")

    # -- review sets ----------------------------------------------------------------------------------------
    REVIEW_ANSWERED = _("{done} of {total}")
    REVIEW_ANSWERED_TAIL = _("scenarios answered.")
    REVIEW_START = _("Answer the scenarios above; this summary then shows which advice to revisit.")
    REVIEW_REVISIT = _("Advice to revisit (your first try missed it; read that part of the lesson again, then try the "
                       "scenario once more):")
    REVIEW_MISSED_ONCE = _("Missed on a first try once.")
    REVIEW_MISSED_TIMES = _n("Missed on a first try {n} time.",
                "Missed on a first try {n} times.", 'n')
    REVIEW_REVISIT_LINK = _("Revisit:")
    REVIEW_LESSON = _("Lesson {order}: {title}")
    REVIEW_NOTHING = _("Every first try so far was the best answer. Nothing to revisit.")
    REVIEW_APPLIED = _n("Advice you applied well ({n})",
                "Advice you applied well ({n})", 'n')
    REVIEW_LEFT = _n("{n} still to answer.",
                "{n} still to answer.", 'n')
    REVIEW_NAME_FIRST = _("Enter your name at the top to see which advice to revisit.")
    REVIEW_UNREADABLE = _("Your answers cannot be read right now: {reason}")
    REVIEW_WAIT = _n("This review works best about {days} day after you finish {lesson}.",
                "This review works best about {days} days after you finish {lesson}.", 'days')
    REVIEW_TOO_SOON = _("You last worked on {lesson} on {last}. This review works best from {ready}. You can take it "
                        "now, but after a gap it does more for you.")
    REVIEW_GOOD_TIMING = _n("Good timing: {days} day since you last worked on {lesson}.",
                "Good timing: {days} days since you last worked on {lesson}.", 'days')
    REVIEW_MIXED = _("The scenarios below are new, and the lessons they come from are mixed. Decide what kind of "
                     "situation each one is before you choose.")

    # -- handouts (job aid, phrase bank, glossary, prevention kit) ---------------------------------------------
    HANDOUTS_NAV = _("Handouts")
    HANDOUT_FROM = _("From")
    HANDOUT_APPLIES = _("Applies")
    HANDOUT_SOURCES = _("Sources:")
    HANDOUT_COURSE_VIEW = _("\u2014 also the course's own view, which the articles do not state.")
    HANDOUT_FOOTER = _("{title}. All wording is the course's own; each line names the article section it applies "
                       "(number of the source file, then the section heading in the article's language).")
    JOB_AID_MOVES = _("The moves")
    JOB_AID_BEFORE = _("Before")
    JOB_AID_TRAP = _("Trap: {trap}.")
    JOB_AID_LESSON = _("Lesson {n}.")
    JOB_AID_LESSONS = _("Lessons {n}.")
    JOB_AID_COURSE_VIEW = _("\u2014 partly the course's own view.")
    JOB_AID_SIGNALS = _("Signals at move 5")
    JOB_AID_EXIT = _("Exit checklist")
    JOB_AID_FOOTER = _("{title}: the course's own summary of the articles; \"From\" names the source file and section "
                       "each line applies.")
    PHRASES_TITLE = _("Phrase bank")
    PHRASES_LEAD = _n("Ready wording for each move of the job aid, grouped by move and then by channel. Say it in your own voice; the point is the move, not the exact words. {n} phrase.",
                "Ready wording for each move of the job aid, grouped by move and then by channel. Say it in your own voice; the point is the move, not the exact words. {n} phrases.", 'n')
    PHRASES_COUNTS = _("Phrases per move and channel")
    PHRASES_MOVE = _("Move")
    PHRASES_BY_CHANNEL = _("The same phrases by channel")
    PHRASES_FOOTER = _("{title}. Every phrase is the course's own wording; \"Applies\" names the source file and the "
                       "section whose advice it puts into words.")
    CHANNEL_COUNTER = _("At the counter")
    CHANNEL_PHONE = _("On the phone")
    CHANNEL_EMAIL = _("By email")
    CHANNEL_CHAT = _("In a chat app")
    CHANNEL_NOTICE = _("Written notice")
    GLOSSARY_TITLE = _("Glossary")
    GLOSSARY_LEAD = _n("The business words used in this course, in plain English. {n} term.",
                "The business words used in this course, in plain English. {n} terms.", 'n')
    GLOSSARY_EXAMPLE = _("Example:")
    GLOSSARY_LESSON = _("lesson {n}")
    GLOSSARY_LESSONS = _("lessons {n}")
    GLOSSARY_FOOTER = _("{title}. Definitions are the course's own wording.")
    KIT_FIRST_CONTACT = _("At every first contact")
    KIT_TERMS = _("My written terms")
    KIT_TERMS_INTRO = _("Fill this in once, in your own words; then send it with every quote. The example under each "
                        "question is only an example.")
    KIT_EXAMPLE = _("Example:")

    # -- languages and translated content -----------------------------------------------------------------
    LESSON_MINUTES = _n("About {minutes} minute.", "About {minutes} minutes.", "minutes")
    LESSON_QUESTIONS = _("Questions")
    LESSON_OBJECTIVES = _("Objectives")
    LESSON_SOURCES = _("This lesson draws on these articles:")
    LESSON_ORIGINAL_TITLE = _("original title: *{title}*, in {language}")
    LESSON_KEY_POINTS = _("Key points")
    LESSON_COURSE_PROGRESS = _("Your progress in the whole course")
    LESSON_NEXT = _("Next:")
    NAME_REQUIRED = _("please enter something")
    NAME_TOO_LONG = _("at most {limit} characters, got {n}")
    NAME_CHARACTERS = _("use letters, digits, spaces and . @ ' - _ only")
    NOT_ANSWERED_YET = _("has no answer yet: choose an option with the buttons above")
    FEEDBACK_REDACTED = _("This item was scored automatically. Your result and what it means are shown below.")
    FEEDBACK_NOT_SCORED = _("This item could not be scored automatically; your instructor will check it.")
    LANGUAGE_LABEL = _("Language")
    LANGUAGE_TIP = _("Choose the language of the lessons")
    LANGUAGE_SAVED = _("From now on the lessons open in {language}. Reload the page to see this lesson in it.")
    NEXT_LATER = _n("**Later, in about {days} day:** {link}. Coming back after a gap is what makes it stick.",
                    "**Later, in about {days} days:** {link}. Coming back after a gap is what makes it stick.", "days")

    # -- the app's start page -------------------------------------------------------------------------------
    INDEX_LESSONS = _("Lessons")
    INDEX_LESSONS_CELL = _("The lessons and your progress")
    INDEX_REVIEWS = _("Review sets")
    INDEX_REVIEWS_LEAD = _("Short sets of scenarios from several lessons, to take again later:")
    INDEX_ALL_HANDOUTS = _("all handouts")
    APP_ROOT_OPEN = _("Open the lessons")

    # -- the toolkit in the lessons: worked examples, words, handout links, review notebooks ------------------
    HANDOUT_KEEP_AT_HAND = _("Keep at hand:")
    HANDOUT_JOB_AID = _("Job aid (one page)")
    HANDOUT_JOB_AID_WHAT = _("the moves, the signals for bending or ending, the exit checklist")
    HANDOUT_PHRASES_WHAT = _("ready wording for each move, by channel")
    HANDOUT_GLOSSARY_WHAT = _("the business words this course uses")
    HANDOUT_KIT = _("Prevention kit")
    HANDOUT_KIT_WHAT = _("a first-contact checklist and a terms template to print")
    HANDOUTS_LEAD = _("Print these or keep them open next to the lessons. Each opens as a page; use your browser's "
                      "**Print** to print it or save it as a PDF (it fits A4 and Letter paper).")
    WORKED_INTRO = _("Before you practise, watch someone experienced work through a whole case. Read the thinking, "
                     "not just the action: it shows which piece of advice they reach for, and why.")
    WORKED_THINKING = _("{n}. Thinking.")
    WORKED_ACTION = _("What I do.")
    WORKED_ADVICE = _("Advice used:")
    WORKED_SECTION = _("{article}, section \u201c{heading}\u201d")
    WORKED_POINT = _("The point.")
    WORKED_YOUR_TURN = _("Now it is your turn: the scenarios below ask you to make the same kind of decisions.")
    WORDS_SUMMARY = _n("Word used in this lesson ({n})", "Words used in this lesson ({n})", "n")
    WORDS_LEAD = _("Business words that appear below, in plain English.")
    WORDS_GLOSSARY_LINK = _("The full list is in the [glossary]({link}).")
    KIT_PRINTABLE = _("A printable copy is in the [prevention kit]({link}).")
    REVIEW_WHEN = _("When to take this review")
    REVIEW_SCENARIO_N = _("Scenario {i} of {n}")
    REVIEW_WHAT_TO_REVISIT = _("What to revisit")
    # -- graded assignments (nbgrader notebooks) ------------------------------------------------------------
    ASSIGN_HOW_TO_ANSWER = _("**How to answer.** Run all cells (menu *Run*, then *Run All Cells*). For each client, "
                             "click the letter of your choice; some situations continue after your first choice. "
                             "Every click is saved at once in this folder, and you can change a choice until you "
                             "hand in. You will see how each choice plays out, and your score, in your feedback "
                             "after grading. Then write your answers in the boxes marked for writing.")
    ASSIGN_NOTHING_TO_TYPE = _("Nothing to type here: answer with the buttons below.")
    ASSIGN_CLIENT_N = _("Client {n} of {total}")
    ASSIGN_CHECKS_ANSWERED = _("Checks that this client has an answer; your score is worked out when your work is "
                               "graded.")
    ASSIGN_WRITTEN_N = _("Written answer {n} of {total}")
    ASSIGN_WRITTEN_HOW = _("Double-click the box below, replace its text with your answer, then press Shift+Enter. "
                           "Worth {points} point(s), marked by your instructor.")
    ASSIGN_PLAIN_TEXT = _("Answer in plain text")
    ASSIGN_PLAIN_TEXT_HOW = _("If no buttons appear above, run the next cell: it asks each question in plain text "
                              "and saves your answers the same way. Press Enter to skip it.")

    CONTENT_IN_ENGLISH = _("in English: the translation of this part is being updated")
    """The small note beside a text shown in English because its translation is missing or out of date."""


def region_name(region: str, lang: str | None = None) -> str:
    """How a scenario's ``region`` value reads in a sentence ("the Philippines"), in ``lang`` or the active language."""
    return getattr(in_language(lang or active_language()), f"REGION_{region.upper()}")


def audience_name(audience: str, lang: str | None = None) -> str:
    """How a scenario's ``audience`` value reads after "You are:" ("a member of staff"), in ``lang`` or the active
    language."""
    return getattr(in_language(lang or active_language()), f"AUDIENCE_{audience.upper()}")
