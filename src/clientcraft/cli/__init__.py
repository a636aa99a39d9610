"""The ``clientcraft`` command: a thin layer over the library, with one error boundary.

Each area keeps its commands in one module (:mod:`.content`, :mod:`.learner`, :mod:`.course`,
:mod:`.analytics`, :mod:`.interop`, :mod:`.handouts`, :mod:`.hub`); shared options live in :mod:`.options`. A command calls library functions and prints their
results; any :class:`~clientcraft.core.errors.ClientcraftError` it lets through becomes one clean message on
standard error and exit status 1 (:class:`ClientcraftGroup`).
"""

from __future__ import annotations

import click

from clientcraft import __version__
from clientcraft.core.errors import ClientcraftError, ContentError

from . import analytics, content, course, handouts, hub, interop, learner


def report_error(exc: ClientcraftError) -> None:
    """Print a project error for the terminal: each content problem on its own line, else the message."""
    if isinstance(exc, ContentError):
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        click.echo(f"{len(exc.problems)} error(s)", err=True)
    else:
        click.echo(f"error: {exc}", err=True)


class ClientcraftGroup(click.Group):
    """A click group that turns any project error raised by its commands into a clean message and exit 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ClientcraftError as exc:
            report_error(exc)
            ctx.exit(1)


@click.group(cls=ClientcraftGroup)
@click.version_option(__version__, prog_name="clientcraft")
def main() -> None:
    """clientcraft: lessons, scenarios, graded assessments and cohort analytics for handling difficult clients."""


for _command in (*content.COMMANDS, *learner.COMMANDS, course.course, *analytics.COMMANDS, *interop.COMMANDS,
                 *handouts.COMMANDS, hub.hub):
    main.add_command(_command)


if __name__ == "__main__":  # pragma: no cover
    main()
