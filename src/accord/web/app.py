"""The dashboard server: a page, an analysis endpoint and a scenario upload, all on loopback by default.

Security: requests that come from another origin (an `Origin` header naming another host,
or `Sec-Fetch-Site: cross-site`) are refused; uploads are capped at the scenario size
limit and parsed with the same safe loader as the CLI; the server reads no file the user
did not name (the one on the command line, or one uploaded through the page).
"""

from __future__ import annotations

import hashlib
import html
import json
import threading
from collections import OrderedDict
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel, Field

from accord.analyses.whatif import what_if
from accord.errors import AccordError, ScenarioError
from accord.model.situation import resolve_hypotheses, resolve_levers
from accord.present import figures, quick_svg
from accord.scenario.loader import MAX_BYTES, builtin_names, load, loads
from accord.scenario.paths import parameters
from accord.scenario.schema import Scenario

MAX_UPLOADS = 20

_env = Environment(
    loader=PackageLoader("accord", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


class Question(BaseModel):
    """What the page asks: a scenario key and the user's choices."""

    scenario: str
    levers: list[str] = []
    hypotheses: list[str] = []
    package: dict[str, str] = {}
    overrides: dict[str, float] = {}
    pair: list[str] = Field(default_factory=list, max_length=2)
    months: float = Field(0.0, ge=0.0, le=600.0, description="Months the levers have been held.")


LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")
ANSWERS = 256  # dashboard answers kept (toggling back to a choice is instant)


def create_app(scenario: str | Path | None = None, allow_hosts: tuple[str, ...] = ()) -> FastAPI:
    """The dashboard app, with the built-in scenarios and optionally one scenario file named by the user.

    Requests must name this machine in their `Host` header (or a host in `allow_hosts`): a page elsewhere that
    rebinds its own name to 127.0.0.1 (DNS rebinding) is refused, so it can never read the user's scenario.
    """
    hosts = {h.lower() for h in (*LOCAL_HOSTS, *allow_hosts)}
    app = FastAPI(title="Accord dashboard", docs_url=None, redoc_url=None, openapi_url=None)
    store: dict[str, Scenario] = {name: load(name) for name in builtin_names()}
    first = next(iter(store))
    if scenario is not None:
        s = load(scenario)
        key = f"file:{Path(str(scenario)).name}"
        store[key] = s
        first = key
    elif "ukraine-2025" in store:
        first = "ukraine-2025"

    app.add_middleware(BodyLimit, limit=MAX_BYTES + 64 * 1024)

    @app.middleware("http")
    async def same_origin_only(request: Request, call_next: Any) -> Response:
        origin = request.headers.get("origin")
        host = request.headers.get("host", "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if name.lower() not in hosts:
            return JSONResponse(
                {
                    "error": "this dashboard answers requests for this machine only (Host refused); "
                    "start it with --allow-host NAME to serve another name"
                },
                status_code=421,
            )
        if origin is not None and origin not in (f"http://{host}", f"https://{host}"):
            return JSONResponse({"error": "cross-origin requests are refused"}, status_code=403)
        if request.headers.get("sec-fetch-site") == "cross-site":
            return JSONResponse({"error": "cross-site requests are refused"}, status_code=403)
        size = request.headers.get("content-length")
        if size is not None and size.isdigit() and int(size) > MAX_BYTES + 64 * 1024:
            return JSONResponse({"error": f"request over {MAX_BYTES:,} bytes"}, status_code=413)
        return await call_next(request)

    @app.get("/", response_class=HTMLResponse)
    def page() -> str:
        return _env.get_template("dashboard.html.j2").render(
            scenarios=list(store), current=first, controls=controls_html(store[first], first)
        )

    @app.get("/controls", response_class=HTMLResponse)
    def controls(scenario: str) -> Response:
        if scenario not in store:
            return unknown(scenario)
        return HTMLResponse(controls_html(store[scenario], scenario))

    answers: OrderedDict[str, str] = OrderedDict()  # the same question gets the same answer (scenarios never change)
    lock = threading.Lock()

    @app.post("/analyse", response_class=HTMLResponse)
    def analyse(q: Question) -> Response:
        if q.scenario not in store:
            return unknown(q.scenario)
        key = q.model_dump_json()
        with lock:
            cached = answers.get(key)
            if cached is not None:
                answers.move_to_end(key)
        if cached is not None:
            return HTMLResponse(cached)
        s = store[q.scenario]
        try:
            w = what_if(s, q.levers, q.hypotheses, q.package or {}, q.overrides, months=q.months)
        except AccordError as exc:
            return HTMLResponse(
                _env.get_template("dashboard_error.html.j2").render(messages=[str(exc)]), status_code=400
            )
        deciders = list(w.bargain.deciders)
        pair = q.pair if len(q.pair) == 2 and all(p in deciders for p in q.pair) else deciders[:2]
        chart = quick_svg.frontier_panel(w.scenario, w.bargain, w.cloud, (pair[0], pair[1])) if len(pair) == 2 else ""
        from accord.analyses.frames import names_of

        page = _env.get_template("dashboard_results.html.j2").render(
            w=w,
            ev=w.evaluation,
            b=w.bargain,
            chart=chart,
            pair=pair,
            deciders=deciders,
            colours=figures.actor_colours(w.scenario),
            names=names_of(w.scenario),
            unit=f"{w.scenario.meta.cost_unit or 'cost units'}/month",
            option=lambda i, o: next((x.name or x.id for x in w.scenario.issue(i).options if x.id == o), o),
        )
        with lock:
            answers[key] = page
            while len(answers) > ANSWERS:
                answers.popitem(last=False)
        return HTMLResponse(page)

    computed: dict[tuple[str, str], str] = {}  # (scenario key, panel) -> HTML; scenarios are immutable once stored

    @app.get("/findings", response_class=HTMLResponse)
    def findings_panel(scenario: str) -> Response:
        """Which strategy works under whose theory, with the evidence and the value of information (computed once
        per scenario, with 200 sampled runs per strategy and theory)."""
        if scenario not in store:
            return unknown(scenario)
        if (scenario, "findings") not in computed:
            from accord.analyses.bundle import results
            from accord.present.evidence_view import verdict_line, voi_line

            s = store[scenario]
            f = results(s, samples=200, seed=0).findings  # the bundle `accord run --samples 200` shows
            computed[(scenario, "findings")] = _env.get_template("dashboard_findings.html.j2").render(
                f=f,
                unit=s.meta.cost_unit or "cost units",
                evidence=verdict_line(f.evidence, s).plain if f.evidence else "",
                voi=voi_line(f.voi, s).plain if f.voi else "",
            )
        return HTMLResponse(computed[(scenario, "findings")])

    @app.get("/stability", response_class=HTMLResponse)
    def stability_panel(scenario: str) -> Response:
        """The scenario's graph model: equilibria per concept and their reading for the deal."""
        if scenario not in store:
            return unknown(scenario)
        if (scenario, "stability") not in computed:
            s = store[scenario]
            if s.stability is None:
                body = "<p class='dim'>This scenario has no <code>stability:</code> section (a graph model).</p>"
            else:
                from accord.present.stability_view import deal_reading
                from accord.stability.analysis import run
                from accord.stability.graph import compile_model

                g = compile_model(s.stability)
                r = run(g, start=g.status_quo)
                body = _env.get_template("dashboard_stability.html.j2").render(
                    g=g, eq=r.equilibria(), reading=[t.plain for t in deal_reading(r)]
                )
            computed[(scenario, "stability")] = body
        return HTMLResponse(computed[(scenario, "stability")])

    @app.post("/forecast", response_class=HTMLResponse)
    def forecast_panel(q: Question) -> Response:
        """Where each ordered issue settles under the levers and hypotheses chosen (expected-utility forecast)."""
        if q.scenario not in store:
            return unknown(q.scenario)
        from accord.forecast import forecast

        s = store[q.scenario]
        try:
            results = forecast(s, None, q.levers or "none", q.hypotheses or "none")
        except AccordError as exc:
            return HTMLResponse(f"<p class='dim'>{html.escape(str(exc))}</p>")
        names = {i.id: i.name or i.id for i in s.issues}
        return HTMLResponse(_env.get_template("dashboard_forecast.html.j2").render(results=results, names=names))

    @app.post("/scenarios")
    async def upload(file: UploadFile) -> Response:
        data = await file.read(MAX_BYTES + 1)
        name = Path(file.filename or "upload.yaml").name
        if len(data) > MAX_BYTES:
            return _problems([f"{name}: file is over the {MAX_BYTES:,}-byte limit"], 413)
        try:
            s = await run_in_threadpool(loads, data.decode("utf-8"), name)  # parsing never stalls other requests
        except UnicodeDecodeError:
            return _problems([f"{name}: not UTF-8 text; save the file as UTF-8"], 422)
        except ScenarioError as exc:
            return _problems([str(p) for p in exc.problems], 422)
        key = f"upload:{name}:{hashlib.sha256(data).hexdigest()[:8]}"
        uploads = [k for k in store if k.startswith("upload:")]
        if len(uploads) >= MAX_UPLOADS:
            del store[uploads[0]]
        store[key] = s
        return JSONResponse({"key": key})

    @app.get("/static/app.js")
    def script() -> Response:
        js = (resources.files("accord.web") / "static" / "app.js").read_text(encoding="utf-8")
        return Response(js, media_type="text/javascript")

    return app


def unknown(scenario: str) -> Response:
    """The answer for a scenario key the server does not hold (the key echoed, escaped)."""
    return HTMLResponse(f"<p class='error'>unknown scenario {html.escape(repr(scenario))}</p>", status_code=404)


class _TooBig(Exception):
    pass


class BodyLimit:
    """Refuse a request body over `limit` bytes while it streams in, before it is buffered (a chunked body
    gives no length up front)."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        seen = 0
        tripped = False  # the body went over the limit: whatever the app answers, the answer is 413
        replied = False

        async def counted() -> dict:
            nonlocal seen, tripped
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    tripped = True
                    raise _TooBig
            return message

        async def refuse() -> None:
            nonlocal replied
            if not replied:
                replied = True
                body = json.dumps({"error": f"request over {self.limit:,} bytes"}).encode()
                await send(
                    {
                        "type": "http.response.start",
                        "status": 413,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})

        async def watched(message: dict) -> None:
            if tripped:
                await refuse()
                return
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooBig:
            pass
        if tripped:
            await refuse()


def _problems(messages: list[str], status: int) -> Response:
    html = _env.get_template("dashboard_error.html.j2").render(messages=messages)
    return JSONResponse({"error_html": html}, status_code=status)


def controls_html(s: Scenario, key: str) -> str:
    """The controls for one scenario: levers, hypotheses, package, assumed numbers."""
    baseline = set(resolve_levers(s, None))
    first_pkg = s.packages[0].id if s.packages else None
    package = {i.id: i.status_quo for i in s.issues}
    if first_pkg:
        package.update(next(p for p in s.packages if p.id == first_pkg).options)
    sets = {hs.id: list(resolve_hypotheses(s, hs.id)) for hs in s.hypothesis_sets}
    lever_sets = {lp.id: list(lp.levers) for lp in s.lever_packages}
    named = {p.id: {i.id: p.options.get(i.id, i.status_quo) for i in s.issues} for p in s.packages}
    return _env.get_template("dashboard_controls.html.j2").render(
        s=s,
        key=key,
        baseline=baseline,
        package=package,
        sets=sets,
        lever_sets=lever_sets,
        named=named,
        first_pkg=first_pkg,
        params=parameters(s),
    )
