"""Cohort analytics: the tidy response table, item and distractor analysis, misconceptions, learners' mastery and
gains, a synthetic cohort, plots and the instructor report."""
