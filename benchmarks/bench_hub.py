"""Benchmark: a cohort answering at once on a real course hub; prints figures, asserts nothing.

Starts the same course hub as the end-to-end test (tests/hub/harness.py: ``clientcraft hub init``, JupyterHub
with configurable-http-proxy, one system account and server per learner, a throwaway PostgreSQL log), opens the
lesson in every learner's server and runs all its cells, then for a bounded time every learner answers the
lesson's first scenario again and again through their own kernel (Submit, then Try another answer, with a
random think time), while the instructor's workshop view refreshes. Prints:

- events recorded exactly once: every event id a widget reported saved is in the log once, and nothing else is;
- click-to-feedback latency (from sending the Submit click to the kernel until the widget's feedback is back,
  through the proxy, the learner's server, the kernel and the database): median, p95, max;
- the workshop view's refresh time (instructor's kernel, whole cohort's events);
- memory per learner server (single-user server plus its lesson kernel: RSS and PSS, from /proc);
- the largest cohort a 24 GiB machine holds with that footprint.

Needs root (system accounts), Node's configurable-http-proxy (./run test installs it) and PostgreSQL.
Usage: .venv/bin/python benchmarks/bench_hub.py [--learners 30] [--seconds 180] [--think 2 6]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "hub"))

GIB = 1024 ** 3
MACHINE_GIB = 24
LESSON = "01-two-kinds-of-difficult.ipynb"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def tree_memory(pid: int) -> tuple[int, int, int, int]:
    """RSS and PSS (bytes) of a process and its descendants, the PSS of the process alone, and the count."""
    import psutil

    proc = psutil.Process(pid)
    procs = [proc, *proc.children(recursive=True)]
    rss = pss = own = 0
    for p in procs:
        try:
            info = p.memory_full_info()
        except psutil.Error:
            continue
        rss += info.rss
        pss += info.pss
        if p.pid == pid:
            own = info.pss
    return rss, pss, own, len(procs)


def open_lesson(run, name: str):
    """The learner's server, a kernel with the lesson run, and the execution count of its first scenario."""
    server = run.server(name)
    kernel = server.open(f"lessons/{LESSON}")
    results = server.run_all(f"lessons/{LESSON}", kernel)
    cells = [c for c in server.notebook(f"lessons/{LESSON}")["cells"] if c["cell_type"] == "code"]
    count = next(r["count"] for c, r in zip(cells, results) if "\nscenario(" in c["source"])
    kernel.execute(f"import json\nw = Out[{count}]")
    return server, kernel


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--learners", type=int, default=30)
    ap.add_argument("--seconds", type=float, default=180.0, help="length of the answering phase")
    ap.add_argument("--think", type=float, nargs=2, default=(2.0, 6.0), help="think time between answers (s)")
    ap.add_argument("--refresh", type=float, default=5.0, help="workshop view refresh interval (s)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    from harness import CourseHubRun

    from clientcraft.core.loader import load_curriculum

    cur = load_curriculum()
    lesson = cur.lessons_in_order()[1]
    sc = cur.scenarios_for(lesson.id, "practice")[0]
    options = [o.id for o in sc.steps[0].options]
    rng = random.Random(args.seed)

    t0 = time.perf_counter()
    with CourseHubRun(args.learners, assignments=["baseline"], max_connections=max(100, 4 * args.learners + 20)) as run:
        t_hub = time.perf_counter() - t0
        t1 = time.perf_counter()
        run.spawn([run.instructor, *run.learners])
        t_spawn = time.perf_counter() - t1
        print(f"hub folder and hub started in {t_hub:.0f} s; {args.learners + 1} servers started in {t_spawn:.0f} s")

        t2 = time.perf_counter()
        with ThreadPoolExecutor(max_workers=4) as pool:
            opened = dict(zip(run.learners, pool.map(lambda n: open_lesson(run, n), run.learners)))
        print(f"lesson opened and run in every learner's server in {time.perf_counter() - t2:.0f} s")

        teacher = run.server(run.instructor)
        tk = teacher.open("workshop.ipynb")
        results = teacher.run_all("workshop.ipynb", tk)
        cells = [c for c in teacher.notebook("workshop.ipynb")["cells"] if c["cell_type"] == "code"]
        count = next(r["count"] for c, r in zip(cells, results) if "workshop_view()" in c["source"])
        tk.execute(f"import json, time\nv = Out[{count}]\nv.scenario_picker.value = {sc.id!r}\n"
                   f"v.step_picker.value = {sc.steps[0].id!r}")

        latencies: list[float] = []
        saved: dict[str, list[str]] = {n: [] for n in run.learners}
        failures: list[str] = []
        refreshes: list[float] = []
        stop_at = time.monotonic() + args.seconds
        lock = threading.Lock()

        def learner(name: str) -> None:
            _server, kernel = opened[name]
            local = random.Random(f"{args.seed}-{name}")
            time.sleep(local.uniform(0, args.think[1]))
            while time.monotonic() < stop_at:
                option = local.choice(options)
                code = (f"w.retry()\nw.view.value = {option!r}\nw.submit()\n"
                        "print(json.dumps([w.events[-1].event_id if w.events else None, len(w.events), "
                        "'cc-feedback' in w.view.feedback_html]))")
                start = time.perf_counter()
                try:
                    before = len(saved[name])
                    event_id, n_events, has_feedback = kernel.value(code, timeout=120)
                    took = time.perf_counter() - start
                    with lock:
                        if n_events == before + 1 and has_feedback:
                            saved[name].append(event_id)
                            latencies.append(took)
                        else:
                            failures.append(f"{name}: no new event or no feedback ({n_events}, {has_feedback})")
                except Exception as exc:  # noqa: BLE001 - counted and reported, the run goes on
                    with lock:
                        failures.append(f"{name}: {type(exc).__name__}: {str(exc)[:200]}")
                time.sleep(local.uniform(*args.think))

        def workshop() -> None:
            while time.monotonic() < stop_at:
                took = tk.value("t = time.perf_counter(); v.refresh(); print(json.dumps(time.perf_counter() - t))")
                refreshes.append(took)
                time.sleep(args.refresh)

        t3 = time.perf_counter()
        threads = [threading.Thread(target=learner, args=(n,)) for n in run.learners]
        threads.append(threading.Thread(target=workshop))
        for t in threads:
            t.start()
        mem_samples = []
        time.sleep(min(args.seconds / 2, 60))
        pids = run.server_pids()
        for name in run.learners:
            if name in pids:
                mem_samples.append(tree_memory(pids[name]))
        for t in threads:
            t.join()
        phase = time.perf_counter() - t3

        with run.cluster.connect(run.settings.database) as conn:
            stored = conn.execute("SELECT event_id, learner_id FROM events WHERE scenario = %s", (sc.id,)).fetchall()
            conn.execute("VACUUM ANALYZE events")
            n_rows, table_bytes = conn.execute(
                "SELECT count(*), pg_total_relation_size('events') FROM events").fetchone()
        reported = [e for ids in saved.values() for e in ids]
        stored_ids = [e for e, _ in stored]
        exactly_once = (len(stored_ids) == len(set(stored_ids)) == len(reported) and set(stored_ids) == set(reported)
                        and all(lid in saved and eid in saved[lid] for eid, lid in stored))
        final = tk.value("t = time.perf_counter(); v.refresh(); "
                         "print(json.dumps([time.perf_counter() - t, len(v.chosen), len(v.missing)]))")
        tk.close()

        print(f"\nanswering phase: {args.learners} learners for {phase:.0f} s, think time "
              f"{args.think[0]:g}-{args.think[1]:g} s")
        print(f"answers saved: {len(reported)} ({len(reported) / phase:.1f}/s); failed clicks: {len(failures)}")
        for f in failures[:5]:
            print(f"  {f}")
        print(f"events recorded exactly once: {'yes' if exactly_once else 'NO'} "
              f"({len(stored_ids)} rows, {len(set(stored_ids))} distinct, {len(reported)} reported saved)")
        if latencies:
            print(f"click-to-feedback latency: median {statistics.median(latencies) * 1000:.0f} ms, "
                  f"p95 {pct(latencies, 0.95) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms "
                  f"(n={len(latencies)})")
        if refreshes:
            print(f"workshop view refresh during load: median {statistics.median(refreshes) * 1000:.0f} ms, "
                  f"p95 {pct(refreshes, 0.95) * 1000:.0f} ms (n={len(refreshes)}); after: "
                  f"{final[0] * 1000:.0f} ms for {len(stored_ids)} events, {final[1]} learners shown, "
                  f"{final[2]} missing")
        steps = sum(len(x.steps) for ls in cur.lessons_in_order() for x in cur.scenarios_for(ls.id, "practice"))
        per_learner = steps + len(cur.lessons)  # every practice decision once, one reflection per lesson
        print(f"log size: {table_bytes / 2**20:.1f} MiB for {n_rows} events ({table_bytes / max(n_rows, 1):.0f} "
              f"bytes per event with indexes); a learner answering each of the {steps} practice decisions once "
              f"and writing {len(cur.lessons)} reflections makes {per_learner} events: about "
              f"{per_learner * 1000 * table_bytes / max(n_rows, 1) / 2**20:.0f} MiB per 1,000 learners "
              "(retries add rows; reflections are longer than choices)")
        if mem_samples:
            rss = statistics.median(s[0] for s in mem_samples)
            pss = statistics.median(s[1] for s in mem_samples)
            server = statistics.median(s[2] for s in mem_samples)
            kernel = pss - server
            procs = statistics.median(s[3] for s in mem_samples)
            print(f"memory per learner (server + lesson kernel, {procs:.0f} processes, median of "
                  f"{len(mem_samples)}): RSS {rss / 2**20:.0f} MiB, PSS {pss / 2**20:.0f} MiB "
                  f"(server {server / 2**20:.0f} MiB, kernel {kernel / 2**20:.0f} MiB)")
            import psutil

            hub_pss = sum(tree_memory(p.pid)[2] for p in psutil.process_iter(["name", "cmdline"])
                          if p.info["cmdline"] and any("jupyterhub" == Path(a).name or
                                                       "configurable-http-proxy" in a for a in p.info["cmdline"][:2]))
            reserve = 2 * GIB
            fit = int((MACHINE_GIB * GIB - reserve) // pss)
            fit_two = int((MACHINE_GIB * GIB - reserve) // (server + 2 * kernel))
            print(f"hub + proxy PSS now: {hub_pss / 2**20:.0f} MiB; PostgreSQL and the system: 2 GiB reserved")
            print(f"largest cohort on a {MACHINE_GIB} GiB machine: {fit} learners with one open notebook each "
                  f"(({MACHINE_GIB} GiB - 2 GiB) / {pss / 2**20:.0f} MiB); about {fit_two} if each also keeps "
                  "an assignment kernel open")


if __name__ == "__main__":
    main()
