"""Benchmark app mode (Voila) in headless Chromium; prints figures, asserts nothing.

1. Cold start: from running ``clientcraft app`` (what ``./run app`` runs once set up) until the first lesson's
   first option can be clicked in a fresh browser.
2. Lesson open to clickable on a running server (pools filled): open each lesson in a new page and time until
   its first option can be clicked. Target: 2 s. Timed in two browsers, one open after the other:
   - a learner's own browser: an ordinary profile that has opened the app's root page once. Like any normal window
     it keeps Voila's scripts in its disk cache and V8's compiled-code cache;
   - a private window: Chromium keeps no compiled code for private windows, so every open parses and compiles
     Voila's 3 MB of scripts again. This is the worst case, for example a shared computer in a training room.
3. Memory (Voila and all its kernels, PSS where the system reports it): at rest, after N page views in one tab
   (each page shuts its kernel down when left), after N views whose pages never send that request (a phone
   losing its network), and once the idle timeout has reclaimed those kernels.
4. A room opening one lesson at once (an instructor says "open lesson 1 now"): ``--room`` requests for the same
   lesson page at the same moment, timed until each page has arrived in full. This is the server's share only: each
   learner's own device then needs about a second more to start the page (item 2). The first ``--pool-size``
   learners get a pre-started kernel; every other one waits for the lesson to run in a new kernel, and those runs
   share the server's cores.

Usage: .venv/bin/python benchmarks/bench_app.py [--views 20] [--repeats 2] [--idle-timeout 20] [--pool-size 1]
                                                 [--room 10]
The response log and browser identities go to a temporary folder, never the real learner's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

TARGET_OPEN_S = 2.0
CHROMIUM = os.environ.get("CLIENTCRAFT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CLICKABLE = ".cc-scenario [role=radio]:not([aria-disabled=true]), .cc-scenario input[type=radio]:not([disabled])"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def memory_mb(proc: psutil.Process) -> tuple[float, int]:
    """Memory of a process and its children in MB (PSS if available, else RSS), and the number of kernels."""
    total, kernels = 0.0, 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            info = p.memory_full_info()
            total += getattr(info, "pss", info.rss)
            if "ipykernel_launcher" in " ".join(p.cmdline()):
                kernels += 1
        except psutil.Error:
            continue
    return total / 2**20, kernels


def wait_for_server(base: str, proc: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"clientcraft app exited with {proc.returncode}")
        try:
            urllib.request.urlopen(base + "/", timeout=2).close()  # no kernel: a notebook request would take one
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("clientcraft app did not answer in time")


def lesson_urls(base: str) -> list[str]:
    from clientcraft.core.loader import load_curriculum
    from clientcraft.rendering.lessons import lesson_path

    cur = load_curriculum()
    return [f"{base}/voila/render/{lesson_path(ls.order, ls.id).split('/', 1)[1]}"
            for ls in cur.lessons_in_order() if cur.scenarios_for(ls.id, "practice")]


def pooled_notebooks() -> int:
    """How many of the app's notebooks keep pre-started kernels (all but those on Voila's preheat denylist)."""
    from clientcraft.core.loader import load_curriculum
    from clientcraft.rendering.lessons import render_app_notebooks
    from clientcraft.runtime.app import voila_config

    denied = voila_config()["VoilaKernelManager"]["preheat_denylist"]
    return sum(1 for name in render_app_notebooks(load_curriculum()) if name not in denied)


def open_until_clickable(page, url: str, timeout_ms: int = 180_000) -> float:
    t0 = time.perf_counter()
    page.goto(url, timeout=timeout_ms)
    page.locator(CLICKABLE).first.wait_for(state="visible", timeout=timeout_ms)
    return time.perf_counter() - t0


def room_opens(url: str, learners: int) -> list[float]:
    """Seconds until each of ``learners`` requests for ``url``, sent at the same moment, has its page in full."""
    def fetch(_):
        t0 = time.perf_counter()
        with urllib.request.urlopen(url, timeout=600) as response:
            response.read()
        return time.perf_counter() - t0

    with ThreadPoolExecutor(learners) as pool:
        return list(pool.map(fetch, range(learners)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--views", type=int, default=20, help="page views before the memory reading")
    ap.add_argument("--repeats", type=int, default=2, help="opens of each lesson on the running server")
    ap.add_argument("--idle-timeout", type=int, default=20, help="the app's idle timeout for this run (s)")
    ap.add_argument("--pool-size", type=int, default=1)
    ap.add_argument("--room", type=int, default=10, help="learners opening one lesson at the same moment")
    a = ap.parse_args()

    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="cc-bench-app-"))
    env = dict(os.environ, CLIENTCRAFT_LOG=str(tmp / "responses.sqlite"), CLIENTCRAFT_CONFIG_DIR=str(tmp / "config"),
               XDG_CACHE_HOME=str(tmp / "cache"))
    for name in ("CLIENTCRAFT_LEARNER", "CLIENTCRAFT_LOG_URL", "JUPYTERHUB_USER"):
        env.pop(name, None)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    exe = Path(sys.executable).with_name("clientcraft")
    argv = [str(exe), "app", "--no-browser", f"--port={port}", f"--pool-size={a.pool_size}",
            f"--idle-timeout={a.idle_timeout}"]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; {' '.join(argv[1:])}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdout=open(tmp / "app.log", "w"), stderr=subprocess.STDOUT)
        app = psutil.Process(proc.pid)
        try:
            urls = lesson_urls(base)
            wait_for_server(base, proc)
            up = time.perf_counter() - t0
            ctx = browser.new_context(viewport={"width": 1280, "height": 800})
            page = ctx.new_page()
            open_until_clickable(page, urls[0])
            cold = time.perf_counter() - t0
            print(f"1. cold start to first clickable option: {cold:.1f} s (server answering after {up:.1f} s)")
            ctx.close()

            refill_s = max(5.0, 3.0 * a.pool_size * len(urls))  # time for every pool to fill again
            time.sleep(refill_s)
            rest, kernels = memory_mb(app)
            own = pw.chromium.launch_persistent_context(
                str(tmp / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
                viewport={"width": 1280, "height": 800})
            page = own.new_page()
            page.goto(base + "/")  # the learner arrives at the root page, which leads to the lesson index
            page.wait_for_load_state("load")
            page.close()
            private = browser.new_context(viewport={"width": 1280, "height": 800})
            times: dict[str, list[float]] = {"a learner's own browser": [], "a private window": []}
            # the two browsers take turns, half the lesson list apart: a lesson is opened again only after its
            # pool has had time to refill (a second open within the refill delay runs the lesson afresh)
            half = len(urls) // 2
            for _ in range(a.repeats):
                for i in range(len(urls)):
                    for (name, ctx), url in zip(zip(times, (own, private)), (urls[i], urls[(i + half) % len(urls)])):
                        page = ctx.new_page()
                        times[name].append(open_until_clickable(page, url))
                        page.close()
                        time.sleep(1.5)  # a learner reads before opening the next lesson
            own.close()
            private.close()
            print("2. lesson open to first clickable option, running server "
                  f"(target {TARGET_OPEN_S:.0f} s, {a.repeats} opens of each of {len(urls)} lessons):")
            for name, got in times.items():
                med = statistics.median(got)
                print(f"   in {name}: median {med:.2f} s, max {max(got):.2f} s, first open {got[0]:.2f} s "
                      f"{'OK' if med <= TARGET_OPEN_S else 'OVER TARGET'}")

            pooled = a.pool_size * pooled_notebooks()  # every notebook with code keeps a pool
            print(f"3. memory at rest (pools filled): {rest:.0f} MB, {kernels} kernels ({pooled} pooled)")
            ctx = browser.new_context(viewport={"width": 1280, "height": 800})
            page = ctx.new_page()
            for i in range(a.views):
                open_until_clickable(page, urls[i % len(urls)])
            page.close(run_before_unload=True)
            time.sleep(5)
            viewed, kernels_viewed = memory_mb(app)
            ctx.close()
            print(f"   after {a.views} page views in one tab (each page shuts its kernel when left): "
                  f"{viewed:.0f} MB, {kernels_viewed} kernels")
            # pages that vanish without a word (a phone losing its network): only the idle timeout reclaims them
            ctx = browser.new_context(viewport={"width": 1280, "height": 800})
            ctx.route("**/voila/api/shutdown/**", lambda route: route.abort())
            for i in range(a.views):
                page = ctx.new_page()
                open_until_clickable(page, urls[i % len(urls)])
            lost, kernels_lost = memory_mb(app)
            ctx.close()
            print(f"   after {a.views} more page views whose pages never say goodbye: {lost:.0f} MB, "
                  f"{kernels_lost} kernels")
            t_idle = time.monotonic()
            deadline = t_idle + a.idle_timeout + 150
            after, kernels_after = lost, kernels_lost
            while time.monotonic() < deadline and kernels_after > pooled:
                time.sleep(2)
                after, kernels_after = memory_mb(app)
            print(f"   after the idle timeout ({a.idle_timeout} s; reclaimed {time.monotonic() - t_idle:.0f} s after "
                  f"the pages went away): {after:.0f} MB, {kernels_after} kernels")

            time.sleep(refill_s)  # the pools are full again
            waits = sorted(room_opens(urls[1], a.room))
            print(f"4. {a.room} learners open one lesson at the same moment (pool size {a.pool_size}), until the "
                  f"page has arrived: median {statistics.median(waits):.1f} s, max {max(waits):.1f} s; "
                  f"{sum(w < 1.0 for w in waits)} within 1 s")
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
            browser.close()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
