"""A lesson's kernel stays light: showing the widgets loads neither pandas nor the analytics."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def test_lesson_widgets_load_no_pandas(tmp_path):
    code = (
        "import json, sys\n"
        "from clientcraft.core.loader import default_curriculum\n"
        "from clientcraft.runtime.widgets import learner, progress, reflection, scenario\n"
        "cur = default_curriculum()\n"
        "lesson = cur.lessons_in_order()[1]\n"
        "scenario(cur.scenarios_for(lesson.id, 'practice')[0].id); reflection(lesson.id); progress(lesson.id)\n"
        "learner()\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'pandas'\n"
        "                        or m.startswith(('clientcraft.analytics', 'clientcraft.grading')))))\n"
    )
    env = os.environ | {"CLIENTCRAFT_LOG": str(tmp_path / "log.sqlite"), "CLIENTCRAFT_LEARNER": "light"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
