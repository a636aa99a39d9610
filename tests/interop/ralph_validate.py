"""Validate xAPI statements (JSON lines on standard input) with ralph's statement model.

Run with the Python of ralph's own virtualenv (``.venv-ralph``); prints one JSON object: how many statements
were checked and, for each invalid one, its line number and ralph's first error.
"""

import json
import sys

from pydantic import ValidationError
from ralph.models.xapi.base.statements import BaseXapiStatement

checked, invalid = 0, []
for number, line in enumerate(sys.stdin, start=1):
    if not line.strip():
        continue
    checked += 1
    try:
        BaseXapiStatement.model_validate(json.loads(line))
    except (ValidationError, ValueError) as exc:
        invalid.append({"line": number, "error": str(exc).splitlines()[0:3]})
print(json.dumps({"checked": checked, "invalid": invalid}))
