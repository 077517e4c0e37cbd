"""Benchmark: dashboard updates on the built-in scenario, through a live server on loopback.

Printed: one client's update times (p50 / p95 over `--updates` requests, every one a question not asked before,
so none is answered from the server's cache: the target is 0.3 s), and the endpoint under load (`--clients`
clients x `--each` requests at once: p50, p95, requests per second), once with every question new and once as
users toggling among the scenario's lever packages (repeated questions, answered from the cache). Baseline in the same run: the computation alone
(what-if plus the chart, written as SVG as the server writes it), in this process, without HTTP: the floor an update cannot beat. The browser test
measures the page's own update time too (`tests/web/test_browser.py`, printed with `-s`).

    python benchmarks/bench_dashboard.py [--updates 40] [--clients 20] [--each 50]
    python benchmarks/bench_dashboard.py --quick     # 10 updates, 5 clients x 10 requests

Ends with a summary: the update's p50 and the p95 under load against their targets (absolute: not gated), and
one client's update against the computation alone in this process (gated: HTTP and the server at most 3x the
floor at the median; the README's figures give about 1.1x).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import uvicorn
from rounds import Summary, load_average

import accord
from accord.model.situation import resolve_levers
from accord.present import quick_svg
from accord.present.whatif import what_if
from accord.web import create_app


def pct(xs: list[float], q: float) -> float:
    return sorted(xs)[min(len(xs) - 1, int(q * len(xs)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--updates", type=int, default=40)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--each", type=int, default=50)
    ap.add_argument("--quick", action="store_true", help="10 updates, 5 clients x 10 requests")
    ap.add_argument("--summary-json", help="also write the summary's ratios here (for benchmarks/gate.py)")
    opts = ap.parse_args()
    if opts.quick:
        opts.updates, opts.clients, opts.each = 10, 5, 10
    s = accord.load()
    packages = [lp.id for lp in s.lever_packages]
    bodies = [
        {
            "scenario": "ukraine-2025",
            "levers": list(resolve_levers(s, lp)),
            "hypotheses": [],
            "package": dict(s.packages[0].options),
        }
        for lp in packages
    ]
    fresh = iter(range(10**9))

    def new_question(k: int) -> dict:
        """A question not asked before: a lever package, held a different (tiny) number of months."""
        return bodies[k % len(bodies)] | {"months": next(fresh) * 1e-6}

    floor = []
    for k in range(opts.updates):
        b = bodies[k % len(bodies)]
        t = time.perf_counter()
        w = what_if(s, b["levers"], [], b["package"])
        quick_svg.frontier_panel(w.scenario, w.bargain, w.cloud, (w.bargain.deciders[0], w.bargain.deciders[1]))
        floor.append(time.perf_counter() - t)

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}/analyse"
    one = []
    with httpx.Client(timeout=60) as c:
        for k in range(opts.updates):
            t = time.perf_counter()
            c.post(url, json=new_question(k)).raise_for_status()
            one.append(time.perf_counter() - t)

    def load(new: bool) -> tuple[list[float], float]:
        def client(n: int) -> list[float]:
            out = []
            with httpx.Client(timeout=300) as c:
                for k in range(opts.each):
                    t = time.perf_counter()
                    c.post(url, json=new_question(n + k) if new else bodies[(n + k) % len(bodies)]).raise_for_status()
                    out.append(time.perf_counter() - t)
            return out

        t0 = time.perf_counter()
        with ThreadPoolExecutor(opts.clients) as pool:
            times = [x for xs in pool.map(client, range(opts.clients)) for x in xs]
        return times, time.perf_counter() - t0

    loaded_new, wall_new = load(True)
    loaded, wall = load(False)
    server.should_exit = True
    print(f"load average {load_average()} on {os.cpu_count()} cores")
    print(
        f"floor (what-if + chart, no HTTP)   p50 {statistics.median(floor) * 1e3:6.0f} ms   "
        f"p95 {pct(floor, 0.95) * 1e3:6.0f} ms"
    )
    print(
        f"one client, {opts.updates} updates            p50 {statistics.median(one) * 1e3:6.0f} ms   "
        f"p95 {pct(one, 0.95) * 1e3:6.0f} ms   target 300 ms   "
        f"{statistics.median(one) / statistics.median(floor):.2f}x the floor"
    )
    for name, xs, w in (("every question new", loaded_new, wall_new), ("toggling (repeated)", loaded, wall)):
        print(
            f"{opts.clients} x {opts.each} at once, {name:20s} p50 {statistics.median(xs) * 1e3:6.0f} ms   "
            f"p95 {pct(xs, 0.95) * 1e3:6.0f} ms   {len(xs) / w:.1f} requests/s"
        )
    summary = Summary("bench_dashboard")
    summary.add(
        "one client's update, p50 seconds (absolute)", statistics.median(one), 0.3, higher=False, gate=False, unit=" s"
    )
    summary.add(
        f"{opts.clients} clients at once, every question new, p95 seconds (absolute)",
        pct(loaded_new, 0.95),
        1.0,
        higher=False,
        gate=False,
        unit=" s",
    )
    summary.add(
        "one client's update / the computation alone (p50)",
        statistics.median(one) / statistics.median(floor),
        3.0,
        higher=False,
    )
    summary.print(opts.summary_json)


if __name__ == "__main__":
    main()
