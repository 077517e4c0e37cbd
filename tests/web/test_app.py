"""The dashboard's HTTP endpoints, without a browser."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from accord.scenario.loader import MAX_BYTES
from accord.web import create_app
from tests.conftest import TWO_BY_TWO


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app(), base_url="http://127.0.0.1:8765")


def ask(client, **kw):
    body = {"scenario": "ukraine-2025", "levers": [], "hypotheses": [], "package": {}} | kw
    return client.post("/analyse", json=body)


def test_page_has_controls(client):
    """The page lists the built-in scenario, its levers, hypotheses and issues."""
    r = client.get("/")
    assert r.status_code == 200
    for text in ('value="us_sanctions_relief"', 'name="hypothesis"', 'data-issue="territory"', 'id="param"'):
        assert text in r.text


def test_levers_change_the_answer(client):
    """Under Lieven's theory his levers open a zone of agreement that the observed levers do not."""
    import accord
    from accord.model.situation import resolve_levers

    s = accord.load()
    hyp = list(next(hs for hs in s.hypothesis_sets if hs.id == "lieven").hypotheses)
    observed = ask(client, levers=list(resolve_levers(s, "observed_2025")), hypotheses=hyp)
    lieven = ask(
        client,
        levers=list(resolve_levers(s, "lieven_levers_with_ultimatum")),
        hypotheses=hyp,
        package=s.packages[0].options,
    )
    assert observed.status_code == lieven.status_code == 200
    zone = accord.bargain(s, "lieven_levers_with_ultimatum", "lieven").zone
    assert zone > 0
    assert f"<b>{zone:,}</b>" in lieven.text and "<b>0</b>" in observed.text
    assert "accepted by every decider" in lieven.text


def test_override_moves_a_reservation(client):
    """An assumed number edited within its range changes the reservation value shown."""
    r = ask(client, overrides={"actors.ukraine_government.reservation.base": 0.65})
    # no US levers: 0.65 - monthly cost 0.012 * 12 + drift -0.004 * 12, plus the Coalition's support (its own
    # response, +0.03) = 0.488
    assert r.status_code == 200 and ">0.488<" in r.text


def test_override_out_of_range_is_explained(client):
    """An override outside the range gives a readable error, status 400."""
    r = ask(client, overrides={"actors.ukraine_government.reservation.base": 5.0})
    assert r.status_code == 400 and "outside its range" in r.text


def test_cross_origin_requests_are_refused(client):
    """Another origin cannot drive the server."""
    r = client.post("/analyse", json={"scenario": "ukraine-2025"}, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403
    r = client.get("/", headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403


def test_upload_valid_and_invalid(client):
    """A good file becomes a scenario; a bad one shows the CLI's located messages."""
    ok = client.post("/scenarios", files={"file": ("mine.yaml", TWO_BY_TWO.encode(), "application/x-yaml")})
    assert ok.status_code == 200
    key = ok.json()["key"]
    assert ask(client, scenario=key).status_code == 200
    bad = client.post("/scenarios", files={"file": ("bad.yaml", TWO_BY_TWO.replace("kind: stick", "kind: x").encode())})
    assert bad.status_code == 422
    assert (
        "bad.yaml:19:5: levers[0].kind: Input should be &#39;stick&#39;, &#39;carrot&#39; or &#39;signal&#39; (found &#39;x&#39;)"
        in bad.json()["error_html"]
    )


def test_upload_size_cap(client):
    """Uploads over the scenario size limit are refused."""
    big = b"#" * (MAX_BYTES + 100_000)
    r = client.post("/scenarios", files={"file": ("big.yaml", big)})
    assert r.status_code == 413


def test_unknown_scenario(client):
    """An unknown scenario key is a 404, not a crash."""
    assert ask(client, scenario="nope").status_code == 404


def test_months_held_move_the_answer(client):
    """Under Solodkyy's theory his levers open no zone at once, and one after months of sustained support."""
    import accord
    from accord.analyses.proposal import propose
    from accord.model.situation import resolve_hypotheses, resolve_levers

    s = accord.load()
    month = propose(s, "solodkyy_levers", "solodkyy").month
    levers = list(resolve_levers(s, "solodkyy_levers"))
    hyp = list(resolve_hypotheses(s, "solodkyy"))
    now = ask(client, levers=levers, hypotheses=hyp, months=0)
    later = ask(client, levers=levers, hypotheses=hyp, months=month)
    assert now.status_code == later.status_code == 200
    zone = accord.bargain(s, "solodkyy_levers", "solodkyy", months=month).zone
    assert month > 0 and zone > 0
    assert "<b>0</b>" in now.text and f"<b>{zone:,}</b>" in later.text
    assert ask(client, months=-1).status_code == 422


def test_foreign_host_is_refused_and_names_are_escaped(client):
    """DNS rebinding: a request naming another host is refused; a hostile scenario name comes back escaped."""
    foreign = client.get("/", headers={"host": "attacker.example:8765"})
    assert foreign.status_code == 421
    for host in ("127.0.0.1:8765", "localhost:8765", "[::1]:8765"):
        assert client.get("/", headers={"host": host}).status_code == 200
    evil = "<script>alert(1)</script>"
    for r in (client.get("/controls", params={"scenario": evil}), ask(client, scenario=evil)):
        assert r.status_code == 404 and evil not in r.text and "&lt;script&gt;" in r.text


def test_a_chunked_body_over_the_limit_is_refused_while_it_streams(client):
    """No Content-Length to check up front: the body is counted as it arrives and refused past the limit."""
    from accord.scenario.loader import MAX_BYTES

    def chunks():
        block = b"x" * (1 << 20)
        for _ in range(MAX_BYTES // len(block) + 3):
            yield block

    r = client.post("/scenarios", content=chunks(), headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert r.status_code == 413 and "bytes" in r.json()["error"]
