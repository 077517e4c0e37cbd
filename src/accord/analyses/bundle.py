"""The results bundle: what `accord run` shows, computed once and rendered anywhere.

`results(scenario, samples=..., seed=...)` computes the findings (strategies ranked under every theory, with
the claims' check, the evidence and the value of information) and the overview (the zone of agreement, the
solutions and every named package under every lever package and theory, with the share of sampled scenarios
accepting each named package). The text of `accord run`, the HTML and PDF of `accord report` and the
dashboard only render such a bundle.

A bundle is identified by the scenario's content, the settings (samples), the seed, Accord's version and a
fingerprint of its code (`bundle_key`): with a run store it is stored once (`accord.runs`), and any later
command asking the same question reuses it; editing the scenario, or any setting, asks a new question.

The report needs more than `run` shows (exploration, leverage, sensitivity, simulations, stability and the
forecasts, at a sampling `Depth`): `report_parts` computes those, and they are kept in the bundle beside
the rest, so a second report from the same bundle computes nothing.

A stored bundle is a pickle, and unpickling runs code, so a bundle is read back only if it carries the
signature (HMAC-SHA256) of a key private to this user (`bundle.key` in Accord's cache folder, created on first
use, readable by its owner only): a store copied from someone else, or edited by hand, is never unpickled, and
its bundles are recomputed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import pickle
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from accord.analyses.findings import Findings, findings
from accord.analyses.frames import Table, Tabular
from accord.analyses.overview import Overview, overview
from accord.errors import AccordError
from accord.model.situation import situate, theories
from accord.scenario.schema import Scenario

Progress = Callable[[int, int], None]
FORMAT = 2  # the bundle's layout; a change makes every stored bundle a new question


@dataclass(frozen=True)
class Settings:
    """The question's settings besides the scenario: sampled runs per strategy and theory, and the seed."""

    samples: int = 500
    seed: int = 0


@dataclass(frozen=True)
class Depth:
    """How much sampling the report's uncertainty sections do (more: slower, steadier numbers)."""

    explore_samples: int = 5000
    leverage_samples: int = 500
    sobol_base: int = 512
    simulate_runs: int = 200
    months: int = 24


@dataclass
class ReportParts:
    """What the report shows beyond `accord run`: every part computed, none rendered."""

    explored: Any = None
    sensitivity: dict[str, list[Any]] | None = None
    leverage: Any = None
    leverage_error: str | None = None
    simulations: dict[str, Any] | None = None
    stability: Any = None  # (graph, report) of the scenario's graph model
    forecasts: list[Any] | None = None


@dataclass
class Results(Tabular):
    """One bundle: the findings and the overview of one scenario under one set of settings."""

    scenario: str
    key: str
    settings: Settings
    findings: Findings
    overview: Overview
    seconds: float
    parts: dict[Depth | None, ReportParts] = field(default_factory=dict)
    run: str | None = None  # the stored run it came from (None: not stored)
    reused: bool = False  # True when it was read from the store rather than computed now
    leverage: Any = None  # without `strategies`: the mediator's lever packages judged (`accord.analyses.leverage`)
    leverage_error: str | None = None  # why they could not be judged

    def _table(self) -> Table:
        """What `accord run` leads with: the findings' table (every strategy under every theory)."""
        return self.findings._table()

    def tables(self) -> list[Table]:
        """Everything `accord run` shows as a table: the findings, the claims, the zones and named packages under
        every lever package and theory, and (for a scenario without strategies) the lever packages ranked."""
        out = [self._table(), *self.findings.claims.tables(), *self.overview.tables()]
        if self.leverage is not None:
            out.append(self.leverage._table())
        return out


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A fingerprint of Accord's code: a bundle computed by other code (even at the same version) is not reused."""
    import accord

    h = hashlib.sha256()
    root = Path(accord.__file__).parent
    for f in sorted(root.rglob("*")):
        if f.suffix in (".py", ".yaml", ".j2") and "__pycache__" not in f.parts:
            h.update(str(f.relative_to(root)).encode() + f.read_bytes())
    return h.hexdigest()[:16]


