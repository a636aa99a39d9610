"""What runs inside a learner's kernel: the one facade that generated assessment notebooks import.

``AssessmentForm`` shows each item and saves every click to the answers file; ``check_answered`` is the visible
check of an item; ``use_in_memory`` answers the instructor's source version; ``grade_item`` is what a hidden
test runs at autograde. Nothing here reads an answer key from disk or knows the course folder: that is
:mod:`clientcraft.grading.staff`.
"""

from __future__ import annotations

from .answers import use_in_memory
from .capture import AssessmentForm, check_answered
from .hidden import grade_item

__all__ = ["AssessmentForm", "check_answered", "use_in_memory", "grade_item"]
