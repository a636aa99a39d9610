"""Graded assessments with nbgrader, in two parts that never mix.

:mod:`clientcraft.grading.kernel` runs inside the learner's kernel (answer capture, the hidden-test call);
:mod:`clientcraft.grading.staff` runs for course staff (course folder, submissions, keys, feedback, export).
"""
