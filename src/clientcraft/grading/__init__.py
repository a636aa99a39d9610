"""Graded assessments with nbgrader: answer capture, scoring, course set-up, safe feedback and per-item export."""
