"""The ``clientcraft`` command: a thin layer over the package's plain functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from clientcraft import __version__

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
    from clientcraft.core.check import check_curriculum
    from clientcraft.core.errors import ContentError
    from clientcraft.core.loader import load_curriculum

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
    from clientcraft.core.schema import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}")
    else:
        click.echo(text, nl=False)


@main.command()
@content_option
@click.option("--check", "check_only", is_flag=True, help="Do not write; exit 1 if committed files drift.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Project root to write into (default: this checkout).")
def build(content: Path | None, check_only: bool, root: Path | None) -> None:
    """Render notebooks/, exercises/ and solutions/ from the content."""
    from clientcraft.rendering.build import build as run_build, drift
    from clientcraft.core.errors import ClientcraftError, ContentError
    from clientcraft.core.loader import load_curriculum

    try:
        cur = load_curriculum(content)
        if check_only:
            drifted = drift(cur, root)
            if drifted:
                for d in drifted:
                    click.echo(f"drift: {d}", err=True)
                click.echo(f"{len(drifted)} generated file(s) differ from the content; run 'clientcraft build'",
                           err=True)
                sys.exit(1)
            click.echo("ok: generated files match the content")
            return
        report = run_build(cur, root)
    except ContentError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    except ClientcraftError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    for rel in report.written:
        click.echo(f"wrote   {rel}")
    for rel in report.removed:
        click.echo(f"removed {rel}")
    click.echo(f"{len(report.written)} written, {len(report.unchanged)} unchanged, {len(report.removed)} removed")


@main.command()
@content_option
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the matrix as CSV.")
def coverage(content: Path | None, csv_path: Path | None) -> None:
    """Print the recommendation x lesson x scenario matrix and the curriculum totals."""
    from clientcraft.core.coverage import coverage as compute, format_coverage
    from clientcraft.core.errors import ContentError
    from clientcraft.core.loader import load_curriculum

    try:
        cur = load_curriculum(content, strict=False)
    except ContentError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    cov = compute(cur)
    click.echo(format_coverage(cov), nl=False)
    if csv_path:
        cov.matrix.to_csv(csv_path)
        click.echo(f"wrote {csv_path}")


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--seeds", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of the source documents (default: ../shared/seeds beside the checkout).")
def originality(files: tuple[Path, ...], seeds: Path | None) -> None:
    """Report runs of 8+ consecutive words that FILES (default: all content) share with the sources."""
    from clientcraft.core.originality import RUN_LENGTH, copied_runs, source_ngrams
    from clientcraft.core.settings import content_dir, repo_root

    if seeds is None:
        root = repo_root()
        seeds = (root.parent / "shared" / "seeds") if root else Path("shared/seeds")
    seed_files = sorted(seeds.glob("*.txt")) if seeds.is_dir() else []
    if not seed_files:
        click.echo(f"error: no source documents (*.txt) in {seeds}; pass --seeds", err=True)
        sys.exit(2)
    grams = source_ngrams(seed_files)
    targets = list(files) or sorted(content_dir().rglob("*.yaml"))
    hits = [h for f in targets for h in copied_runs(str(f), f.read_text(encoding="utf-8"), grams)]
    for h in hits:
        click.echo(str(h))
    click.echo(f"{len(targets)} file(s) checked against {len(seed_files)} source(s): "
               + ("no copied runs" if not hits else f"{len(hits)} copied run(s) of {RUN_LENGTH}+ words"))
    sys.exit(1 if hits else 0)


# Command groups of the other areas register below, one line each.
from .analytics import COMMANDS as ANALYTICS_COMMANDS  # noqa: E402
from .course import course as course_group  # noqa: E402
from .learner import COMMANDS as LEARNER_COMMANDS  # noqa: E402
from .hub import hub as hub_group  # noqa: E402

for _command in (course_group, *ANALYTICS_COMMANDS, *LEARNER_COMMANDS, hub_group):
    main.add_command(_command)

if __name__ == "__main__":  # pragma: no cover
    main()
