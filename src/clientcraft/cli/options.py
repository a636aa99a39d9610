"""Options and arguments shared by the ``clientcraft`` commands, each defined once."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import click

content_option = click.option(
    "--content", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Content folder (default: $CLIENTCRAFT_CONTENT, else the checkout's data/curriculum).")

log_url_option = click.option(
    "--url", default=None,
    help="SQLAlchemy URL of the response log (default: $CLIENTCRAFT_LOG_URL, $CLIENTCRAFT_LOG, else the per-user "
         "file).")

course_dir_argument = click.argument("directory", type=click.Path(file_okay=False, path_type=Path))

assignment_argument = click.argument("assignment")

assignment_option = click.option("--assignment", default=None,
                                 help="Analyse this assignment's items (default: the final).")

lenient_option = click.option("--lenient", is_flag=True, help="Leave out invalid rows (listed) instead of stopping.")


class DueDate(click.ParamType):
    """``ASSIGNMENT=YYYY-MM-DDTHH:MM`` (UTC, or with an offset) -> (assignment, naive UTC datetime)."""

    name = "ASSIGNMENT=WHEN"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        name, sep, when = str(value).partition("=")
        if not sep or not name:
            self.fail(f"{value!r}: use ASSIGNMENT=YYYY-MM-DDTHH:MM (UTC)", param, ctx)
        try:
            stamp = datetime.fromisoformat(when)
        except ValueError:
            self.fail(f"{when!r} is not an ISO date and time", param, ctx)
        if stamp.tzinfo is not None:
            stamp = stamp.astimezone(timezone.utc).replace(tzinfo=None)
        return name, stamp
