"""The facade generated assessment notebooks import: what it offers, and that it stays small in the kernel."""

from __future__ import annotations

import json
import subprocess
import sys


def test_the_facade_offers_what_the_notebooks_call_and_loads_no_staff_code_or_content_model():
    code = (
        "import json, sys\n"
        "import clientcraft.grading.kernel as k\n"
        "print(json.dumps({'names': sorted(k.__all__), 'loaded': sorted(m for m in sys.modules\n"
        "    if m.startswith(('clientcraft.grading.staff', 'clientcraft.core.schema', 'clientcraft.runtime',\n"
        "                     'clientcraft.analytics', 'nbgrader', 'mistune')))}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    out = json.loads(result.stdout)
    assert out["names"] == ["AssessmentForm", "check_answered", "grade_item", "use_in_memory"]
    assert out["loaded"] == []
