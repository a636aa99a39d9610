"""Screenshots of the app in every course language, for a person to look at (not a test; prints what it saved).

For each language: the lesson index, then the first lesson with a practice decision answered (the best option,
so the feedback shows), each at 390 px (a phone) and 1280 px (a laptop). The app runs from a temporary folder
with its own response log and browser identities.

Usage: .venv/bin/python tools/language_screenshots.py [--out shots/] [--languages en id nb tl de]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

CHROMIUM = os.environ.get("CLIENTCRAFT_CHROMIUM", "/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    from clientcraft.core.languages import LANGUAGES

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("shots"))
    ap.add_argument("--languages", nargs="+", default=list(LANGUAGES))
    a = ap.parse_args()

    from playwright.sync_api import sync_playwright

    from clientcraft.core.loader import load_curriculum
    from clientcraft.core.schema import text
    from clientcraft.core.translations import localize
    from clientcraft.rendering.strings import in_language
    from clientcraft.runtime.app import AppSettings, prepare, voila_command, voila_environment

    tmp = Path(tempfile.mkdtemp(prefix="cc-shots-"))
    env = dict(os.environ, CLIENTCRAFT_LOG=str(tmp / "responses.sqlite"), CLIENTCRAFT_CONFIG_DIR=str(tmp / "config"),
               XDG_CACHE_HOME=str(tmp / "cache"))
    cur = load_curriculum()
    folder = tmp / "app"
    prepare(cur, folder, settings=AppSettings(pool_size=1), languages=tuple(LANGUAGES))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    argv = voila_command(folder, port=port, open_browser=False)
    proc = subprocess.Popen(argv, cwd=folder, env=voila_environment(env), stdout=open(tmp / "voila.log", "w"),
                            stderr=subprocess.STDOUT)
    a.out.mkdir(parents=True, exist_ok=True)
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        lesson = cur.lessons_in_order()[1]
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for lang in a.languages:
                t = in_language(lang)
                shown = localize(cur, lang)
                prefix = "" if lang == "en" else f"{lang}/"
                ctx = browser.new_context(viewport={"width": 1280, "height": 900})
                ctx.set_default_timeout(180_000)
                page = ctx.new_page()
                page.goto(f"{base}/voila/render/{prefix}index.ipynb")
                field = page.get_by_label(t.IDENTITY_NAME).first
                field.wait_for()
                field.fill(f"Shots {lang}")
                page.get_by_role("button", name=t.IDENTITY_SAVE, exact=True).first.click()
                page.locator(".cc-learner").first.wait_for()
                for width in (390, 1280):
                    page.set_viewport_size({"width": width, "height": 900})
                    page.screenshot(path=str(a.out / f"index-{lang}-{width}.png"))
                page.goto(f"{base}/voila/render/{prefix}{lesson.order:02d}-{lesson.id}.ipynb")
                sc = shown.scenarios_for(lesson.id, "practice")[0]
                best = max(sc.steps[0].options, key=lambda o: o.credit)
                radio = page.get_by_role("radio", name=text(best.text, lang))
                radio.wait_for()
                radio.check()
                page.get_by_role("button", name=t.SCENARIO_SUBMIT).first.click()
                page.get_by_text(t.VERDICT_GOOD).first.wait_for()
                for width in (390, 1280):
                    page.set_viewport_size({"width": width, "height": 900})
                    page.evaluate("window.scrollTo(0, 0)")
                    page.screenshot(path=str(a.out / f"lesson-{lang}-{width}-top.png"))
                    page.locator(".cc-feedback").first.scroll_into_view_if_needed()
                    page.screenshot(path=str(a.out / f"lesson-{lang}-{width}-feedback.png"))
                print(f"{lang}: index and lesson {lesson.id!r} at 390 and 1280 px")
                ctx.close()
            browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
    print(f"saved in {a.out}/")


if __name__ == "__main__":
    sys.exit(main())
