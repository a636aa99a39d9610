"""The course-staff side of grading: the nbgrader course folder, submissions, answer keys, feedback and export.

It runs in the course team's process, never in a learner's kernel, and may read answer keys.
"""
