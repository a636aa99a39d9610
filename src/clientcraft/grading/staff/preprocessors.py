"""nbgrader preprocessors that make nbgrader's own autograde grade the clientcraft way (no kernel, no learner code).

``clientcraft course init`` writes them into the course's ``nbgrader_config.py``, so plain ``nbgrader autograde``
and the formgrader's autograde button never execute a learner's notebook either.
"""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

from .autograde import Batch
from .submissions import write_report


class RebuildFromSubmission(Preprocessor):
    """nbgrader's sanitize step replaced: the notebook nbgrader grades is rebuilt from the release and the
    submission's data, scored from the key. nbgrader's autograde step then keeps ``SaveAutoGrades``,
    ``AssignLatePenalties`` and ``CheckCellMetadata`` and has no ``Execute``."""

    enabled = Bool(True, help="Always on: this step replaces nbgrader's sanitising.").tag(config=True)

    def preprocess(self, nb, resources):
        from nbformat import from_dict

        from .course import Course

        info = resources["nbgrader"]
        course = Course(self.config.CourseDirectory.root)
        batch = Batch(course, info["assignment"])
        graded = batch.prepare(info["student"])
        write_report(course.report_path(info["assignment"]), [graded.intake.diagnosis])
        return from_dict(batch.notebook(graded.intake, graded.results)), resources
