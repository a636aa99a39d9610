"""The ``clientcraft`` command: a thin layer over the package's plain functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__

content_option = click.option(
    "--content", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Content folder (default: $CLIENTCRAFT_CONTENT, else the checkout's data/curriculum).",
)


@click.group()
@click.version_option(__version__, prog_name="clientcraft")
def main() -> None:
    """clientcraft: lessons, scenarios, graded assessments and cohort analytics for handling difficult clients."""


@main.command()
@content_option
@click.option("--warnings/--no-warnings", default=True, help="Also list warnings.")
def check(content: Path | None, warnings: bool) -> None:
    """Validate all content; exit 1 when there are errors."""
    from .check import check_curriculum
    from .exceptions import ContentError
    from .loader import load_curriculum

    try:
        cur = load_curriculum(content, strict=False)
    except ContentError as exc:
        for p in exc.problems:
            click.echo(f"error: {p}", err=True)
        click.echo(f"{len(exc.problems)} error(s)", err=True)
        sys.exit(1)
    problems = check_curriculum(cur)
    errors = [p for p in problems if p.severity == "error"]
    for p in problems:
        if p.severity == "error" or warnings:
            click.echo(f"{p.severity}: {p}", err=True)
    n = {k: len(getattr(cur, k)) for k in ("sources", "lessons", "recommendations", "tensions",
                                           "misconceptions", "scenarios", "prompts", "assignments")}
    summary = ", ".join(f"{v} {k}" for k, v in n.items())
    if errors:
        click.echo(f"{len(errors)} error(s), {len(problems) - len(errors)} warning(s) in {cur.root} ({summary})",
                   err=True)
        sys.exit(1)
    click.echo(f"ok: {summary}; {len(problems)} warning(s)")


@main.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the JSON Schema here instead of standard output.")
def schema(output: Path | None) -> None:
    """Print (or write) the JSON Schema of content files."""
    from .schema import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}")
    else:
        click.echo(text, nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
