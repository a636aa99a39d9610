"""Every interface text of the widgets, the assessment form, the workshop view and the dashboard, in one place.

Each text is marked with :func:`_` so that a message catalogue can be extracted (``pybabel extract -k _``) and,
later, each one routed through gettext: the translation issue only has to make :func:`_` translate. Texts with
``{placeholders}`` are filled with ``str.format`` after translation, so a translator may reorder them. The
templates in ``rendering/templates`` read these constants (as ``t``), never their own English.
"""

from __future__ import annotations


def _(message: str) -> str:
    """Mark ``message`` as an interface text to translate (returns it unchanged until catalogues exist)."""
    return message


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
SCENARIO_CHOICE = _("Your choice:")
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
REFLECTION_TOO_LONG = _("That is {n} characters; please keep it under {limit}. Nothing was lost: your text is "
                        "still in the box.")
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
PROGRESS_STEPS = _("{done} of {total} activities done")
PROGRESS_NAME_FIRST = _("Give your name at the top of the page to keep track of your progress.")
PROGRESS_COURSE_TOTAL = _("{done} of {total} activities done in the whole course.")
PROGRESS_TODO = _("Still to do:")
PROGRESS_TODO_SCENARIO = _("Scenario: {title}")
PROGRESS_TODO_REFLECTION = _("The reflection at the end")
PROGRESS_ALL_DONE = _("You have done everything in this lesson.")
RUN_ALL_NOTE = _("> **To start:** choose **Run \u25b8 Run All Cells** in the menu. The name form and the exercises "
                 "then appear below; your answers are kept even when you close the notebook.")
INDEX_ALL_LESSONS = _("All lessons")
INDEX_MINUTES = _("About {minutes} minutes")
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
FORM_STOPPED = _("Stopped. {saved} answer(s) saved to {file}.")
FORM_DONE = _("{saved} answer(s) saved to {file}.")

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
WORKSHOP_WAITING = _("Not answered yet ({n}):")
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
WORKSHOP_WHO_CHOSE = _("Who chose what ({n})")
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
DASHBOARD_LEFT_OUT = _("; {n} row(s) could not be used (see result.problems)")
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
REVIEW_MISSED_TIMES = _("Missed on a first try {n} times.")
REVIEW_REVISIT_LINK = _("Revisit:")
REVIEW_LESSON = _("Lesson {order}: {title}")
REVIEW_NOTHING = _("Every first try so far was the best answer. Nothing to revisit.")
REVIEW_APPLIED = _("Advice you applied well ({n})")
REVIEW_LEFT = _("{n} still to answer.")
REVIEW_NAME_FIRST = _("Enter your name at the top to see which advice to revisit.")
REVIEW_UNREADABLE = _("Your answers cannot be read right now: {reason}")
REVIEW_WAIT = _("This review works best about {days} days after you finish {lesson}.")
REVIEW_TOO_SOON = _("You last worked on {lesson} on {last}. This review works best from {ready}. You can take it "
                    "now, but after a gap it does more for you.")
REVIEW_GOOD_TIMING = _("Good timing: {days} days since you last worked on {lesson}.")
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
PHRASES_LEAD = _("Ready wording for each move of the job aid, grouped by move and then by channel. Say it in your "
                 "own voice; the point is the move, not the exact words. {n} phrases.")
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
GLOSSARY_LEAD = _("The business words used in this course, in plain English. {n} terms.")
GLOSSARY_EXAMPLE = _("Example:")
GLOSSARY_LESSON = _("lesson {n}")
GLOSSARY_LESSONS = _("lessons {n}")
GLOSSARY_FOOTER = _("{title}. Definitions are the course's own wording.")
KIT_FIRST_CONTACT = _("At every first contact")
KIT_TERMS = _("My written terms")
KIT_TERMS_INTRO = _("Fill this in once, in your own words; then send it with every quote. The example under each "
                    "question is only an example.")
KIT_EXAMPLE = _("Example:")


def region_name(region: str) -> str:
    """How a scenario's ``region`` value reads in a sentence ("the Philippines")."""
    return globals()[f"REGION_{region.upper()}"]


def audience_name(audience: str) -> str:
    """How a scenario's ``audience`` value reads after "You are:" ("a member of staff")."""
    return globals()[f"AUDIENCE_{audience.upper()}"]
