"""``clientcraft handouts``: write the job aid, phrase bank, glossary and prevention kit as HTML or PDF."""

from __future__ import annotations

from pathlib import Path

import click

from .options import content_option


@click.command()
@content_option
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write the handouts into.")
@click.option("--pdf", "paper", type=click.Choice(["a4", "letter"]), default=None,
              help="Also write PDFs for this paper size (needs WeasyPrint and the Pango library).")
def handouts(content: Path | None, output: Path, paper: str | None) -> None:
    """Write the printable handouts (HTML; with --pdf also PDF) for printing or sending to learners."""
    from clientcraft.core.loader import load_curriculum
    from clientcraft.rendering.handouts import write_handouts, write_pdfs

    cur = load_curriculum(content)
    for path in write_handouts(cur, output):
        click.echo(f"wrote {path}")
    for path in write_pdfs(cur, output, paper) if paper else []:
        click.echo(f"wrote {path}")


COMMANDS = (handouts,)
