"""``clientcraft handouts``: write the job aid, phrase bank, glossary and prevention kit as HTML or PDF."""

from __future__ import annotations

import sys
from pathlib import Path

import click

content_option = click.option(
    "--content", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Content folder (default: $CLIENTCRAFT_CONTENT, else the checkout's data/curriculum).",
)


@click.command()
@content_option
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write the handouts into.")
@click.option("--pdf", "paper", type=click.Choice(["a4", "letter"]), default=None,
              help="Also write PDFs for this paper size (needs WeasyPrint and the Pango library).")
def handouts(content: Path | None, output: Path, paper: str | None) -> None:
    """Write the printable handouts (HTML; with --pdf also PDF) for printing or sending to learners."""
    from clientcraft.core.errors import ClientcraftError
    from clientcraft.core.loader import load_curriculum
    from clientcraft.rendering.handouts import render_handouts, write_pdfs

    try:
        cur = load_curriculum(content)
        pages = render_handouts(cur)
        if not pages:
            raise ClientcraftError("the content has no job aid, so there are no handouts to write")
        output.mkdir(parents=True, exist_ok=True)
        for rel, page in pages.items():
            (output / Path(rel).name).write_text(page, encoding="utf-8")
            click.echo(f"wrote {output / Path(rel).name}")
        for path in write_pdfs(cur, output, paper) if paper else []:
            click.echo(f"wrote {path}")
    except (ClientcraftError, OSError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)


COMMANDS = (handouts,)
