"""The content commands: ``check``, ``build``, ``coverage``, ``schema`` and ``originality``."""

from __future__ import annotations

from pathlib import Path

import click

from .options import content_option


@click.command()
@content_option
@click.option("--warnings/--no-warnings", default=True, help="Also list warnings.")
@click.pass_context
def check(ctx: click.Context, content: Path | None, warnings: bool) -> None:
    """Validate all content; exit 1 when there are errors."""
    from clientcraft.core.check import check_curriculum
    from clientcraft.core.loader import load_curriculum

    cur = load_curriculum(content, strict=False)
    problems = check_curriculum(cur)
    errors = [p for p in problems if p.severity == "error"]
    for p in problems:
        if p.severity == "error" or warnings:
            click.echo(f"{p.severity}: {p}", err=True)
    summary = ", ".join(f"{v} {k}" for k, v in cur.counts().items())
    from clientcraft.core.translations import coverage_by_language

    for status in coverage_by_language(cur):
        click.echo(f"translation {status}")
    if errors:
        click.echo(f"{len(errors)} error(s), {len(problems) - len(errors)} warning(s) in {cur.root} ({summary})",
                   err=True)
        ctx.exit(1)
    click.echo(f"ok: {summary}; {len(problems)} warning(s)")


@click.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the JSON Schema here instead of standard output.")
def schema(output: Path | None) -> None:
    """Print (or write) the JSON Schema of content files."""
    from clientcraft.core.schema import json_schema_text

    if output:
        output.write_text(json_schema_text(), encoding="utf-8")
        click.echo(f"wrote {output}")
    else:
        click.echo(json_schema_text(), nl=False)


@click.command()
@content_option
@click.option("--check", "check_only", is_flag=True, help="Do not write; exit 1 if committed files drift.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Project root to write into (default: this checkout).")
@click.option("--lang", "lang", default=None,
              help="Instead: write every assignment in this language (id, nb, tl, de) as nbgrader assignment "
                   "<id>-<lang> (exercises/ and its key file in solutions/); scores use the same option ids.")
def build(content: Path | None, check_only: bool, root: Path | None, lang: str | None) -> None:
    """Render notebooks/, instructor/workshop.ipynb, exercises/ and solutions/ from the content, and update and
    compile the translation catalogs."""
    from clientcraft.core.loader import load_curriculum
    from clientcraft.rendering.build import build as run_build
    from clientcraft.rendering.build import check_build

    cur = load_curriculum(content)
    if lang:
        from clientcraft.core.atomic import write_text_atomic
        from clientcraft.core.languages import normalize_language
        from clientcraft.rendering.assignments import render_language_assignments
        from clientcraft.rendering.build import project_root
        from clientcraft.rendering.cells import dumps

        code = normalize_language(lang, "--lang")
        base = project_root(root)
        for rel, item in sorted(render_language_assignments(cur, code).items()):
            write_text_atomic(base / rel, dumps(item))
            click.echo(f"wrote   {rel}")
        return
    if check_only:
        check_build(cur, root)
        click.echo("ok: generated files match the content")
        return
    report = run_build(cur, root)
    for rel in report.written:
        click.echo(f"wrote   {rel}")
    for rel in report.removed:
        click.echo(f"removed {rel}")
    click.echo(f"{len(report.written)} written, {len(report.unchanged)} unchanged, {len(report.removed)} removed")


@click.command()
@content_option
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the matrix as CSV.")
def coverage(content: Path | None, csv_path: Path | None) -> None:
    """Print the recommendation x lesson x scenario matrix, the curriculum totals, the answer-key audit and the
    most alike scenario pairs."""
    from clientcraft.core.coverage import coverage as compute
    from clientcraft.core.coverage import format_coverage
    from clientcraft.core.loader import load_curriculum

    from clientcraft.core.audit import audit, format_audit
    from clientcraft.core.similarity import format_similar
    from clientcraft.core.toolkit import format_toolkit_counts

    cur = load_curriculum(content, strict=False)
    cov = compute(cur)
    click.echo(format_coverage(cov), nl=False)
    english = audit(cur)
    click.echo("\n" + format_audit(english) + "\n" + format_similar(cur), nl=False)
    click.echo(format_toolkit_counts(cur), nl=False)
    from clientcraft.core.audit import format_language_audit
    from clientcraft.core.languages import LANGUAGES
    from clientcraft.core.translations import coverage_by_language, format_language_coverage, localize

    click.echo("\n" + format_language_coverage(coverage_by_language(cur)), nl=False)
    click.echo("\n" + format_language_audit({lang: english if lang == "en" else audit(localize(cur, lang), lang)
                                             for lang in LANGUAGES}), nl=False)
    if csv_path:
        cov.matrix.to_csv(csv_path)
        click.echo(f"wrote {csv_path}")


@click.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--seeds", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of the source documents (default: ../shared/seeds beside the checkout).")
@click.pass_context
def originality(ctx: click.Context, files: tuple[Path, ...], seeds: Path | None) -> None:
    """Report text in FILES (default: all content) copied from the sources: runs of 8+ words of an article,
    and, against the English renderings in SEEDS/en, runs of 6+ words and closely translated sentences."""
    from clientcraft.core.loader import iter_content_files
    from clientcraft.core.originality import RUN_LENGTH, scan
    from clientcraft.core.renderings import scan_renderings
    from clientcraft.core.settings import content_dir, seeds_dir

    seeds = seeds or seeds_dir()
    result = scan(files or list(iter_content_files(content_dir())), seeds)
    for hit in result.hits:
        click.echo(str(hit))
    click.echo(f"{len(result.files)} file(s) checked against {len(result.sources)} source(s): "
               + (f"{len(result.hits)} copied run(s) of {RUN_LENGTH}+ words" if result.hits else "no copied runs"))
    close: tuple = ()
    if (seeds / "en").is_dir():
        rendered = scan_renderings(seeds / "en", files)
        close = rendered.findings
        for finding in close:
            click.echo(str(finding))
        click.echo(f"{rendered.texts} text(s) checked against {rendered.renderings} English rendering(s): "
                   + (f"{len(close)} finding(s)" if close else "nothing copied or closely translated"))
    else:
        click.echo(f"note: no English renderings in {seeds / 'en'}; the cross-language check was skipped")
    ctx.exit(1 if result.hits or close else 0)


COMMANDS = (check, schema, build, coverage, originality)
"""The commands registered on the ``clientcraft`` group."""
