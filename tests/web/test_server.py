"""The dashboard through a live server on loopback (the `live_server` fixture): a hostile upload does not stall
other users, and many users at once get answers, not errors."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx

import accord
from accord.model.situation import resolve_levers


def test_a_deeply_nested_upload_is_refused_and_stalls_no_one(live_server: str) -> None:
    """A 3 KB upload nested 1,500 deep gets a located refusal; while it is parsed, another user's page loads (the
    upload is parsed off the event loop, with the same depth limit as the CLI)."""
    url = live_server
    nested = ("a: " + "[" * 1500 + "]" * 1500 + "\n").encode()
    result: dict[str, httpx.Response] = {}

    def upload() -> None:
        with httpx.Client(timeout=60) as c:
            result["upload"] = c.post(f"{url}/scenarios", files={"file": ("deep.yaml", nested)})

    t = threading.Thread(target=upload)
    t.start()
    with httpx.Client(timeout=60) as c:
        page = c.get(f"{url}/")
    t.join(timeout=60)
    assert page.status_code == 200
    r = result["upload"]
    assert r.status_code == 422
    assert "deep.yaml" in r.json()["error_html"] and "nested deeper than" in r.json()["error_html"]


def test_twenty_users_at_once_get_answers_not_errors(live_server: str) -> None:
    """20 clients x 10 analysis requests at once, every question new: every answer is a 200 with the results.
    (How fast is the benchmark's business: `benchmarks/bench_dashboard.py`.)"""
    url = live_server
    s = accord.load()
    bodies = [
        {
            "scenario": "ukraine-2025",
            "levers": list(resolve_levers(s, lp.id)),
            "hypotheses": [],
            "package": dict(s.packages[0].options),
        }
        for lp in s.lever_packages
    ]

    def client(n: int) -> list[int]:
        codes = []
        with httpx.Client(timeout=120) as c:
            for k in range(10):
                body = bodies[(n + k) % len(bodies)] | {"months": (n * 10 + k) * 1e-6}
                r = c.post(f"{url}/analyse", json=body)
                codes.append(r.status_code if "<svg" in r.text else -1)
        return codes

    with ThreadPoolExecutor(20) as pool:
        codes = [x for xs in pool.map(client, range(20)) for x in xs]
    assert codes == [200] * 200
