"""Benchmark the learner widgets; prints figures, asserts nothing.

1. Kernel start to a lesson's widgets rendered: execute the built lesson notebook with nbclient (a fresh
   kernel each run) and time from kernel start until every widget cell has produced its widget view.
   With --browser, also time Voila from opening the page until every scenario widget is visible.
2. Submit to feedback: drive a scenario widget in-process (real SQLite response log) many times and time
   from the Submit click until the consequence is on screen.

Targets: 2 s and 50 ms. Usage: .venv/bin/python benchmarks/bench_widgets.py [--lesson ID] [--runs N]
[--submits N] [--browser]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGET_RENDER_S = 2.0
TARGET_SUBMIT_MS = 50.0
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def bench_render(cur, lesson_id: str, runs: int) -> None:
    from jupyter_client.manager import start_new_kernel
    from nbclient import NotebookClient

    from clientcraft.rendering.lessons import lesson_path, render_lessons

    lesson = cur.lessons[lesson_id]
    path = lesson_path(lesson.order, lesson.id)
    total, start, cells = [], [], []
    n_widgets = 0
    for _ in range(runs):
        nb = render_lessons(cur)[path]
        t0 = time.perf_counter()
        km, kc = start_new_kernel(kernel_name="python3")
        t1 = time.perf_counter()
        client = NotebookClient(nb, km=km, timeout=120)
        client.kc = kc
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                client.execute_cell(cell, i)
        t2 = time.perf_counter()
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        n_widgets = sum(1 for c in nb.cells if c.cell_type == "code"
                        for o in c.outputs if WIDGET_MIME in o.get("data", {}))
        total.append(t2 - t0)
        start.append(t1 - t0)
        cells.append(t2 - t1)
    print(f"lesson {lesson_id!r}: {n_widgets} widgets, {runs} runs")
    print(f"  kernel start          median {statistics.median(start):.2f} s")
    print(f"  widget cells executed median {statistics.median(cells):.2f} s")
    print(f"  kernel start to widgets rendered: median {statistics.median(total):.2f} s, "
          f"max {max(total):.2f} s (target {TARGET_RENDER_S:.0f} s) "
          f"{'OK' if statistics.median(total) <= TARGET_RENDER_S else 'OVER TARGET'}")


def bench_browser(cur, lesson_id: str, runs: int) -> None:
    import socket
    import subprocess
    import urllib.request

    from playwright.sync_api import sync_playwright

    from clientcraft.runtime.app import prepare, voila_command

    lesson = cur.lessons[lesson_id]
    n_sc = len(cur.scenarios_for(lesson_id, "practice"))
    tmp = Path(tempfile.mkdtemp(prefix="cc-bench-"))
    prepare(cur, tmp / "app")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(voila_command(tmp / "app", port=port, open_browser=False), cwd=tmp / "app",
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base, timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        times = []
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]
        with sync_playwright() as pw:
            ctx = pw.chromium.launch_persistent_context(str(tmp / "profile"), executable_path="/usr/bin/chromium",
                                                        args=args, headless=True)
            for _ in range(runs):
                page = ctx.new_page()
                t0 = time.perf_counter()
                page.goto(f"{base}/voila/render/{lesson.order:02d}-{lesson.id}.ipynb", timeout=120_000)
                page.wait_for_function(f"document.querySelectorAll('.cc-scenario').length >= {n_sc}",
                                       timeout=120_000)
                times.append(time.perf_counter() - t0)
                page.close()
            ctx.close()
        print(f"  Voila in Chromium, page open to {n_sc} scenario widgets visible: median "
              f"{statistics.median(times):.2f} s over {runs} runs")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def bench_submit(cur, submits: int) -> None:
    from clientcraft.core.settings import sqlite_url
    from clientcraft.runtime.responselog import ResponseLog
    from clientcraft.runtime.widgets import ScenarioWidget

    practice = [s for s in cur.scenarios.values() if s.mode == "practice"]
    sc = max(practice, key=lambda s: len(s.steps))
    log = ResponseLog(sqlite_url(Path(tempfile.mkdtemp(prefix="cc-bench-")) / "log.sqlite"))
    w = ScenarioWidget(sc, cur, log=log)
    times = []
    for i in range(submits):
        w.view.value = w.step.options[i % len(w.step.options)].id
        t0 = time.perf_counter()
        w.submit()
        assert w.view.feedback_html and "cc-feedback" in w.view.feedback_html
        times.append((time.perf_counter() - t0) * 1000)
        if w.finished or i % 3 == 2:
            w.restart() if w.finished else w.retry()
        elif "continue" in w.available_actions:
            w.proceed()
        else:
            w.retry()
    print(f"submit to feedback ({sc.id!r}, {len(sc.steps)} steps, {submits} submits, {log.count()} events logged):")
    print(f"  median {statistics.median(times):.1f} ms, p95 {pct(times, 0.95):.1f} ms, max {max(times):.1f} ms "
          f"(target {TARGET_SUBMIT_MS:.0f} ms) {'OK' if pct(times, 0.95) <= TARGET_SUBMIT_MS else 'OVER TARGET'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lesson", default=None, help="lesson id (default: the one with the most practice scenarios)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--submits", type=int, default=300)
    ap.add_argument("--browser", action="store_true", help="also time Voila in headless Chromium")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="cc-bench-"))
    os.environ["CLIENTCRAFT_LOG"] = str(tmp / "responses.sqlite")  # never the real learner log
    os.environ["CLIENTCRAFT_CONFIG_DIR"] = str(tmp / "config")
    os.environ.setdefault("CLIENTCRAFT_LEARNER", "benchmark")
    os.environ.pop("CLIENTCRAFT_LOG_URL", None)
    from clientcraft.core.loader import load_curriculum

    cur = load_curriculum()
    lesson_id = a.lesson or max(cur.lessons, key=lambda lid: len(cur.scenarios_for(lid, "practice")))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    bench_render(cur, lesson_id, a.runs)
    if a.browser:
        bench_browser(cur, lesson_id, a.runs)
    bench_submit(cur, a.submits)


if __name__ == "__main__":
    main()