def bundle_key(scenario: Scenario, settings: Settings) -> str:
    """The question a bundle answers: the scenario's content, the settings, the seed, Accord's version and code."""
    from accord import __version__
    from accord.runs import scenario_hash

    text = json.dumps(
        {
            "scenario": scenario_hash(scenario),
            "samples": settings.samples,
            "seed": settings.seed,
            "accord": __version__,
            "code": code_fingerprint(),
            "format": FORMAT,
        },
        sort_keys=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def compute(
    scenario: Scenario,
    settings: Settings = Settings(),
    progress: Progress | None = None,
    zones_progress: Progress | None = None,
) -> Results:
    """Compute a bundle (no store): the findings, then the overview with the named packages' shares."""
    t0 = time.perf_counter()
    found = findings(scenario, samples=settings.samples, seed=settings.seed, progress=progress)
    ov = overview(scenario, zones_progress, samples=settings.samples, seed=settings.seed)
    lev, why = courses_without_strategies(scenario, settings)
    return Results(
        scenario.meta.id,
        bundle_key(scenario, settings),
        settings,
        found,
        ov,
        time.perf_counter() - t0,
        leverage=lev,
        leverage_error=why,
    )


def courses_without_strategies(scenario: Scenario, settings: Settings) -> tuple[Any, str | None]:
    """For a scenario without `strategies`, its mediator's lever packages judged by `leverage` (the same samples
    and seed as the findings), from which `run`'s headline recommends one; or why they cannot be judged."""
    if scenario.strategies:
        return None, None
    if scenario.mediator is None or not any(lv.by == scenario.mediator for lv in scenario.levers):
        return None, (
            "the scenario has no `strategies`, and no `mediator` holding levers whose lever packages "
            "could be judged instead"
        )
    from accord.analyses.leverage import leverage

    try:
        return leverage(scenario, samples=settings.samples, seed=settings.seed, top=3), None
    except AccordError as exc:
        return None, f"the scenario has no `strategies`, and its lever packages cannot be judged: {exc}"


def results(
    scenario: Scenario,
    *,
    samples: int = 500,
    seed: int = 0,
    store: Any = None,
    progress: Progress | None = None,
    zones_progress: Progress | None = None,
    report: bool = False,
    depth: Depth | None = Depth(),
) -> Results:
    """The bundle for a scenario and settings: read from the run store when it holds the same question, else
    computed (and stored, with a `RunStore` or a store path). `Results.reused` says which. With `report`, the
    bundle also holds the report's parts at `depth` (computed if it lacks them, and stored back)."""
    settings = Settings(samples, seed)
    runs = _store(store)
    found = load(runs, scenario, settings) if runs is not None else None
    if found is not None:
        if report and depth not in found.parts:
            found.parts[depth] = report_parts(scenario, depth)
            save(runs, found)
        return found
    run_id = runs.start("run", scenario, {"samples": samples}, seed) if runs is not None else None
    try:
        r = with_parts(scenario, settings, depth) if report else compute(scenario, settings, progress, zones_progress)
    except BaseException as exc:
        if runs is not None and run_id:
            runs.fail(run_id, "failed" if isinstance(exc, Exception) else "interrupted", f"{type(exc).__name__}: {exc}")
        raise
    r.run = run_id
    if runs is not None:
        save(runs, r, summary=True)
    return r


def load(runs: Any, scenario: Scenario, settings: Settings) -> Results | None:
    """The stored bundle for this question, or None (none stored, or stored by other code and unreadable)."""
    got = runs.load_bundle(bundle_key(scenario, settings))
    if got is None:
        return None
    key = _signing_key()
    mac, blob = got[:32], got[32:]
    if key is None or not hmac.compare_digest(mac, hmac.new(key, blob, hashlib.sha256).digest()):
        return None  # not written by this user's Accord: never unpickled
    try:
        r = pickle.loads(blob)  # noqa: S301 - signed above with this user's private key
    except Exception:  # noqa: BLE001 - an unreadable bundle is recomputed, never trusted
        return None
    if not isinstance(r, Results) or r.key != bundle_key(scenario, settings):
        return None
    r.reused = True
    return r


def save(runs: Any, r: Results, summary: bool = False) -> None:
    """Store a bundle under its key (replacing one stored before); with `summary`, also finish its run."""
    key = _signing_key()
    if key is not None:  # without a private key nothing stored could be trusted later: the bundle is not kept
        blob = pickle.dumps(replace(r, reused=False), protocol=pickle.HIGHEST_PROTOCOL)
        runs.save_bundle(r.key, r.run, hmac.new(key, blob, hashlib.sha256).digest() + blob)
    if summary and r.run:
        best = [
            {"id": f"{t.best.strategy}@{t.theory}", "p_deal": t.best.p_deal}
            for t in r.findings.theories
            if t.best is not None
        ]
        runs.finish(r.run, {"bundle": r.key, "samples": r.settings.samples, "strategies": best}, {}, r.seconds)


def _signing_key() -> bytes | None:
    """This user's private key for signing stored bundles (created on first use, mode 0600), or None where it
    cannot be kept (no writable cache folder, or a key file that is not the user's own)."""
    from accord.scenario import cache

    root = cache.folder()
    if root is None:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        root = Path(base) / "accord" / "scenarios"
    path = root.parent / "bundle.key"
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(os.urandom(32))
        st = path.stat()
        if st.st_mode & 0o077 or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
            return None
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == 32 else None


def _store(store: Any) -> Any:
    if store is None:
        return None
    from accord.runs import RunStore

    return store if isinstance(store, RunStore) else RunStore(store)


# --- the report's parts --------------------------------------------------------------------------------------


def report_parts(scenario: Scenario, depth: Depth | None) -> ReportParts:
    """Leverage, exploration, sensitivity and simulation (at `depth`; none with `depth=None`), the scenario's
    graph model and its forecasts, where the scenario has what they need."""
    out = _sampled(scenario, depth) if depth is not None else ReportParts()
    out.stability = _stability(scenario)
    out.forecasts = _forecasts(scenario)
    return out


def _sampled(scenario: Scenario, depth: Depth) -> ReportParts:
    from accord.analyses.explore import explore
    from accord.analyses.leverage import leverage
    from accord.analyses.sensitivity import deal_sensitivity
    from accord.analyses.simulate import simulate
    from accord.scenario.paths import describe

    out = ReportParts()
    if scenario.uncertainties and scenario.lever_packages:
        explored = explore(scenario, depth.explore_samples, seed=0, workers=1, exact=10)
        out.explored = explored
        with_proposal = [s for s in explored.strategies if s.strategy.proposal is not None]
        best = sorted(with_proposal, key=lambda s: -s.p_deal)[:2]
        if best:
            out.sensitivity = {
                s.strategy.id: [
                    replace(i, group=describe(scenario, i.group), first=max(0.0, i.first))
                    for i in deal_sensitivity(scenario, s.strategy, depth.sobol_base, 0)
                ]
                for s in best
            }
    if scenario.mediator and any(lv.by == scenario.mediator for lv in scenario.levers):
        try:
            out.leverage = leverage(scenario, samples=depth.leverage_samples, top=5)
        except AccordError as exc:
            out.leverage_error = str(exc)
    if scenario.strategies:
        thy = [hs.id for hs in scenario.hypothesis_sets] or [None]
        out.simulations = {
            f"{st.id}@{th or 'none'}": simulate(
                scenario, st.id, th, months=depth.months, runs=depth.simulate_runs, seed=0
            )
            for th in thy
            for st in scenario.strategies
        }
    return out


def _stability(scenario: Scenario) -> Any:
    """The scenario's graph model (GMCR): equilibria per concept, coalitions, from the status quo."""
    if scenario.stability is None:
        return None
    from accord.stability.analysis import run
    from accord.stability.graph import compile_model

    g = compile_model(scenario.stability, ("stability",))
    return g, run(g, nonmyopic=True, coalitions=g.n <= 1024, start=g.status_quo)


def _forecasts(scenario: Scenario) -> list[Any] | None:
    """Expected-utility forecasts of the ordered issues under each lever package and matching theory."""
    from accord.forecast import conditions, forecast, ordered_issues

    if not ordered_issues(scenario) or not any(a.capability for a in scenario.actors):
        return None
    out: list[Any] = []
    for name, lv, th in conditions(scenario):
        out += forecast(scenario, None, lv, th, condition=name)
    return out


# --- the part of the report the user chooses ---------------------------------------------------------------


@dataclass(frozen=True)
class Focus:
    """The lever package and theory the report shows in detail."""

    levers: str
    theory: str
    chosen_by: str


def check_focus(
    lever_packages: list[str] | tuple[str, ...],
    theory_names: list[str] | tuple[str, ...],
    levers: str | None,
    theory: str | None,
) -> None:
    """Refuse a lever package or theory to detail that the scenario does not have (before anything is computed)."""
    lv = levers or lever_packages[0]
    th = theory or theory_names[-1]
    if lv not in lever_packages or th not in theory_names:
        raise AccordError(
            f"the report details a named lever package ({', '.join(lever_packages)}) "
            f"under a theory ({', '.join(theory_names)})"
        )


def focus_names(scenario: Scenario) -> tuple[list[str], list[str]]:
    """The lever packages and theories a report can detail (the overview's rows and columns, baseline first)."""
    lps = [lp.id for lp in scenario.lever_packages]
    if scenario.baseline_levers in lps:
        lps.remove(scenario.baseline_levers)
        lps.insert(0, scenario.baseline_levers)
    return lps or ["none"], [t for t, _ in theories(scenario)]


def choose_focus(ov: Overview, levers: str | None, theory: str | None) -> Focus:
    """The cell named by the user, or else the one with the largest zone under any author's theory."""
    if levers is not None or theory is not None:
        check_focus(ov.lever_packages, ov.theories, levers, theory)
        return Focus(levers or ov.lever_packages[0], theory or ov.theories[-1], "chosen by the user")
    ths = [t for t in ov.theories if t != "none"] or list(ov.theories)
    lv, th = max(((x, t) for t in ths for x in ov.lever_packages), key=lambda c: ov.cell(*c).bargain.zone)
    return Focus(lv, th, f"the lever package with the largest zone of agreement under any theory ('{th}')")


@dataclass(frozen=True)
class Detail:
    """The report's detailed view: the focus, its package cloud, and the faction weights in every cell."""

    focus: Focus
    spec: str | None
    cloud: Any
    weights: dict[tuple[str, str], dict[str, float]]


def detail(scenario: Scenario, ov: Overview, levers: str | None, theory: str | None) -> Detail:
    """The focus cell (named, or the largest zone), a sample of its packages for the charts, and the weights."""
    from accord.analyses.cloud import package_cloud

    focus = choose_focus(ov, levers, theory)
    specs = dict(theories(scenario))
    spec = specs[focus.theory]
    cloud = package_cloud(situate(scenario, focus.levers, spec), 2500, seed=0)
    weights = {(lv, th): situate(scenario, lv, hs).weights for lv in ov.lever_packages for th, hs in specs.items()}
    return Detail(focus, spec, cloud, weights)


def for_report(
    scenario: Scenario, depth: Depth | None = Depth(), bundle: Results | None = None, store: Any = None
) -> Results:
    """A bundle with the report's parts at `depth`: the one given (its parts computed if it lacks them, and
    stored back when a store is given), or a new one computed with the report's own settings (`depth`'s
    simulated runs, seed 0)."""
    if bundle is None:
        return with_parts(scenario, Settings(depth.simulate_runs if depth is not None else 0, 0), depth)
    if depth not in bundle.parts:
        bundle.parts[depth] = report_parts(scenario, depth)
        runs = _store(store)
        if runs is not None:
            save(runs, bundle)
    return bundle


def with_parts(scenario: Scenario, settings: Settings, depth: Depth | None) -> Results:
    """A new bundle with the report's parts. The findings (strategies played out under every theory) and the
    parts are independent: with two cores or more the bundle starts at once in a second process, the parts are
    computed meanwhile."""
    import os

    from accord.workers import pool as worker_pool

    pool = worker_pool(1) if (os.cpu_count() or 1) > 1 and depth is not None else None
    try:
        pending = pool.submit(compute, scenario, settings) if pool is not None else None
        parts = report_parts(scenario, depth)
        r = pending.result() if pending is not None else compute(scenario, settings)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    r.parts[depth] = parts
    return r
